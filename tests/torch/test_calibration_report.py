"""The likelihood graph and the reliability diagram (`worker/calibration.py`) on a hand-checked
case, and in a run's evaluation (validation and test split, event and evaluation.json).

Ten rows of three classes, top-class likelihood and whether the answer is right:

    0.95 right, 0.92 right  -> bin 9: 2 right, 0 wrong, accuracy 1,   confidence 0.935
    0.85 right, 0.82 wrong  -> bin 8: 1 right, 1 wrong, accuracy 0.5, confidence 0.835
    0.75 wrong              -> bin 7: 0 right, 1 wrong, accuracy 0,   confidence 0.75
    0.65 right, 0.62 wrong  -> bin 6: 1 right, 1 wrong, accuracy 0.5, confidence 0.635
    0.55 right              -> bin 5: accuracy 1, confidence 0.55
    0.45 wrong              -> bin 4: accuracy 0, confidence 0.45
    0.35 right              -> bin 3: accuracy 1, confidence 0.35; bins 0-2 empty

ECE = (1·0.65 + 1·0.45 + 1·0.45 + 2·0.135 + 1·0.75 + 2·0.335 + 2·0.065) / 10 = 3.37 / 10.
Answering only at likelihood >= t: t <= 0.3 answers all 10 (6 right), 0.4 answers 9 (5 right),
0.5: 8 (5), 0.6: 7 (4), 0.7: 5 (3), 0.8: 4 (3), 0.9: 2 (2).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import torch

from netcanvas import samples
from netcanvas.artifacts import EVALUATION
from netcanvas.reports import Evaluation
from netcanvas.training_config import TrainingConfig
from worker.calibration import calibration_report, probability_source
from worker.datasets import TestSplit
from worker.evaluation import classification_report
from worker.run import run_training
from worker.targets import TargetPlan

SCORES = torch.tensor(
    [
        [0.95, 0.03, 0.02],
        [0.92, 0.05, 0.03],
        [0.05, 0.85, 0.10],
        [0.08, 0.82, 0.10],
        [0.75, 0.15, 0.10],
        [0.20, 0.15, 0.65],
        [0.62, 0.30, 0.08],
        [0.25, 0.55, 0.20],
        [0.45, 0.35, 0.20],
        [0.35, 0.33, 0.32],
    ]
)
LABELS = torch.tensor([0, 0, 1, 2, 1, 2, 1, 1, 1, 0])


def test_hand_checked_bins_ece_and_thresholds() -> None:
    report = calibration_report(LABELS, SCORES)
    bins = report["bins"]
    assert [(b["lo"], b["hi"]) for b in bins][::9] == [(0.0, 0.1), (0.9, 1.0)]
    assert [b["right"] for b in bins] == [0, 0, 0, 1, 0, 1, 1, 0, 1, 2]
    assert [b["wrong"] for b in bins] == [0, 0, 0, 0, 1, 0, 1, 1, 1, 0]
    assert [b["accuracy"] for b in bins] == [None, None, None, 1, 0, 1, 0.5, 0, 0.5, 1]
    expected = [None, None, None, 0.35, 0.45, 0.55, 0.635, 0.75, 0.835, 0.935]
    assert [b["confidence"] for b in bins] == pytest.approx(expected)
    assert report["ece"] == pytest.approx(0.337)
    thresholds = report["thresholds"]
    assert [t["threshold"] for t in thresholds] == pytest.approx([k / 10 for k in range(10)])
    assert [t["answered"] for t in thresholds] == [10, 10, 10, 10, 9, 8, 7, 5, 4, 2]
    accuracy = [0.6, 0.6, 0.6, 0.6, 5 / 9, 5 / 8, 4 / 7, 3 / 5, 3 / 4, 1]
    assert [t["accuracy"] for t in thresholds] == pytest.approx(accuracy)
    coverage = [1, 1, 1, 1, 0.9, 0.8, 0.7, 0.5, 0.4, 0.2]
    assert [t["coverage"] for t in thresholds] == pytest.approx(coverage)
    assert (report["total"], report["source"]) == (10, "softmax")


def test_two_classes_a_tie_at_one_half_and_certainty_in_the_last_bin() -> None:
    scores = torch.tensor([[0.5, 0.5], [0.0, 1.0]])
    report = calibration_report(torch.tensor([0, 1]), scores, "sigmoid")
    assert [b["right"] + b["wrong"] for b in report["bins"]] == [0] * 5 + [1, 0, 0, 0, 1]
    assert report["ece"] == pytest.approx(0.25)  # (1·|1 - 0.5| + 1·|1 - 1|) / 2
    assert report["source"] == "sigmoid"


def test_the_source_of_the_probabilities_follows_the_loss() -> None:
    logits = torch.tensor([[2.0, -1.0], [0.5, 0.1]])
    softmaxed = torch.softmax(logits, dim=1)
    index = TargetPlan("index", "classification", 2)
    one_hot = TargetPlan("one_hot", "classification", 2)
    binary = TargetPlan("binary", "classification", 2)
    assert probability_source(index, "CrossEntropyLoss", logits) == "softmax"
    assert probability_source(one_hot, "MSELoss", softmaxed) == "outputs"
    assert probability_source(one_hot, "MSELoss", logits) == "softmax"
    assert probability_source(binary, "BCEWithLogitsLoss", logits[:, :1]) == "sigmoid"
    assert probability_source(binary, "BCELoss", softmaxed[:, :1]) == "outputs"


def test_the_classification_report_carries_it_as_the_api_serves_it() -> None:
    report = classification_report(LABELS, SCORES, ["a", "b", "c"], "outputs")
    served = Evaluation.model_validate(report).calibration
    assert served is not None and served.ece == pytest.approx(0.337)
    assert served.source == "outputs" and served.bins[0].accuracy is None


def test_a_run_reports_it_for_validation_and_test(tmp_path: Path) -> None:
    emitted: list[dict[str, Any]] = []
    result = run_training(
        samples.load("xor_mlp"), "xor", TrainingConfig(seed=0, epochs=1, batch_size=16),
        tmp_path, test=TestSplit(fraction=0.2, seed=5), emit=emitted.append, defer_exports=True,
    )  # fmt: skip
    assert result.status == "succeeded", result.reason
    (evaluation,) = [e for e in emitted if e["type"] == "evaluation"]
    for report in (evaluation, evaluation["test"]):
        calibration = report["calibration"]
        counted = sum(b["right"] + b["wrong"] for b in calibration["bins"])
        assert counted == calibration["total"] == report["predictions_total"]
        right = sum(b["right"] for b in calibration["bins"])
        assert right / counted == pytest.approx(report["accuracy"])
        assert 0 <= calibration["ece"] <= 1 and calibration["source"] == "softmax"
    kept = json.loads((tmp_path / EVALUATION).read_text())
    assert kept["calibration"] == evaluation["calibration"]  # evaluation.json keeps it
