"""The decision boundary of a classifier of 2-D inputs, evaluated over the plane after epochs.

After an epoch the trainer asks `Boundary.after_epoch`; for a classification run whose input
is `[2]` it evaluates a `GRID`×`GRID` grid of cell centres spanning the training points'
range with a margin, in evaluation mode and without gradients, on the training device (in
chunks of `EVAL_BATCH` rows, one copy to the host), and returns a `boundary` event
(`netcanvas.events.BoundaryEvent`): each cell's predicted class and its probability as uint8,
base64. The grid is laid out in the data's own units: an upload's standardisation (the
network sees `(x - mean) / std`) is applied to the cell centres before the forward pass and
the training points are mapped back, so the picture's axes are the CSV's numbers.

Cost stays bounded whatever the run: nothing at all for other inputs or tasks; at most one
event per `INTERVAL_S` and about `MAX_EVENTS` in a whole run (the last epoch always has
one), and the training points (at most `MAX_POINTS`, spread over the training split) only in
the run's first event, so a long run's stream stays small.
"""

from __future__ import annotations

import base64
import time
from typing import Any

import torch

from netcanvas.events import BoundaryEvent

from .compiler import GraphNetwork
from .datasets.base import Dataset
from .evaluation import kept_indices
from .split_evaluation import EVAL_BATCH
from .targets import TargetPlan, class_scores

GRID = 64
MAX_POINTS = 500
MARGIN = 0.1  # of each axis's range, on both sides: the points do not touch the edges
INTERVAL_S = 0.3
MAX_EVENTS = 200
MAX_CLASSES = 255  # a class index is one byte


def extent_of(points: torch.Tensor) -> list[float]:
    """[x0_min, x0_max, x1_min, x1_max] around the points (N, 2), with `MARGIN` on each side;
    an axis on which every point has one value gets a unit range around it."""
    low, high = points.min(dim=0).values, points.max(dim=0).values
    edges: list[float] = []
    for lo, hi in zip(low.tolist(), high.tolist(), strict=True):
        pad = (hi - lo) * MARGIN if hi > lo else 0.5
        edges += [lo - pad, hi + pad]
    return edges


def cell_centres(extent: list[float], size: int) -> torch.Tensor:
    """The grid's cell centres (size², 2), row-major: row 0 at the lowest x1, column 0 at the
    lowest x0."""
    x0_min, x0_max, x1_min, x1_max = extent
    x0 = x0_min + (torch.arange(size, dtype=torch.float64) + 0.5) * (x0_max - x0_min) / size
    x1 = x1_min + (torch.arange(size, dtype=torch.float64) + 0.5) * (x1_max - x1_min) / size
    rows, columns = torch.meshgrid(x1, x0, indexing="ij")  # (size, size) each
    return torch.stack([columns.reshape(-1), rows.reshape(-1)], dim=1).float()


@torch.no_grad()
def evaluate_grid(
    network: GraphNetwork,
    plan: TargetPlan,
    grid: torch.Tensor,
    device: torch.device,
    scaling: tuple[torch.Tensor, torch.Tensor] | None = None,
) -> tuple[bytes, bytes]:
    """Each point's predicted class and its probability × 255 (uint8 bytes, in order), the
    network in evaluation mode (its mode is restored); `scaling` (mean, std) is what the
    network's inputs were standardised with."""
    inputs = grid.to(device)
    if scaling is not None:
        inputs = (inputs - scaling[0].to(device)) / scaling[1].to(device)
    was_training = network.training
    network.eval()
    scores = []
    for start in range(0, len(inputs), EVAL_BATCH):
        output = network.training_output(inputs[start : start + EVAL_BATCH])  # (B, out)
        scores.append(class_scores(plan, network.loss_type, output))  # (B, C)
    network.train(was_training)
    probability, predicted = torch.cat(scores).max(dim=1)
    encoded = torch.stack([predicted.clamp(0, MAX_CLASSES), (probability * 255).round()])
    host = encoded.to(torch.uint8).cpu()  # one copy to the host
    return host[0].numpy().tobytes(), host[1].numpy().tobytes()


def training_points(dataset: Dataset) -> list[list[float]]:
    """At most `MAX_POINTS` training points spread over the split, [x0, x1, class] each, in
    the data's own units."""
    keep = kept_indices(len(dataset.x_train), MAX_POINTS)
    x = raw_units(dataset, dataset.x_train[keep].float())
    labels = dataset.y_train[keep].tolist()
    rows = zip(x.tolist(), labels, strict=True)
    return [[round(a, 4), round(b, 4), int(c)] for (a, b), c in rows]


def raw_units(dataset: Dataset, x: torch.Tensor) -> torch.Tensor:
    """Inputs as they were in the file: an upload's standardisation undone."""
    if dataset.x_mean is None or dataset.x_std is None:
        return x
    return x * dataset.x_std + dataset.x_mean


def wanted(network: GraphNetwork, dataset: Dataset, plan: TargetPlan) -> bool:
    """Whether the run draws a boundary: a classifier of 2-D numeric inputs."""
    if len(network.input_ids) != 1:  # several Inputs: no plane of one input to draw
        return False
    tokens = network.input_ids[0] in network.token_vocab
    classes = 1 < dataset.num_classes <= MAX_CLASSES
    return plan.task == "classification" and dataset.sample_shape == (2,) and classes and not tokens


class Boundary:
    """One run's boundary: where the grid lies, and when the next event is due."""

    def __init__(
        self, network: GraphNetwork, dataset: Dataset, plan: TargetPlan, device: torch.device
    ) -> None:
        self.network, self.plan, self.device = network, plan, device
        self.names = list(dataset.class_names)
        self.points: list[list[float]] | None = training_points(dataset)
        self.extent = extent_of(raw_units(dataset, dataset.x_train.float()))
        self.grid = cell_centres(self.extent, GRID)
        self.scaling = None
        if dataset.x_mean is not None and dataset.x_std is not None:
            self.scaling = (dataset.x_mean.float(), dataset.x_std.float())
        self.due = 0.0  # monotonic time of the next event at the soonest
        self.sent_epoch = 0

    @classmethod
    def plan_for(
        cls, network: GraphNetwork, dataset: Dataset, plan: TargetPlan, device: torch.device
    ) -> Boundary | None:
        return cls(network, dataset, plan, device) if wanted(network, dataset, plan) else None

    def after_epoch(self, epoch: int, epochs: int, stopped: bool = False) -> dict[str, Any] | None:
        """The `boundary` event after `epoch` of `epochs`, or None when it is not due; the
        last epoch (or one after which early stopping ends the run) always has one."""
        spacing = max(1, epochs // MAX_EVENTS)
        last = epoch >= epochs or stopped
        if not last and (time.monotonic() < self.due or epoch - self.sent_epoch < spacing):
            return None
        predicted, confidence = evaluate_grid(
            self.network, self.plan, self.grid, self.device, self.scaling
        )
        event = BoundaryEvent(
            epoch=epoch,
            size=GRID,
            extent=self.extent,
            class_names=self.names,
            predicted=base64.b64encode(predicted).decode("ascii"),
            confidence=base64.b64encode(confidence).decode("ascii"),
            standardised=self.scaling is not None,
            points=self.points,
        )
        self.points = None  # sent once: the stored latest boundary keeps them
        self.due, self.sent_epoch = time.monotonic() + INTERVAL_S, epoch
        return event.wire()
