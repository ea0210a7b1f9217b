"""The GPU fast path on a real GPU: what `test_capture.py` cannot check on a CPU.

Skipped where there is no CUDA device (this project's usual machines). On a GPU:
`.venv/bin/pytest tests/torch/test_capture_cuda.py` checks that `torch.cuda.graph`
captures the engine's step for each optimizer family, with and without bf16 autocast,
that the captured run trains as the eager one does (within the GPU's float
tolerance), that a capture that fails for real (a sync inside the step) leaves the run
eager and healthy and says why, and that a resumed run captures again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

from netcanvas import samples
from netcanvas.graph import load_graph
from netcanvas.training_config import TrainingConfig
from worker import capture
from worker.compiler import GraphNetwork, compile_graph
from worker.datasets import load_dataset
from worker.targets import plan_targets
from worker.training import Outcome, train

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")


def fit(
    sample: str,
    dataset: str,
    *,
    captured: bool,
    monkeypatch: pytest.MonkeyPatch,
    **config: Any,
) -> tuple[Outcome, GraphNetwork, list[dict[str, Any]]]:
    monkeypatch.setattr(capture, "wants_capture", lambda device: captured)
    torch.manual_seed(0)
    network = compile_graph(load_graph(samples.load(sample)))
    data = load_dataset(dataset)
    events: list[dict[str, Any]] = []
    settings = {"epochs": 3, "batch_size": 32, "schedule": "cosine", "device": "cuda"} | config
    plan = plan_targets(network, data)
    outcome = train(network, data, TrainingConfig(**settings), plan, emit=events.append)
    return outcome, network, [e for e in events if e["type"] == "log"]


def assert_close(a: Outcome, b: Outcome, rel: float) -> None:
    assert a.status == b.status == "succeeded", b.reason
    for row_a, row_b in zip(a.history, b.history, strict=True):
        for key in ("train_loss", "val_loss"):
            assert row_b[key] == pytest.approx(row_a[key], rel=rel), key


@pytest.mark.parametrize(
    ("sample", "dataset", "optimizer", "mixed", "rel"),
    [
        ("digits_cnn", "digits", "adam", False, 1e-3),
        ("digits_cnn", "digits", "adam", True, 3e-2),
        ("xor_mlp", "xor", "momentum", False, 1e-3),
        ("xor_mlp", "xor", "sgd", False, 1e-3),
        ("xor_mlp", "xor", "rmsprop", False, 1e-3),
        ("lstm_sine", "sine", "adamw", False, 1e-3),
    ],
)
def test_the_step_is_captured_and_trains_as_the_eager_step(
    sample: str,
    dataset: str,
    optimizer: str,
    mixed: bool,
    rel: float,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = {"optimizer": optimizer, "mixed_precision": mixed}
    eager, _, eager_logs = fit(sample, dataset, captured=False, monkeypatch=monkeypatch, **config)
    fast, _, logs = fit(sample, dataset, captured=True, monkeypatch=monkeypatch, **config)
    assert eager_logs == []
    assert [line["code"] for line in logs] == ["log.captured"], logs
    assert_close(eager, fast, rel)


def test_a_capture_that_fails_for_real_leaves_the_run_eager_and_healthy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A value read back to the host inside the step is refused while capturing."""
    eager, _, _ = fit("digits_cnn", "digits", captured=False, monkeypatch=monkeypatch)
    loss = GraphNetwork.loss

    def syncing(self: GraphNetwork, output: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        value = loss(self, output, target)
        float(value)  # sync point: on purpose, what a capture cannot hold
        return value

    monkeypatch.setattr(GraphNetwork, "loss", syncing)
    fell_back, _, logs = fit("digits_cnn", "digits", captured=True, monkeypatch=monkeypatch)
    assert [line["code"] for line in logs] == ["log.capture_fallback"], logs
    assert logs[0]["params"]["reason"]["code"] == "capture.error"
    assert torch.cuda.current_stream() == torch.cuda.default_stream()
    assert_close(eager, fell_back, 1e-3)


def test_a_resumed_run_captures_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(capture, "wants_capture", lambda device: True)
    path, data = tmp_path / "checkpoint.pt", load_dataset("digits")
    config = TrainingConfig(epochs=3, batch_size=32, device="cuda")
    events: list[dict[str, Any]] = []

    def run(should_stop: Any) -> Outcome:
        torch.manual_seed(0)
        network = compile_graph(load_graph(samples.load("digits_cnn")))
        plan = plan_targets(network, data)
        return train(network, data, config, plan, emit=events.append, should_stop=should_stop,
                     checkpoint=path)  # fmt: skip

    first = run(lambda: any(e["type"] == "epoch" for e in events))  # stops in epoch 2
    assert first.status == "cancelled"
    events.clear()
    resumed = run(lambda: False)
    assert resumed.status == "succeeded", resumed.reason
    assert [e["code"] for e in events if e["type"] == "log"] == ["log.resumed", "log.captured"]
