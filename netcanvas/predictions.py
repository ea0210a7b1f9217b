"""Every evaluated prediction of a job, as the worker keeps it and the API pages it.

The evaluation (the job row, the `evaluation` event) lists a few hundred predictions
only; `predictions.npz` in the job's artifacts folder keeps those of the whole
evaluated split, up to `ROWS_STORED` rows (spread evenly over a larger split), so that
a confusion-matrix cell can list every sample it counts. It is a compressed numpy
archive of plain arrays, read with `allow_pickle=False`: nothing in it is unpickled.
The worker writes it (`worker/predictions.py`); the API reads it here, torch-free.

Arrays: `format` (FORMAT), `task`, `evaluated` (the split's size), `index` (int32, each
row's index into the split, ascending) and, by task:

- classification: `class_names` (text), `label` and `predicted` (int32 class indices),
  `top_class` (int32, N×k) and `top_p` (float32, N×k), the k ≤ 3 likeliest classes;
- regression: `target` and `output` (float32, N×w: the first `VALUES_STORED` values of
  each sample's flattened target and output) and `width` (the values per sample in all);
- autoencoder: `reconstruction_error` (float32, each sample's MSE).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

FORMAT = "netcanvas/predictions@1"
ROWS_STORED = 50_000  # ~2 MB compressed for a classification: read whole on each request
VALUES_STORED = 16  # of a regression sample's target and output
TOP = 3
COLUMNS = {
    "classification": ("label", "predicted", "top_class", "top_p"),
    "regression": ("target", "output"),
    "autoencoder": ("reconstruction_error",),
}


class PredictionsError(Exception):
    """The file is not a predictions file this version reads."""


@dataclass(frozen=True)
class Table:
    task: str
    evaluated: int
    index: np.ndarray  # (N,) ascending
    columns: dict[str, np.ndarray]  # each (N, ...)
    class_names: tuple[str, ...] = ()
    width: int | None = None

    def __len__(self) -> int:
        return len(self.index)

    def matching(self, actual: int | None, predicted: int | None) -> np.ndarray:
        """Positions of the rows whose true class is `actual` and whose predicted class is
        `predicted` (either left out: any), in index order."""
        keep = np.ones(len(self), dtype=bool)
        if actual is not None:
            keep &= self.columns["label"] == actual
        if predicted is not None:
            keep &= self.columns["predicted"] == predicted
        return np.flatnonzero(keep)

    def page(
        self, actual: int | None, predicted: int | None, offset: int, limit: int
    ) -> dict[str, Any]:
        """A `PredictionPage` (`netcanvas/reports.py`): `limit` of the matching rows from
        `offset`, and how many match in all."""
        positions = self.matching(actual, predicted)
        answer: dict[str, Any] = {
            "task": self.task,
            "total": len(positions),
            "offset": offset,
            "limit": limit,
            "rows": self.rows(positions[offset : offset + limit]),
            "stored": len(self),
            "evaluated": self.evaluated,
        }
        if self.width is not None:
            answer["width"] = self.width
        return answer

    def rows(self, positions: np.ndarray) -> list[dict[str, Any]]:
        """The rows at `positions`, shaped as the evaluation's `predictions` are."""
        return [self._row(int(p)) for p in positions]

    def _row(self, p: int) -> dict[str, Any]:
        row: dict[str, Any] = {"index": int(self.index[p])}
        c = self.columns
        if self.task == "classification":
            top = [
                {"class": self.name(int(k)), "p": float(v)}
                for k, v in zip(c["top_class"][p], c["top_p"][p], strict=True)
            ]
            row |= {"label": self.name(int(c["label"][p])), "predicted": top[0]["class"]}
            row["top3"] = top
        elif self.task == "regression":
            row |= {"target": c["target"][p].tolist(), "predicted": c["output"][p].tolist()}
        else:
            row["reconstruction_error"] = float(c["reconstruction_error"][p])
        return row

    def name(self, k: int) -> str:
        return self.class_names[k] if 0 <= k < len(self.class_names) else str(k)


def read(path: Path) -> Table:
    """The table in `path`; `PredictionsError` when it is not one."""
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:
        raise PredictionsError(f"{path.name}: {error}") from None
    try:
        return _table(arrays)
    except (KeyError, ValueError, TypeError) as error:
        raise PredictionsError(f"{path.name}: {error}") from None


def _table(arrays: dict[str, np.ndarray]) -> Table:
    if str(arrays["format"]) != FORMAT:
        raise ValueError(f"format {arrays['format']}, not {FORMAT}")
    task = str(arrays["task"])
    index = arrays["index"]
    if task not in COLUMNS or index.ndim != 1 or len(index) > ROWS_STORED:
        raise ValueError(f"task {task} with {index.shape} rows")
    columns = {name: arrays[name] for name in COLUMNS[task]}
    if any(len(column) != len(index) for column in columns.values()):
        raise ValueError("columns of different lengths")
    names = tuple(str(n) for n in arrays["class_names"]) if task == "classification" else ()
    width = int(arrays["width"]) if task == "regression" else None
    return Table(task, int(arrays["evaluated"]), index, columns, names, width)
