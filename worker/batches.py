"""Run a trained network over many samples, one batch at a time, in evaluation mode.

`predict_batches` is what inference over a dataset (`worker/inference.py`) uses, and
what evaluating a job on a test split can share: it takes the samples as the dataset
gives them (a tensor of the network's Input shape, in the dataset's own units), applies
what the job's training applied (`worker.predict.standardise`, token ids made integers)
and yields, per batch, the task's answer: class probabilities, output values or each
sample's reconstruction error. Only one batch's activations exist at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import torch

from netcanvas.targets import BINARY_LOSSES

from .compiler import GraphNetwork
from .evaluation import reconstruction_errors
from .predict import PredictError, input_shape, standardise
from .targets import TargetPlan, class_scores


@dataclass(frozen=True)
class Batch:
    """One batch's answer. start: the first sample's position; values: (n, C) class
    probabilities, (n, w) flattened outputs, or (n,) reconstruction errors."""

    start: int
    values: torch.Tensor


def task_of(evaluation: dict[str, Any]) -> str:
    task = str(evaluation.get("task") or "regression")
    return task if task in ("classification", "regression", "autoencoder") else "regression"


def check_samples(network: GraphNetwork, x: torch.Tensor) -> None:
    """`PredictError` naming both shapes when the samples are not the Input's shape."""
    shape = input_shape(network)
    if tuple(x.shape[1:]) != shape:
        raise PredictError(
            f"the dataset's samples have shape {list(x.shape[1:])}, "
            f"this network's Input takes {list(shape)}"
        )


def prepared(network: GraphNetwork, evaluation: dict[str, Any], x: torch.Tensor) -> torch.Tensor:
    """The batch as the network trained on it: images in 0..1, tabular features
    standardised, token ids as integers."""
    node = network.input_ids[0]
    if node in network.token_vocab:
        return x.long().clamp(0, network.token_vocab[node] - 1)
    if x.dtype == torch.uint8:  # images, scaled to 0..1 as training scaled them
        return x.float().div_(255.0)
    return standardise(x.float(), evaluation)


@torch.no_grad()
def predict_batches(
    network: GraphNetwork, evaluation: dict[str, Any], x: torch.Tensor, batch_size: int
) -> Iterator[Batch]:
    """The network's answer for `x` (N, *Input shape), `batch_size` samples at a time."""
    check_samples(network, x)
    network.eval()
    task = task_of(evaluation)
    plan = _plan(network, evaluation) if task == "classification" else None
    for start in range(0, len(x), batch_size):
        batch = prepared(network, evaluation, x[start : start + batch_size])
        if plan is not None:
            output = network.training_output(batch)
            yield Batch(start, class_scores(plan, network.loss_type, output).cpu())
        elif task == "autoencoder":
            yield Batch(start, reconstruction_errors(batch, network(batch)))
        else:
            output = network(batch).float().cpu()
            yield Batch(start, output.reshape(len(output), -1))


def _plan(network: GraphNetwork, evaluation: dict[str, Any]) -> TargetPlan:
    classes = len(evaluation.get("class_names") or [])
    binary = network.loss_type in BINARY_LOSSES and tuple(network.output_shape) == (1,)
    return TargetPlan("binary" if binary else "index", "classification", classes)
