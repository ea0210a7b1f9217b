"""How a dataset meets a network: the fit check before training, and targets for the loss.

A classification dataset can train with CrossEntropyLoss (class indices), with
a squared-error loss on one-hot targets (the classic comparison of squared
error and cross-entropy), or with BCE on a single output for two classes.
Anything that cannot work is refused before training, naming both shapes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import torch
from torch.nn import functional as F

from netcanvas.layers import LAYERS
from netcanvas.layers.base import fmt

from .compiler import GraphNetwork
from .datasets.base import Dataset, DatasetError

# The catalogue says which target each loss compares with.
REGRESSION_LOSSES = tuple(t for t, layer in LAYERS.items() if layer.target_kind == "values")
BINARY_LOSSES = tuple(t for t, layer in LAYERS.items() if layer.target_kind == "binary")

TargetKind = Literal["index", "one_hot", "binary", "values", "input"]


@dataclass(frozen=True)
class TargetPlan:
    """What the loss compares with, and how to read predictions back as classes."""

    kind: TargetKind
    task: Literal["classification", "regression", "autoencoder"]
    num_classes: int = 0


def plan_targets(network: GraphNetwork, dataset: Dataset) -> TargetPlan:
    """Check that the dataset fits the network; raise `DatasetError` naming both sides."""
    _check_inputs(network, dataset)
    loss, out = network.loss_type, tuple(network.output_shape)
    if loss is None:
        raise DatasetError("the network has no loss node to train with")
    if network.loss_target == "input":
        return TargetPlan("input", "autoencoder")
    if dataset.task == "regression":
        if loss not in REGRESSION_LOSSES:
            raise DatasetError(
                f"{loss} needs class labels, but dataset '{dataset.name}' has numeric targets "
                f"{fmt(dataset.target_shape)}: use {_either(REGRESSION_LOSSES)}"
            )
        if out != dataset.target_shape:
            raise DatasetError(
                f"the output of '{network.output_id}' is {fmt(out)} but dataset "
                f"'{dataset.name}' has targets {fmt(dataset.target_shape)}"
            )
        return TargetPlan("values", "regression")
    return _classification_plan(network, dataset, loss, out)


def _either(names: tuple[str, ...]) -> str:
    """("MSELoss", "L1Loss", "HuberLoss") → "MSELoss, L1Loss or HuberLoss"."""
    return " or ".join(filter(None, [", ".join(names[:-1]), names[-1]]))


def _applies_sigmoid(loss: str | None) -> bool:
    return loss is not None and "Sigmoid" in LAYERS[loss].applies


def _check_inputs(network: GraphNetwork, dataset: Dataset) -> None:
    if len(network.input_ids) != 1:
        raise DatasetError(
            f"the network has {len(network.input_ids)} Input nodes; datasets feed one"
        )
    expected, node = tuple(network.input_shapes[0]), network.input_ids[0]
    if expected != dataset.sample_shape:
        raise DatasetError(
            f"dataset '{dataset.name}' gives samples {fmt(dataset.sample_shape)} but Input "
            f"'{node}' expects {fmt(expected)}"
        )


def _classification_plan(
    network: GraphNetwork, dataset: Dataset, loss: str, out: tuple[int, ...]
) -> TargetPlan:
    classes, name = dataset.num_classes, dataset.name
    where = f"the output of '{network.output_id}' is {fmt(out)}"
    if LAYERS[loss].target_kind == "class_index":
        if len(out) != 1 or out[0] < classes:
            raise DatasetError(
                f"{where} but dataset '{name}' has {classes} classes: "
                f"{loss} needs an output [{classes}]"
            )
        return TargetPlan("index", "classification", classes)
    if loss in BINARY_LOSSES and out == (1,) and classes == 2:
        return TargetPlan("binary", "classification", classes)
    if out == (classes,):
        return TargetPlan("one_hot", "classification", classes)
    raise DatasetError(
        f"{where} but dataset '{name}' has {classes} classes: {loss} needs an output "
        f"[{classes}] (one-hot targets)" + (" or [1] for two classes" if classes == 2 else "")
    )


def make_targets(plan: TargetPlan, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """The whole split's targets, converted once, for the loss."""
    if plan.kind == "input":
        return x.float()
    if plan.kind == "one_hot":
        return F.one_hot(y, plan.num_classes).float()  # (N, C)
    if plan.kind == "binary":
        return y.float().unsqueeze(1)  # (N, 1)
    return y


def class_scores(plan: TargetPlan, loss: str | None, output: torch.Tensor) -> torch.Tensor:
    """Per-class probabilities (N, C) from what the loss saw (logits or probabilities)."""
    if plan.kind == "binary":
        positive = torch.sigmoid(output) if _applies_sigmoid(loss) else output
        positive = positive.float().clamp(0, 1)
        return torch.cat([1 - positive, positive], dim=1)
    output = output.float()
    if loss in BINARY_LOSSES:
        return torch.sigmoid(output) if _applies_sigmoid(loss) else output
    if (loss is None or LAYERS[loss].target_kind != "class_index") and _is_distribution(output):
        return output  # squared error on one-hot targets after a Softmax: already probabilities
    return torch.softmax(output, dim=1)


def _is_distribution(output: torch.Tensor) -> bool:
    sums = output.sum(dim=1)
    return bool((output >= 0).all() and torch.allclose(sums, torch.ones_like(sums), atol=1e-3))
