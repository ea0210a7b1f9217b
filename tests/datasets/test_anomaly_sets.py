"""The built-in anomaly-detection sets: normal-only training, labelled validation, seeded."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits

from netcanvas.datasets import DATASETS
from worker.datasets import load_dataset
from worker.datasets.anomaly import FAULTS, HELD_OUT_DIGIT, STEPS, inject, sine_windows

NAMES = ("sine_anomaly", "digits_anomaly")


@pytest.mark.parametrize("name", NAMES)
def test_training_part_holds_no_anomaly(name: str) -> None:
    data = load_dataset(name)
    assert DATASETS[name].normal_class == "normal"
    assert data.class_names == ["normal", "anomaly"]
    assert set(data.y_train.tolist()) == {0}
    assert set(data.y_val.tolist()) == {0, 1}


@pytest.mark.parametrize("name", NAMES)
def test_validation_split_setting_does_not_move_anomalies_into_training(name: str) -> None:
    a, b = load_dataset(name, validation_split=0.0), load_dataset(name, validation_split=0.5)
    assert torch.equal(a.x_train, b.x_train) and torch.equal(a.y_val, b.y_val)


def test_sine_anomaly_counts() -> None:
    data = load_dataset("sine_anomaly")
    assert data.sizes == {"train": 1500, "validation": 500}
    assert torch.bincount(data.y_val).tolist() == [300, 200]
    assert data.sample_shape == (STEPS, 1)


def test_digits_anomaly_holds_out_every_seven_and_only_sevens() -> None:
    digits = load_digits()
    images = (digits.images / 16.0).astype(np.float32)
    by_image = {img.tobytes(): int(t) for img, t in zip(images, digits.target, strict=True)}
    data = load_dataset("digits_anomaly", seed=1)

    def digit_of(x: torch.Tensor) -> int:
        return by_image[x[0].numpy().tobytes()]

    train_digits = {digit_of(x) for x in data.x_train}
    assert HELD_OUT_DIGIT not in train_digits and len(train_digits) == 9
    val = [(digit_of(x), int(y)) for x, y in zip(data.x_val, data.y_val, strict=True)]
    assert all((d == HELD_OUT_DIGIT) == (label == 1) for d, label in val)
    sevens = int((digits.target == HELD_OUT_DIGIT).sum())
    assert sum(label for _, label in val) == sevens
    assert len(data.x_train) + len(data.x_val) == len(images)  # every digit used once


@pytest.mark.parametrize("fault", FAULTS)
def test_each_fault_changes_the_window_where_it_says(fault: str) -> None:
    rng = np.random.default_rng(0)
    window = sine_windows(rng, 1)[0]
    faulty = inject(rng, window, fault)
    changed = np.flatnonzero(~np.isclose(window, faulty))
    assert len(changed) > 0
    if fault == "spike":
        assert len(changed) == 1 and abs(faulty - window).max() >= 1.5
    elif fault == "level_shift":
        assert changed[-1] == STEPS - 1  # shifted to the window's end
        shift = (faulty - window)[changed]
        assert np.allclose(shift, shift[0]) and 0.6 <= abs(shift[0]) <= 1.0
    elif fault == "noise_burst":
        assert changed[-1] - changed[0] < 10
    else:
        first = changed[0] - 1  # the reading it freezes on
        assert np.all(faulty[first : first + 15] == faulty[first])
