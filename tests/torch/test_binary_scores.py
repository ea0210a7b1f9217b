"""A two-class evaluation keeps each validation sample's label and positive-class probability
(`worker/evaluation.py binary_scores`), bounded, so the job page can move the threshold."""

from __future__ import annotations

import torch

from netcanvas.reports import Evaluation
from worker.evaluation import BINARY_KEPT, classification_report


def test_two_classes_keep_labels_and_positive_probabilities() -> None:
    labels = torch.tensor([0, 1, 0, 1])
    scores = torch.tensor([[0.9, 0.1], [0.3, 0.7], [0.55555, 0.44445], [0.8, 0.2]])
    report = classification_report(labels, scores, ["ok", "fraud"])
    assert report["binary"] == {
        "positive_class": "fraud",
        "labels": [0, 1, 0, 1],
        "probabilities": [0.1, 0.7, 0.4444, 0.2],
        "total": 4,
    }
    parsed = Evaluation.model_validate(report)
    assert parsed.binary is not None and parsed.binary.model_extra == {}


def test_binary_samples_are_bounded_and_spread_over_the_split() -> None:
    n = BINARY_KEPT + 1000
    labels = (torch.arange(n) >= n - 100).long()  # the positives are the last 100
    scores = torch.stack([1 - labels.float(), labels.float()], dim=1)
    binary = classification_report(labels, scores, ["0", "1"])["binary"]
    assert len(binary["labels"]) == len(binary["probabilities"]) == BINARY_KEPT
    assert binary["total"] == n
    assert binary["labels"][0] == 0 and binary["labels"][-1] == 1  # both ends kept


def test_more_than_two_classes_have_no_binary_section() -> None:
    labels, scores = torch.tensor([0, 1, 2]), torch.eye(3)
    assert "binary" not in classification_report(labels, scores, ["a", "b", "c"])
