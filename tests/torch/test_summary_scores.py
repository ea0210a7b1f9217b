"""A classifier's run summary carries precision, recall and F1 (`worker.split_evaluation
.headline_scores`): of the positive class with two classes, macro averages with more; the
test split's too, as `test_*`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from netcanvas import samples
from netcanvas.training_config import TrainingConfig
from worker.run import run_training
from worker.split_evaluation import headline_scores

SCORES = ("precision", "recall", "f1")


def _run(tmp_path: Path, name: str, **config: Any) -> tuple[dict[str, float], dict[str, Any]]:
    emitted: list[dict[str, Any]] = []
    settings = TrainingConfig(seed=0, epochs=2, batch_size=16, **config)
    result = run_training(samples.load(name), samples.DATASETS[name], settings, tmp_path,
                          emit=emitted.append, defer_exports=True)  # fmt: skip
    assert result.status == "succeeded", result.reason
    (evaluation,) = [e for e in emitted if e["type"] == "evaluation"]
    return dict(result.summary), evaluation


def test_a_binary_run_summary_scores_the_positive_class(tmp_path: Path) -> None:
    summary, evaluation = _run(tmp_path, "imbalanced_mlp", test_fraction=0.2)
    positive = evaluation["per_class"][1]  # class 1, the rare one
    assert {f"val_{k}": summary[f"val_{k}"] for k in SCORES} == {
        f"val_{k}": positive[k] for k in SCORES
    }
    tested = evaluation["test"]["per_class"][1]
    assert {k: summary[f"test_{k}"] for k in SCORES} == {k: tested[k] for k in SCORES}


def test_a_multi_class_run_summary_gives_macro_averages(tmp_path: Path) -> None:
    summary, evaluation = _run(tmp_path, "activation_relu")  # spiral: three classes
    assert len(evaluation["class_names"]) == 3
    macro = evaluation["macro_avg"]
    assert {k: summary[f"val_{k}"] for k in SCORES} == {k: macro[k] for k in SCORES}


def test_headline_scores_of_a_report() -> None:
    macro = {"precision": 0.5, "recall": 0.25, "f1": 0.3, "support": 9}
    three = {"task": "classification", "per_class": [{}, {}, {}], "macro_avg": macro}
    assert headline_scores(three) == {"precision": 0.5, "recall": 0.25, "f1": 0.3}
    positive = {"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 2}
    two = {"task": "classification", "per_class": [{}, positive], "macro_avg": macro}
    assert headline_scores(two) == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3)}
    assert headline_scores({"task": "regression", "mse": 1.0}) == {}
    assert headline_scores(None) == {}
