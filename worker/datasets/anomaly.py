"""Built-in anomaly-detection sets: training holds normal samples only, validation is labelled.

Both decode with a validation set of their own (`Decoded.x_val`), so `finish` does not
split them: the training part must never see an anomaly, and the validation part mixes
normal samples with anomalies, class 0 `normal` and class 1 `anomaly` (the catalogue's
`normal_class`). An autoencoder trains on the inputs alone; its evaluation reads the
labels to score the reconstruction error as an anomaly detector (`worker/anomaly.py`).

- `sine_anomaly`: windows of a noisy sine wave as `sine` makes them; the anomalous
  validation windows carry one injected fault each (a spike, a level shift, a burst of
  noise, or a frozen signal), the four kinds in turn.
- `digits_anomaly`: scikit-learn's 8×8 digits without the digit `HELD_OUT_DIGIT`; a
  seeded fifth of the other digits and every `HELD_OUT_DIGIT` form the validation part.
"""

from __future__ import annotations

import importlib
from typing import Any

import numpy as np

from .prepare import Decoded

NAMES = ["normal", "anomaly"]
STEPS, NOISE = 50, 0.05
SINE_TRAIN, SINE_NORMAL_VAL, SINE_ANOMALIES = 1500, 300, 200
FAULTS = ("spike", "level_shift", "noise_burst", "frozen")
HELD_OUT_DIGIT = 7
DIGITS_VAL_FRACTION = 0.2

Array = np.ndarray[Any, Any]


def sine_windows(rng: np.random.Generator, count: int) -> Array:
    """(count, STEPS): each its own noisy sine wave, period 25-50 steps, random phase."""
    period = rng.uniform(25, 50, size=(count, 1))
    phase = rng.uniform(0, 2 * np.pi, size=(count, 1))
    wave = np.sin(2 * np.pi * np.arange(STEPS) / period + phase)
    return wave + rng.normal(0, NOISE, size=wave.shape)


def inject(rng: np.random.Generator, window: Array, fault: str) -> Array:
    """A copy of one window with one fault, placed at random but always inside the window."""
    out = window.copy()
    start = int(rng.integers(5, STEPS - 15))
    sign = rng.choice([-1.0, 1.0])
    if fault == "spike":
        out[start] += sign * rng.uniform(1.5, 2.5)
    elif fault == "level_shift":
        out[start:] += sign * rng.uniform(0.6, 1.0)
    elif fault == "noise_burst":
        out[start : start + 10] += rng.normal(0, 0.4, size=10)
    else:  # frozen: the sensor repeats its last reading
        out[start : start + 15] = out[start]
    return out


def sine_anomaly(seed: int) -> Decoded:
    """Normal windows for training; normal and faulty windows, labelled, for validation."""
    rng = np.random.default_rng(seed)
    train = sine_windows(rng, SINE_TRAIN)
    normal = sine_windows(rng, SINE_NORMAL_VAL)
    clean = sine_windows(rng, SINE_ANOMALIES)
    faulty = np.stack(
        [inject(rng, clean[i], FAULTS[i % len(FAULTS)]) for i in range(SINE_ANOMALIES)]
    )
    x_val = np.concatenate([normal, faulty])
    y_val = np.concatenate([np.zeros(SINE_NORMAL_VAL), np.ones(SINE_ANOMALIES)])
    return Decoded(
        "classification",
        train[:, :, None].astype(np.float32),  # (N, 50, 1)
        np.zeros(SINE_TRAIN, dtype=np.int64),
        list(NAMES),
        x_val=x_val[:, :, None].astype(np.float32),
        y_val=y_val.astype(np.int64),
    )


def digits_anomaly(seed: int) -> Decoded:
    """Digits other than HELD_OUT_DIGIT to train on; the rest of them and it to validate."""
    data = importlib.import_module("sklearn.datasets").load_digits()
    x = (data.images / 16.0).astype(np.float32)[:, None]  # (N, 1, 8, 8), 0..1
    held_out = data.target == HELD_OUT_DIGIT
    normal = np.flatnonzero(~held_out)
    order = np.random.default_rng(seed).permutation(normal)
    n_val = round(len(normal) * DIGITS_VAL_FRACTION)
    train, val_normal = np.sort(order[n_val:]), np.sort(order[:n_val])
    anomalies = np.flatnonzero(held_out)
    x_val = np.concatenate([x[val_normal], x[anomalies]])
    y_val = np.concatenate([np.zeros(len(val_normal)), np.ones(len(anomalies))])
    return Decoded(
        "classification",
        x[train],
        np.zeros(len(train), dtype=np.int64),
        list(NAMES),
        x_val=x_val,
        y_val=y_val.astype(np.int64),
    )
