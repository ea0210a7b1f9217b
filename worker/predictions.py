"""Every evaluated prediction, written as `predictions.npz` (format: `netcanvas/predictions.py`).

The tables are built from the same outputs the evaluation's report reads, one row per
evaluated sample (up to `ROWS_STORED`, spread evenly over a larger split, the rows the
report's short list is drawn from too), and written compressed through
`atomic.replacing` with `allow_pickle` off both ways: plain arrays only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch

from netcanvas.predictions import FORMAT, ROWS_STORED, TOP, VALUES_STORED

from . import atomic
from .evaluation import kept_indices, reconstruction_errors

Arrays = dict[str, Any]


def stored(n: int) -> list[int]:
    """The evaluated samples the file keeps: all of them up to `ROWS_STORED`."""
    return kept_indices(n, ROWS_STORED)


def classification_table(labels: torch.Tensor, scores: torch.Tensor, names: list[str]) -> Arrays:
    """`labels` (N,) class indices, `scores` (N, C) class probabilities."""
    keep = stored(len(scores))
    kept = scores[keep].float().cpu()  # (n, C)
    p, k = kept.topk(min(TOP, kept.shape[1]), dim=1)  # (n, k) each
    return _arrays(
        "classification",
        len(scores),
        keep,
        class_names=np.array(names, dtype=str),
        label=labels[keep].cpu().numpy().astype(np.int32),
        predicted=k[:, 0].numpy().astype(np.int32),
        top_class=k.numpy().astype(np.int32),
        top_p=p.numpy().astype(np.float32),
    )


def regression_table(targets: torch.Tensor, outputs: torch.Tensor) -> Arrays:
    keep = stored(len(outputs))
    y_true = targets[keep].float().reshape(len(keep), -1).cpu()  # (n, w)
    y_pred = outputs[keep].float().reshape(len(keep), -1).cpu()
    return _arrays(
        "regression",
        len(outputs),
        keep,
        target=y_true[:, :VALUES_STORED].numpy(),
        output=y_pred[:, :VALUES_STORED].numpy(),
        width=np.array(y_pred.shape[1] if len(keep) else 0),
    )


def reconstruction_table(inputs: torch.Tensor, outputs: torch.Tensor) -> Arrays:
    """Each sample's reconstruction MSE."""
    errors = reconstruction_errors(inputs, outputs)  # (N,)
    keep = stored(len(errors))
    column = errors[keep].numpy().astype(np.float32)
    return _arrays("autoencoder", len(errors), keep, reconstruction_error=column)


def _arrays(task: str, evaluated: int, keep: list[int], **columns: Any) -> Arrays:
    return {
        "format": np.array(FORMAT),
        "task": np.array(task),
        "evaluated": np.array(evaluated, dtype=np.int64),
        "index": np.array(keep, dtype=np.int32),
        **columns,
    }


def write_predictions(table: Arrays, path: Path) -> Path:
    with atomic.replacing(path) as temporary, temporary.open("wb") as out:
        np.savez_compressed(out, allow_pickle=False, **table)
    return path
