"""Per-layer weight and gradient figures (`worker/layer_stats.py`): checked against what
PyTorch's autograd and `torch.histc` give on a tiny hand-built network; their bounds; that
the epoch event carries them (and metrics.csv leaves them out); and the lesson they are
for: a deep Sigmoid network's first layer gets a far smaller gradient than a ReLU one's.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import torch

from netcanvas import samples
from netcanvas.events import EpochEvent
from netcanvas.graph import load_graph
from netcanvas.training_config import TrainingConfig
from worker.compiler import compile_graph
from worker.datasets import load_dataset
from worker.export import write_metrics_csv
from worker.layer_stats import BINS, MAX_LAYERS, carries, layer_stats
from worker.targets import plan_targets
from worker.training import train

TINY = {
    "format": "netcanvas/graph@1",
    "nodes": [
        {"id": "x", "type": "Input", "params": {"shape": [3]}},
        {"id": "fc1", "type": "Linear", "params": {"out_features": 4}},
        {"id": "act", "type": "Sigmoid"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 2}},
        {"id": "loss", "type": "CrossEntropyLoss"},
    ],
    "edges": [
        {"source": "x", "target": "fc1"},
        {"source": "fc1", "target": "act"},
        {"source": "act", "target": "fc2"},
        {"source": "fc2", "target": "loss"},
    ],
}


def flat(tensors: Sequence[torch.Tensor]) -> torch.Tensor:
    return torch.cat([t.detach().reshape(-1) for t in tensors])


def assert_histogram(hist: dict[str, Any], values: torch.Tensor) -> None:
    lo, hi = float(values.min()), float(values.max())
    assert hist["lo"] == pytest.approx(lo) and hist["hi"] == pytest.approx(hi)
    expected = torch.histc(values, bins=BINS, min=lo, max=hi)
    assert hist["counts"] == [int(c) for c in expected]
    assert sum(hist["counts"]) == values.numel()


def test_norms_and_histograms_match_autograd_on_a_tiny_network() -> None:
    torch.manual_seed(3)
    network = compile_graph(load_graph(TINY))
    x, y = torch.randn(5, 3), torch.tensor([0, 1, 1, 0, 1])
    loss = network.loss(network.training_output(x), y)
    fc1 = list(network.get_submodule("fc1").parameters())
    fc2 = list(network.get_submodule("fc2").parameters())
    expected = torch.autograd.grad(loss, fc1 + fc2, retain_graph=True)  # (w1, b1, w2, b2)
    network.fc1.requires_grad_(False)  # frozen after the graph was built: no grad kept
    loss.backward()  # type: ignore[no-untyped-call]

    stats = layer_stats(network)

    assert list(stats) == ["fc1", "fc2"]  # weighted nodes only, in the graph's order
    grad2 = flat(expected[2:])  # 4·2 weights + 2 biases
    assert grad2.numel() == 10
    assert stats["fc2"]["grad_norm"] == pytest.approx(float(grad2.norm()), rel=1e-6)
    assert_histogram(stats["fc2"]["grad_hist"], grad2)
    weights2 = flat(fc2)
    assert stats["fc2"]["weight_norm"] == pytest.approx(float(weights2.norm()), rel=1e-6)
    assert_histogram(stats["fc2"]["weight_hist"], weights2)
    assert stats["fc1"]["weight_norm"] == pytest.approx(float(flat(fc1).norm()), rel=1e-6)
    assert "grad_norm" not in stats["fc1"] and "grad_hist" not in stats["fc1"]  # frozen
    assert layer_stats(network, histograms=False)["fc2"].keys() == {"weight_norm", "grad_norm"}
    # The event takes them, and metrics.csv keeps its plain columns only.
    event = EpochEvent(epoch=1, train_loss=loss.item(), layers=stats)
    assert (
        event.metrics()["layers"]["fc2"]["grad_hist"]["counts"]
        == stats["fc2"]["grad_hist"]["counts"]
    )


def test_metrics_csv_leaves_the_layers_out(tmp_path: Path) -> None:
    row = {"epoch": 1, "train_loss": 0.5, "layers": {"fc": {"weight_norm": 1.0}}}
    path = write_metrics_csv([row], tmp_path / "metrics.csv")
    with path.open(encoding="utf-8") as file:
        assert list(csv.DictReader(file)) == [{"epoch": "1", "train_loss": "0.5"}]


def test_long_runs_carry_the_figures_on_a_bounded_number_of_epochs() -> None:
    assert all(carries(e, 30, 50) for e in range(1, 31))
    chosen = [e for e in range(1, 10_001) if carries(e, 10_000, 50)]
    assert chosen[0] == 1 and chosen[-1] == 10_000 and len(chosen) <= 51
    assert MAX_LAYERS == 64


def first_to_last(sample: str) -> list[float]:
    """The first hidden layer's gradient norm over the output layer's, after an epoch (about
    5e-8 with Sigmoid, 0.25 with ReLU here)."""
    torch.manual_seed(0)
    network = compile_graph(load_graph(samples.load(sample)))
    data = load_dataset("spiral")
    lesson = samples.lesson(sample)
    config = TrainingConfig.model_validate({**lesson.config, "epochs": 1, "device": "cpu"})
    outcome = train(network, data, config, plan_targets(network, data))
    assert outcome.status == "succeeded", outcome.reason
    return [row["layers"]["fc1"]["grad_norm"] / row["layers"]["out"]["grad_norm"]
            for row in outcome.history]  # fmt: skip


def test_a_deep_sigmoid_networks_first_layer_gets_a_far_smaller_gradient_than_relus() -> None:
    sigmoid, relu = first_to_last("activation_sigmoid"), first_to_last("activation_relu")
    for s, r in zip(sigmoid, relu, strict=True):
        assert s < 0.01 * r, (sigmoid, relu)
