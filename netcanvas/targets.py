"""Whether a network's loss can train on a dataset's targets: one rule for the API and the worker.

A classification dataset trains with CrossEntropyLoss on class indices (an output [C]),
with a squared-error loss on one-hot targets ([C], the classic comparison of squared
error and cross-entropy), or with BCE on one output [1] for two classes. A regression
dataset needs a regression loss whose output has the targets' shape. `target: input`
(autoencoders) compares with the input, which validation checks already.

`fit_problem` answers the message (code, params) of the first reason it cannot, or None.
The API calls it before queueing a job (422 naming the loss node); the worker before training.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .layers import LAYERS
from .layers.base import fmt
from .messages import message

Problem = tuple[str, dict[str, Any]]

REGRESSION_LOSSES = tuple(t for t, layer in LAYERS.items() if layer.target_kind == "values")
BINARY_LOSSES = tuple(t for t, layer in LAYERS.items() if layer.target_kind == "binary")


@dataclass(frozen=True)
class Targets:
    """What a dataset's targets are, as far as the loss cares."""

    dataset: str
    task: Literal["classification", "regression"]
    num_classes: int = 0
    shape: tuple[int, ...] = ()  # regression targets per sample
    # More class-label target variables than `y` (`y2`, ...) and their class counts
    # (docs/GRAPH_UNITS_AND_NETWORKS.md section 2; netcanvas/heads.py reads them).
    more_classes: tuple[tuple[str, int], ...] = ()
    # Every input variable and its sample shape (`x`, then `x2`, ...; several Inputs), or
    # empty when only `x` is known, whose shape the caller checks itself.
    inputs: tuple[tuple[str, tuple[int, ...]], ...] = ()


@dataclass(frozen=True)
class LossEnd:
    """The end of a network: its loss node and what flows into it."""

    loss_node: str
    loss_type: str
    target: str  # "label" or "input"
    output_node: str
    output_shape: tuple[int, ...]


def fit_problem(end: LossEnd, targets: Targets) -> Problem | None:
    """Why `end` cannot train on `targets` (a message code and params), or None when it can."""
    if end.target == "input" or LAYERS[end.loss_type].target_kind == "none":
        return None  # the input, or no data at all (KLDivergenceLoss): any dataset fits
    where = {
        "loss": end.loss_node,
        "loss_type": end.loss_type,
        "output": end.output_node,
        "output_shape": fmt(end.output_shape),
        "dataset": targets.dataset,
    }
    if targets.task == "regression":
        if end.loss_type not in REGRESSION_LOSSES:
            losses = [message("kind.other", name=name) for name in REGRESSION_LOSSES]
            return "target.needs_labels", {
                **where,
                "shape": fmt(targets.shape),
                "losses": losses,
            }
        if end.output_shape != targets.shape:
            return "target.values_shape", {**where, "shape": fmt(targets.shape)}
        return None
    classes = targets.num_classes
    out = end.output_shape
    if LAYERS[end.loss_type].target_kind == "class_index":
        if len(out) != 1 or out[0] < classes:
            return "target.class_scores", {**where, "classes": classes}
        return None
    if end.loss_type in BINARY_LOSSES and out == (1,) and classes == 2:
        return None
    if out == (classes,):
        return None
    if end.loss_type in BINARY_LOSSES and classes == 2:
        return "target.one_hot_two", {**where, "classes": classes}
    if out == (1,):  # squared or absolute error: the targets are one-hot rows, one per class
        return "target.one_hot_single", {**where, "classes": classes}
    return "target.one_hot", {**where, "classes": classes}
