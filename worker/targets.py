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
from netcanvas.targets import BINARY_LOSSES, LossEnd, Targets, fit_problem

from .compiler import GraphNetwork
from .datasets.base import Dataset, DatasetError

TargetKind = Literal["index", "one_hot", "binary", "values", "input", "none"]


@dataclass(frozen=True)
class TargetPlan:
    """What the loss compares with, and how to read predictions back as classes."""

    kind: TargetKind
    task: Literal["classification", "regression", "autoencoder", "none"]  # none: no target
    num_classes: int = 0


def plan_targets(network: GraphNetwork, dataset: Dataset) -> TargetPlan:
    """Check that the dataset fits the network; raise `DatasetError` naming both sides.

    The rule is `netcanvas.targets.fit_problem`, the one the API checks before queueing.
    """
    _check_inputs(network, dataset)
    if network.several_heads:  # several heads: each checked, the primary's plan here
        from .heads import plan_heads

        return plan_heads(network, dataset)[0].plan
    loss, out = network.loss_type, tuple(network.output_shape)
    if loss is None or network.loss_id is None or network.output_id is None:
        raise DatasetError.of("dataset.no_loss")
    if network.loss_target == "input":
        return TargetPlan("input", "autoencoder")
    end = LossEnd(network.loss_id, loss, network.loss_target, network.output_id, out)
    problem = fit_problem(end, targets_of(dataset))
    if problem is not None:
        code, params = problem
        raise DatasetError.of(code, **params)
    if dataset.task == "regression":
        return TargetPlan("values", "regression")
    classes = dataset.num_classes
    if LAYERS[loss].target_kind == "class_index":
        return TargetPlan("index", "classification", classes)
    if loss in BINARY_LOSSES and out == (1,) and classes == 2:
        return TargetPlan("binary", "classification", classes)
    return TargetPlan("one_hot", "classification", classes)


def targets_of(dataset: Dataset) -> Targets:
    return Targets(dataset.name, dataset.task, dataset.num_classes, dataset.target_shape)


def _applies_sigmoid(loss: str | None) -> bool:
    return loss is not None and "Sigmoid" in LAYERS[loss].applies


def _check_inputs(network: GraphNetwork, dataset: Dataset) -> None:
    """Each Input's variable is in the dataset with the Input's shape (worker/inputs.py)."""
    from .inputs import check_inputs

    check_inputs(network, dataset)


def make_targets(plan: TargetPlan, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """The whole split's targets, converted once, for the loss."""
    if plan.kind == "input":
        return x.float()
    if plan.kind == "none":  # a loss with no target (KLDivergenceLoss): a placeholder per row
        return torch.zeros(len(x))
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
