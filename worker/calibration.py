"""How far a classifier's probabilities can be trusted: NNC's likelihood graph and the
reliability diagram, the `calibration` section of a classification report.

The likelihood of an answer is the probability the network gives its top class. Samples
fall into `BINS` equal bins of it, bin k holding likelihoods p with k/10 <= p < (k+1)/10
(the last bin includes 1.0). Per bin the report says how many answers were right and
wrong, their accuracy and their mean likelihood (`confidence`); an empty bin has accuracy
and confidence None. The expected calibration error is
ECE = sum_k (n_k / N) * |accuracy_k - confidence_k|, empty bins adding nothing.

NNC's view of the same numbers: "answer only when the likelihood is at least t", for
t = 0.0, 0.1, ... 0.9 (each bin's lower edge): the accuracy of the answers given and the
share of samples answered (`coverage`). Since bin k and above are exactly the samples at or
above edge k, these come from the bin counts.

`source` says where the probabilities came from (`probability_source`): the softmax of
the outputs (CrossEntropyLoss, or squared error on raw outputs), the sigmoid of one output
(BCE, two classes), or the network's own outputs when they already are probabilities
(a Softmax before a squared-error loss on one-hot targets, a Sigmoid before BCELoss).
Computed with torch ops where the scores are, and bounded: a fixed 10 bins, one transfer.
"""

from __future__ import annotations

from typing import Any

import torch

from netcanvas.targets import BINARY_LOSSES

from .targets import TargetPlan, _applies_sigmoid, _is_distribution

BINS = 10


def probability_source(plan: TargetPlan, loss: str | None, output: torch.Tensor) -> str:
    """How `targets.class_scores` turns these outputs into probabilities, in one word:
    `softmax`, `sigmoid` (one output, two classes), `sigmoid_each` (BCE on several outputs:
    per class, not summing to 1) or `outputs` (already probabilities)."""
    sigmoid = _applies_sigmoid(loss)
    if plan.kind == "binary":
        return "sigmoid" if sigmoid else "outputs"
    if loss in BINARY_LOSSES:
        return "sigmoid_each" if sigmoid else "outputs"
    if plan.kind == "one_hot" and len(output) and _is_distribution(output.float()):
        return "outputs"
    return "softmax"


def calibration_report(
    labels: torch.Tensor, scores: torch.Tensor, source: str = "softmax"
) -> dict[str, Any]:
    """`labels` (N,) class indices, `scores` (N, C) class probabilities: the bins, the ECE
    and the accuracy and coverage of answering only above each bin's lower edge."""
    confidence, predicted = scores.float().max(dim=1)  # (N,) the likelihood of each answer
    right = (predicted == labels.to(scores.device)).float()
    edges = torch.linspace(0, 1, BINS + 1, device=scores.device)
    index = torch.bucketize(confidence.clamp(0, 1), edges[1:-1], right=True)  # (N,) in 0..9
    # per bin: samples, right answers, summed likelihood; one (3, BINS) transfer
    sums = torch.zeros(3, BINS, device=scores.device)
    sums[0].index_add_(0, index, torch.ones_like(confidence))
    sums[1].index_add_(0, index, right)
    sums[2].index_add_(0, index, confidence)
    count, correct, likelihood = sums.double().cpu().tolist()  # sync point: once
    total = len(labels)
    bins = [_bin(k, int(count[k]), int(correct[k]), likelihood[k]) for k in range(BINS)]
    return {
        "bins": bins,
        "ece": _ece(bins, total),
        "thresholds": _thresholds(count, correct, total),
        "total": total,
        "source": source,
    }


def _bin(k: int, count: int, right: int, likelihood: float) -> dict[str, Any]:
    return {
        "lo": k / BINS,
        "hi": (k + 1) / BINS,
        "right": right,
        "wrong": count - right,
        "accuracy": right / count if count else None,
        "confidence": likelihood / count if count else None,
    }


def _ece(bins: list[dict[str, Any]], total: int) -> float:
    gaps = (
        (b["right"] + b["wrong"]) * abs(b["accuracy"] - b["confidence"])
        for b in bins
        if b["accuracy"] is not None
    )
    return sum(gaps) / total if total else 0.0


def _thresholds(count: list[float], correct: list[float], total: int) -> list[dict[str, Any]]:
    """Answering only when the likelihood >= edge k: the samples of bins k and above."""
    rows = []
    for k in range(BINS):
        answered, right = int(sum(count[k:])), int(sum(correct[k:]))
        rows.append(
            {
                "threshold": k / BINS,
                "answered": answered,
                "accuracy": right / answered if answered else None,
                "coverage": answered / total if total else 0.0,
            }
        )
    return rows
