"""An autoencoder's reconstruction error as an anomaly detector, on a labelled split.

When an autoencoder is evaluated on a split whose labels name a `normal` class (the
built-in `sine_anomaly` and `digits_anomaly`, or an upload with such a class), every
other class is an anomaly and a sample is flagged when its error is at least a threshold.
The report (`anomaly` in the evaluation event) is bounded whatever the split's size:

- `bin_edges`: `BINS` + 1 edges spaced evenly on a log scale from the smallest error to
  the largest (errors spread over decades, and a linear scale would crowd the normal
  samples into the first bin); `counts[class]`: each class's histogram over them, bin k
  holding the errors e with edges[k] <= e < edges[k + 1] (the last bin includes its end).
  So for a threshold at any edge k, the flagged samples are exactly bins k and above:
  precision, recall and F1 there are exact, which is what the job page's slider moves over.
- `threshold_index`: the default, the first edge at or above the 99th percentile of the
  normal samples' errors (about 1 % of normal samples flagged); `precision`, `recall`
  and `f1` of `anomaly` there; `best_f1_index`, the edge of the best F1.
- `roc`: the ROC curve from every sample (scikit-learn), thinned to `ROC_POINTS` points
  at most, and `auc`, its area, computed from every sample before thinning.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import torch
from sklearn import metrics

NORMAL = "normal"
BINS = 200
ROC_POINTS = 200
DEFAULT_PERCENTILE = 99.0

Floats = npt.NDArray[np.float64]


def anomaly_flags(labels: torch.Tensor | None, class_names: list[str]) -> torch.Tensor | None:
    """(N,) True for an anomaly, when the labels have a `normal` class; else None."""
    if labels is None or NORMAL not in class_names or labels.dtype != torch.int64:
        return None
    return labels.cpu() != class_names.index(NORMAL)


def auc(errors: torch.Tensor, flags: torch.Tensor) -> float | None:
    """The ROC curve's area, or None unless both normal samples and anomalies are present."""
    truth = flags.numpy()
    if truth.all() or not truth.any():
        return None
    return float(metrics.roc_auc_score(truth, errors.double().numpy()))


def log_edges(errors: Floats) -> Floats:
    """BINS + 1 edges from the smallest error to the largest, evenly on a log scale."""
    low, high = float(errors.min()), float(errors.max())
    low = max(low, 1e-12)
    if high <= low:
        return np.linspace(low, low * 2, BINS + 1)
    return np.geomspace(low, high, BINS + 1)


def scores_at_edges(normal: Floats, anomalous: Floats) -> dict[str, Floats]:
    """Precision, recall and F1 of flagging bins k and above, for every edge k (BINS + 1)."""
    # samples in bins k and above: a cumulative sum from the top, 0 past the last bin
    flagged_anomalies = np.append(np.cumsum(anomalous[::-1])[::-1], 0.0)
    flagged_normal = np.append(np.cumsum(normal[::-1])[::-1], 0.0)
    flagged = flagged_anomalies + flagged_normal
    precision = np.divide(flagged_anomalies, flagged, out=np.zeros_like(flagged), where=flagged > 0)
    recall = flagged_anomalies / max(anomalous.sum(), 1.0)
    both = precision + recall
    f1 = np.divide(2 * precision * recall, both, out=np.zeros_like(both), where=both > 0)
    return {"precision": precision, "recall": recall, "f1": f1}


def thinned(values: Floats, count: int = ROC_POINTS) -> list[float]:
    """At most `count` values spread evenly, the first and the last always kept."""
    if len(values) <= count:
        return [float(v) for v in values]
    keep = np.round(np.linspace(0, len(values) - 1, count)).astype(int)
    return [float(values[i]) for i in keep]


def anomaly_report(
    errors: torch.Tensor, labels: torch.Tensor, class_names: list[str]
) -> dict[str, Any] | None:
    """The report above, or None when the split lacks normal samples or anomalies."""
    flags = anomaly_flags(labels, class_names)
    area = auc(errors, flags) if flags is not None else None
    if flags is None or area is None:
        return None
    values = errors.double().numpy()
    truth, classes = flags.numpy(), labels.cpu().numpy()
    edges = log_edges(values)
    counts = {
        name: np.histogram(values[classes == i], bins=edges)[0].astype(np.float64)
        for i, name in enumerate(class_names)
    }
    normal = counts[NORMAL]
    anomalous = np.histogram(values[truth], bins=edges)[0].astype(np.float64)
    scores = scores_at_edges(normal, anomalous)
    cut = float(np.percentile(values[~truth], DEFAULT_PERCENTILE))
    index = int(np.searchsorted(edges, cut, side="left"))
    fpr, tpr, _ = metrics.roc_curve(truth, values)
    return {
        "normal_class": NORMAL,
        "bin_edges": [float(e) for e in edges],
        "counts": {name: [int(c) for c in row] for name, row in counts.items()},
        "threshold_index": index,
        "threshold": float(edges[min(index, BINS)]),
        "precision": float(scores["precision"][index]),
        "recall": float(scores["recall"][index]),
        "f1": float(scores["f1"][index]),
        "best_f1_index": int(np.argmax(scores["f1"])),
        "roc": {"fpr": thinned(fpr), "tpr": thinned(tpr)},
        "auc": area,
    }
