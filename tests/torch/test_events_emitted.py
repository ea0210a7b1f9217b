"""Every event a real training run emits is a `JobEvent`, stamped with `ts`, `finished` last."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from netcanvas import samples
from netcanvas.events import JOB_EVENT, finished_event
from netcanvas.training_config import TrainingConfig
from worker.run import run_training


def run(name: str, tmp_path: Path, graph: Any = None, **config: Any) -> list[dict[str, Any]]:
    emitted: list[dict[str, Any]] = []
    run_training(
        samples.load(name) if graph is None else graph,
        samples.DATASETS[name],
        TrainingConfig(seed=0, **config),
        tmp_path,
        emit=emitted.append,
    )
    return emitted


@pytest.mark.parametrize("name", ["xor_mlp", "lstm_sine"])
def test_every_emitted_event_validates_and_carries_ts(name: str, tmp_path: Path) -> None:
    before = time.time()
    emitted = run(name, tmp_path, epochs=2, batch_size=8)
    after = time.time()
    kinds = [event["type"] for event in emitted]
    for event in emitted:
        model = JOB_EVENT.validate_python(event)
        assert model.wire() == event  # nothing the worker sends is dropped or added on replay
        assert before <= event["ts"] <= after
    stamps = [event["ts"] for event in emitted]
    assert stamps == sorted(stamps)
    assert {"started", "metrics", "progress", "epoch", "evaluation", "artifact"} <= set(kinds)
    assert kinds[-1] == "finished" and kinds.count("finished") == 1
    assert set(emitted[-1]) == set(finished_event("succeeded", ""))
    epochs = [event for event in emitted if event["type"] == "epoch"]
    metric = "val_mse" if name == "lstm_sine" else "val_accuracy"
    assert all(metric in event for event in epochs)  # the task's own metrics survive


def test_a_failed_run_finishes_with_the_same_shape(tmp_path: Path) -> None:
    emitted = run("xor_mlp", tmp_path, graph={"format": "netcanvas/graph@1", "nodes": []})
    (finished,) = emitted
    assert JOB_EVENT.validate_python(finished).type == "finished"
    assert finished["status"] == "failed" and finished["seconds"] is not None
    assert set(finished) == set(finished_event("failed", "lost"))
