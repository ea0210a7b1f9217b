"""Evaluation of a trained network on the validation set, as DESIGN.md's `evaluation` event.

Classification: confusion matrix with class names, per-class precision,
recall, F1 and support, accuracy, macro and weighted averages, and `calibration`, the
likelihood graph and reliability diagram (`worker/calibration.py`); two classes add
`binary`, each validation sample's label and positive-class probability (up to
`BINARY_KEPT`, spread evenly), so the job page moves the decision threshold. Regression:
MSE, MAE, R² and the largest absolute error (`max_error`); for a time series split in
time order (`Dataset.val_steps`) also `series`, the truth and the forecast at every
validation step in order (the last `SERIES_KEPT`), which the job page plots.
Autoencoders: reconstruction error per sample (and, on a split labelled
with a `normal` class, the error as an anomaly detector: `worker/anomaly.py`). Each also
lists a few hundred validation predictions, spread evenly over the set, and says how
many were evaluated (`predictions_total`) and how many the job's predictions file
keeps (`predictions_stored`: `worker/predictions.py` writes them all, up to 50,000).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from sklearn import metrics

from netcanvas.predictions import ROWS_STORED

from .anomaly import anomaly_report
from .calibration import calibration_report

PREDICTIONS_KEPT = 300
BINARY_KEPT = 5000  # two classes: the (label, probability) pairs kept for the threshold slider
SERIES_KEPT = 5000  # a forecast's steps in the evaluation: a year of days, many times over


def classification_report(
    labels: torch.Tensor, scores: torch.Tensor, class_names: list[str], source: str = "softmax"
) -> dict[str, Any]:
    """`labels` (N,) class indices, `scores` (N, C) class probabilities (made by `source`,
    `worker/calibration.py probability_source`, which the `calibration` section names)."""
    y_true = labels.cpu().numpy()
    y_pred = scores.argmax(dim=1).cpu().numpy()
    indices = list(range(len(class_names)))
    precision, recall, f1, support = metrics.precision_recall_fscore_support(
        y_true, y_pred, labels=indices, zero_division=0
    )
    per_class = [
        {
            "class": name,
            "precision": float(precision[i]),
            "recall": float(recall[i]),
            "f1": float(f1[i]),
            "support": int(support[i]),
        }
        for i, name in enumerate(class_names)
    ]
    return {
        "task": "classification",
        "class_names": class_names,
        "confusion_matrix": metrics.confusion_matrix(y_true, y_pred, labels=indices).tolist(),
        "per_class": per_class,
        "accuracy": float(metrics.accuracy_score(y_true, y_pred)) if len(y_true) else 0.0,
        "macro_avg": _average(precision, recall, f1, support, weighted=False),
        "weighted_avg": _average(precision, recall, f1, support, weighted=True),
        "predictions": _top3(labels, scores, class_names),
        **counts(len(y_true)),
        "calibration": calibration_report(labels, scores, source),
        **({"binary": binary_scores(labels, scores, class_names)} if len(class_names) == 2 else {}),
    }


def binary_scores(
    labels: torch.Tensor, scores: torch.Tensor, class_names: list[str]
) -> dict[str, Any]:
    """Two classes: each kept sample's label (0 or 1) and probability of class 1, the
    positive class, rounded to 4 places: enough to recount the confusion matrix at any
    threshold in the browser. At most BINARY_KEPT samples, spread evenly over the split."""
    keep = kept_indices(len(labels), BINARY_KEPT)
    kept_labels = labels[keep].cpu().tolist()  # sync point: once
    positive = scores[keep, 1].float().cpu().tolist()
    return {
        "positive_class": class_names[1],
        "labels": [int(v) for v in kept_labels],
        "probabilities": [round(float(p), 4) for p in positive],
        "total": len(labels),
    }


def counts(n: int) -> dict[str, int]:
    """How many predictions there are in all, and how many the predictions file keeps."""
    return {"predictions_total": n, "predictions_stored": min(n, ROWS_STORED)}


def _average(
    precision: np.ndarray, recall: np.ndarray, f1: np.ndarray, support: np.ndarray, weighted: bool
) -> dict[str, float]:
    total = int(support.sum())
    weights = support / total if weighted and total else np.full(len(support), 1 / len(support))
    return {
        "precision": float((precision * weights).sum()),
        "recall": float((recall * weights).sum()),
        "f1": float((f1 * weights).sum()),
        "support": total,
    }


def kept_indices(n: int, count: int = PREDICTIONS_KEPT) -> list[int]:
    """Validation indices spread evenly over the set, so a source sorted by label
    (as many files are) still shows every class among the kept predictions."""
    if n <= count:
        return list(range(n))
    return [round(i * (n - 1) / (count - 1)) for i in range(count)]


def _top3(labels: torch.Tensor, scores: torch.Tensor, names: list[str]) -> list[dict[str, Any]]:
    keep = kept_indices(len(scores))
    kept = scores[keep].cpu()
    values, indices = kept.topk(min(3, kept.shape[1]), dim=1)
    rows = []
    for row, i in enumerate(keep):
        top = [
            {"class": names[int(c)] if int(c) < len(names) else str(int(c)), "p": float(p)}
            for p, c in zip(values[row], indices[row], strict=True)
        ]
        label = int(labels[i])
        rows.append({"index": i, "label": names[label], "predicted": top[0]["class"], "top3": top})
    return rows


def regression_report(
    targets: torch.Tensor, outputs: torch.Tensor, steps: list[str] | None = None, unit: str = ""
) -> dict[str, Any]:
    """MSE, MAE, R², the largest absolute error and a few predictions; with `steps` (a
    series split in time order: each sample's time step) also the whole `series`."""
    y_true = targets.float().reshape(len(targets), -1).cpu().numpy()
    y_pred = outputs.float().reshape(len(outputs), -1).cpu().numpy()
    predictions = [
        {"index": i, "target": y_true[i].tolist(), "predicted": y_pred[i].tolist()}
        for i in kept_indices(len(y_true))
    ]
    r2 = float(metrics.r2_score(y_true, y_pred)) if len(y_true) > 1 else 0.0
    return {
        "task": "regression",
        "mse": float(metrics.mean_squared_error(y_true, y_pred)),
        "mae": float(metrics.mean_absolute_error(y_true, y_pred)),
        "r2": r2,
        "max_error": float(np.abs(y_true - y_pred).max()) if y_true.size else 0.0,
        "predictions": predictions,
        **counts(len(y_true)),
        **({"series": forecast_series(y_true, y_pred, steps, unit)} if steps is not None else {}),
    }


def forecast_series(
    y_true: np.ndarray, y_pred: np.ndarray, steps: list[str], unit: str = ""
) -> dict[str, Any]:
    """Truth and forecast of the first target value at every validation step, in time order:
    the last SERIES_KEPT steps when there are more (`first` says where they start); `unit`
    is the values' unit (the built-in dataset's, e.g. °C), empty when none is known."""
    first = max(0, len(y_true) - SERIES_KEPT)
    return {
        "steps": steps[first:],
        "truth": [round(float(v), 4) for v in y_true[first:, 0]],
        "forecast": [round(float(v), 4) for v in y_pred[first:, 0]],
        "first": first,
        "unit": unit,
    }


def reconstruction_errors(inputs: torch.Tensor, outputs: torch.Tensor) -> torch.Tensor:
    """(N,): each sample's mean squared reconstruction error, on the CPU."""
    return ((outputs.float() - inputs.float()) ** 2).reshape(len(inputs), -1).mean(dim=1).cpu()


def reconstruction_report(
    inputs: torch.Tensor,
    outputs: torch.Tensor,
    labels: torch.Tensor | None = None,
    class_names: list[str] | None = None,
) -> dict[str, Any]:
    """Per-sample reconstruction error: high values flag anomalies.

    Class labels (which the autoencoder did not train on) with a `normal` class add the
    `anomaly` report (`worker/anomaly.py`: the error's histogram per class, P/R/F1 at a
    threshold, ROC, AUC) and each kept prediction's `label`.
    """
    errors = reconstruction_errors(inputs, outputs)
    names = class_names or []
    report = _reconstruction_summary(errors)
    anomaly = anomaly_report(errors, labels, names) if labels is not None else None
    if labels is not None and anomaly is not None:
        report["anomaly"] = anomaly
        for row in report["predictions"]:
            row["label"] = names[int(labels[row["index"]])]
    return report


def _reconstruction_summary(errors: torch.Tensor) -> dict[str, Any]:
    quantiles = torch.quantile(errors, torch.tensor([0.5, 0.9, 0.99])) if len(errors) else None
    return {
        "task": "autoencoder",
        "reconstruction_mse": float(errors.mean()) if len(errors) else 0.0,
        "error_quantiles": {
            "p50": float(quantiles[0]) if quantiles is not None else 0.0,
            "p90": float(quantiles[1]) if quantiles is not None else 0.0,
            "p99": float(quantiles[2]) if quantiles is not None else 0.0,
        },
        "predictions": [
            {"index": i, "reconstruction_error": float(errors[i])}
            for i in kept_indices(len(errors))
        ],
        **counts(len(errors)),
    }
