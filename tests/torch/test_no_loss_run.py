"""A run of a network without a loss (the API refuses to queue one: `job.no_loss`; a job
from before, or `netcanvas train`, still gets here) fails with a coded reason that the job
answers word again in Japanese (`netcanvas.messages.REASONS`)."""

from __future__ import annotations

from pathlib import Path

from netcanvas import samples
from netcanvas.messages import reason_in, render
from netcanvas.training_config import TrainingConfig
from worker.run import run_training


def test_a_run_without_a_loss_fails_with_a_reason_worded_in_japanese(tmp_path: Path) -> None:
    graph = samples.load("xor_mlp")
    graph["nodes"] = [n for n in graph["nodes"] if n["id"] != "loss"]
    graph["edges"] = [e for e in graph["edges"] if e["target"] != "loss"]
    result = run_training(graph, "xor", TrainingConfig(epochs=1), tmp_path)
    assert (result.status, result.reason) == ("failed", render("dataset.no_loss"))
    assert reason_in(result.reason, "ja") == "ネットワークに学習に使う損失ノードがありません"
