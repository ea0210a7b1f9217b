"""The decision boundary over the plane (`worker/boundary.py`) on a hand-checked case.

A Linear layer with weights [[1, -1], [-1, 1]] and no bias gives the logits x0 - x1 and
x1 - x0: class 0 where x0 > x1, class 1 where x1 > x0, the boundary the line x0 = x1. On the
4×4 grid over [-1, 1]² the cell centres are -0.75, -0.25, 0.25 and 0.75 on each axis; row r
(x1) and column c (x0) differ by 0.5 · |r - c|, and softmax of (d, -d) gives the predicted
class the probability sigmoid(2d): sigmoid(1) = 0.7311 → 186 of 255, sigmoid(2) = 0.8808 →
225, sigmoid(3) = 0.9526 → 243; on the diagonal the two classes tie at 0.5 → 128.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
import torch

from netcanvas import samples
from netcanvas.events import JOB_EVENT, BoundaryEvent
from netcanvas.graph import load_graph
from netcanvas.training_config import TrainingConfig
from tests.graphs import chain
from worker.boundary import GRID, Boundary, cell_centres, evaluate_grid, extent_of
from worker.boundary_store import LatestBoundary
from worker.compiler import GraphNetwork, compile_graph
from worker.datasets.base import Dataset
from worker.run import run_training
from worker.targets import plan_targets

CONFIDENCE = {1: 186, 2: 225, 3: 243}  # by |row - column|, from the docstring


def diagonal_network() -> GraphNetwork:
    graph = chain(
        ("x", "Input", {"shape": [2]}),
        ("fc", "Linear", {"out_features": 2}),
        ("loss", "CrossEntropyLoss"),
    )
    network = compile_graph(load_graph(graph))
    fc = network.get_submodule("fc")
    assert isinstance(fc, torch.nn.Linear)
    with torch.no_grad():
        fc.weight.copy_(torch.tensor([[1.0, -1.0], [-1.0, 1.0]]))
        fc.bias.zero_()
    return network


def points_dataset(
    x: torch.Tensor,
    y: torch.Tensor,
    x_mean: torch.Tensor | None = None,
    x_std: torch.Tensor | None = None,
) -> Dataset:
    return Dataset(
        "t", "classification", x, y, x[:0], y[:0], ["a", "b"], x_mean=x_mean, x_std=x_std
    )


def test_hand_checked_boundary_is_the_diagonal() -> None:
    network = diagonal_network()
    plan = plan_targets(network, points_dataset(torch.zeros(4, 2), torch.tensor([0, 1, 0, 1])))
    grid = cell_centres([-1.0, 1.0, -1.0, 1.0], 4)
    assert grid[:4].tolist() == [[-0.75, -0.75], [-0.25, -0.75], [0.25, -0.75], [0.75, -0.75]]
    predicted, confidence = evaluate_grid(network, plan, grid, torch.device("cpu"))
    for r in range(4):
        for c in range(4):
            cell = r * 4 + c
            if r == c:
                assert confidence[cell] == 128  # a tie on the line itself
            else:
                assert predicted[cell] == (1 if r > c else 0), (r, c)
                assert confidence[cell] == CONFIDENCE[abs(r - c)], (r, c)
    assert network.training  # its mode is given back


def test_standardised_inputs_are_drawn_in_the_data_units() -> None:
    """The network sees (x - mean) / std: with mean (1, 0) its boundary x0 = x1 lies on
    x0 - 1 = x1 in the data's units."""
    network = diagonal_network()
    plan = plan_targets(network, points_dataset(torch.zeros(4, 2), torch.tensor([0, 1, 0, 1])))
    scaling = (torch.tensor([1.0, 0.0]), torch.tensor([1.0, 1.0]))
    grid = torch.tensor([[1.5, 0.0], [0.5, 0.0]])  # right of x0 - 1 = x1, then left of it
    predicted, _ = evaluate_grid(network, plan, grid, torch.device("cpu"), scaling)
    assert list(predicted) == [0, 1]


def test_extent_has_a_margin_and_points_come_back_in_data_units() -> None:
    assert extent_of(torch.tensor([[0.0, 0.0], [2.0, 1.0]])) == pytest.approx(
        [-0.2, 2.2, -0.1, 1.1]
    )
    assert extent_of(torch.tensor([[3.0, 1.0], [3.0, 2.0]]))[:2] == [2.5, 3.5]  # one value
    mean, std = torch.tensor([10.0, -5.0]), torch.tensor([2.0, 4.0])
    raw = torch.tensor([[10.0, -5.0], [12.0, 3.0]])
    dataset = points_dataset((raw - mean) / std, torch.tensor([0, 1]), x_mean=mean, x_std=std)
    boundary = Boundary(diagonal_network(), dataset, plan_targets(diagonal_network(), dataset),
                        torch.device("cpu"))  # fmt: skip
    event = boundary.after_epoch(1, 1)
    assert event is not None and event["standardised"] is True
    assert event["points"] == [[10.0, -5.0, 0], [12.0, 3.0, 1]]
    assert event["extent"] == pytest.approx([9.8, 12.2, -5.8, 3.8])


def boundaries_of(graph: dict[str, Any], dataset: str, tmp_path: Path) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    config = TrainingConfig(epochs=3, batch_size=64, lr=0.05)
    run_training(graph, dataset, config, tmp_path, emit=events.append, defer_exports=True)
    return events


def test_a_run_sends_boundaries_after_epochs_with_the_points_once(tmp_path: Path) -> None:
    events = boundaries_of(samples.load("perceptron"), "xor", tmp_path)
    kinds = [e["type"] for e in events]
    sent = [JOB_EVENT.validate_python(e) for e in events if e["type"] == "boundary"]
    assert sent and all(isinstance(e, BoundaryEvent) for e in sent)
    assert kinds.index("boundary") == kinds.index("epoch") + 1  # after its epoch's summary
    assert sent[-1].epoch == 3  # the last epoch always has one
    first = sent[0]
    assert first.points is not None and 0 < len(first.points) <= 500
    assert all(e.points is None for e in sent[1:])
    assert first.size == GRID and first.class_names == ["0", "1"]
    assert len(base64.b64decode(first.predicted)) == GRID * GRID
    assert set(base64.b64decode(first.confidence)) <= set(range(127, 256))  # 2 classes: p ≥ 0.5
    x0_min, x0_max, x1_min, x1_max = first.extent
    assert all(x0_min < p[0] < x0_max and x1_min < p[1] < x1_max for p in first.points)


def test_no_boundary_for_inputs_that_are_not_points(tmp_path: Path) -> None:
    iris = chain(
        ("x", "Input", {"shape": [4]}), ("fc", "Linear", {"out_features": 3}),
        ("loss", "CrossEntropyLoss"),
    )  # fmt: skip
    assert not [e for e in boundaries_of(iris, "iris", tmp_path) if e["type"] == "boundary"]


def test_the_stored_latest_boundary_keeps_the_points(tmp_path: Path) -> None:
    store = LatestBoundary(tmp_path / "artifacts" / "7")
    first = {"type": "boundary", "epoch": 1, "size": 1, "extent": [0, 1, 0, 1],
             "class_names": ["a"], "predicted": "AA==", "confidence": "/w==",
             "points": [[0.5, 0.5, 0]]}  # fmt: skip
    store.write(first)
    path = store.write({**first, "epoch": 2, "points": None})
    stored = BoundaryEvent.model_validate(json.loads(path.read_text()))
    assert stored.epoch == 2 and stored.points == [[0.5, 0.5, 0]]
