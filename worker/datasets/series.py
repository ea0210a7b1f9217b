"""One long series cut into windows for forecasting, split in time order.

A series is `values` (T, F): T time steps of F features, and the index of the
feature to forecast. Window i is steps i .. i+window-1 of every feature, and its
target is the forecast feature `horizon` steps after the window's last step
(horizon 1: the next step), so there are T - window - horizon + 1 windows,
sliding by one step.

The split is in time order, never shuffled across it: every window whose target
comes before `first_val_step` trains, every other one validates. A training
window's inputs come before its target, so nothing from the validation period
reaches training; a validation window may read steps of the training period, as
a forecast made on that day would. `finish` keeps both splits as they come.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from .base import DatasetError
from .prepare import Array, Decoded

MAX_VALUES = 20_000_000  # values in all windows together (80 MB of float32)


@dataclass(frozen=True)
class Windows:
    """The windows of a series: x (N, window, F), y (N, 1), and each target's time step (N,)."""

    x: Array
    y: Array
    target_steps: npt.NDArray[np.int64]


def cut_windows(values: Array, target: int, window: int, horizon: int, label: str) -> Windows:
    """Every window of `window` steps, sliding by one, with its target `horizon` steps on."""
    steps, features = values.shape
    if window < 1 or horizon < 1:
        raise DatasetError.of("series.window_positive", window=window, horizon=horizon)
    count = steps - window - horizon + 1
    if count < 2:
        raise DatasetError.of(
            "series.too_short", label=label, steps=steps, window=window, horizon=horizon
        )
    if count * window * features > MAX_VALUES:
        raise DatasetError.of(
            "series.too_many_values", label=label, count=count, window=window, limit=MAX_VALUES
        )
    x = sliding_window_view(values[: count + window - 1], window, axis=0)  # (N, F, window)
    target_steps = np.arange(count) + window + horizon - 1
    y = values[target_steps, target][:, None]  # (N, 1)
    x = np.ascontiguousarray(x.transpose(0, 2, 1), dtype=np.float32)  # (N, window, F)
    return Windows(x, y.astype(np.float32), target_steps)


def split_in_time(
    windows: Windows, first_val_step: int, label: str, names: list[str] | None = None
) -> Decoded:
    """Windows with targets before `first_val_step` train, the rest validate; inputs are
    standardised by `finish` with the training split's statistics, targets keep their units.
    `names`: each time step's name (a date); the step numbers from 0 when absent."""
    train = windows.target_steps < first_val_step
    val_steps = windows.target_steps[~train].tolist()
    if not train.any() or train.all():
        raise DatasetError.of("series.split_empty", label=label, step=first_val_step)
    return Decoded(
        "regression",
        windows.x[train],
        windows.y[train],
        [],
        x_val=windows.x[~train],
        y_val=windows.y[~train],
        standardise=True,
        val_steps=[names[i] if names else str(i) for i in val_steps],
    )


def first_validation_step(steps: int, window: int, horizon: int, fraction: float) -> int:
    """The time step where validation starts, so that about `fraction` of the windows validate."""
    count = steps - window - horizon + 1
    validating = max(1, round(count * fraction))
    return steps - validating
