"""Inference with a finished job's saved weights: `graph.json` + `model.safetensors`.

Nothing is unpickled: the graph is compiled again and the weights are read
with safetensors. Classification answers class probabilities (and the most
likely class); regression and autoencoders answer the output values.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file

from netcanvas.graph import load_graph

from .compiler import GraphNetwork, compile_graph
from .targets import BINARY_LOSSES, TargetPlan, class_scores


class PredictError(ValueError):
    """The inputs do not fit the network, or the job has no weights."""


def load_network(folder: Path) -> tuple[GraphNetwork, dict[str, Any]]:
    """The trained network in eval mode, and its evaluation (task and class names)."""
    weights, graph_file = folder / "model.safetensors", folder / "graph.json"
    if not weights.is_file() or not graph_file.is_file():
        raise PredictError("this job has no saved weights")
    network = compile_graph(load_graph(json.loads(graph_file.read_text())))
    network.load_state_dict(load_file(str(weights)))
    evaluation_file = folder / "evaluation.json"
    evaluation = json.loads(evaluation_file.read_text()) if evaluation_file.is_file() else {}
    return network.eval(), evaluation


def as_tensor(network: GraphNetwork, inputs: list[Any]) -> torch.Tensor:
    """A batch of samples, checked against the Input's shape."""
    if len(network.input_ids) != 1:
        raise PredictError("prediction takes networks with one Input")
    node, shape = network.input_ids[0], tuple(network.input_shapes[0])
    try:
        tensor = torch.tensor(inputs, dtype=torch.float32)
    except (TypeError, ValueError) as error:
        raise PredictError(f"the inputs are not a numeric array: {error}") from None
    if tuple(tensor.shape) == shape:
        tensor = tensor.unsqueeze(0)
    if tuple(tensor.shape[1:]) != shape:
        raise PredictError(
            f"each sample must have shape {list(shape)}, got {list(tensor.shape)} for the batch"
        )
    if node in network.token_vocab:
        tensor = tensor.long().clamp(0, network.token_vocab[node] - 1)
    return tensor


@torch.no_grad()
def predict(folder: Path, inputs: list[Any]) -> dict[str, Any]:
    """Probabilities per class, or values, for each sample in `inputs`."""
    network, evaluation = load_network(folder)
    x = as_tensor(network, inputs)  # (N, *input shape)
    if evaluation.get("task") != "classification":
        return {"task": evaluation.get("task", "regression"), "values": network(x).tolist()}
    names = list(evaluation.get("class_names", []))
    output = network.training_output(x)
    binary = network.loss_type in BINARY_LOSSES and tuple(network.output_shape) == (1,)
    plan = TargetPlan("binary" if binary else "index", "classification", len(names))
    scores = class_scores(plan, network.loss_type, output)  # (N, C)
    best = scores.argmax(dim=1).tolist()
    return {
        "task": "classification",
        "class_names": names,
        "probabilities": scores.tolist(),
        "predicted": [names[i] if i < len(names) else str(i) for i in best],
    }
