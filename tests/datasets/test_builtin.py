"""Built-in datasets: shapes, dtypes and classes as the catalogue says, seeded, split and scaled."""

from __future__ import annotations

import subprocess
import sys

import pytest
import torch

from netcanvas.datasets import BUILTIN_NAMES, DATASETS, PUBLIC_NAMES, catalogue
from netcanvas.splits import split_indices
from worker.datasets import DatasetError, builtin, load_dataset

FIXED_SPLIT = ("seattle_temperature",)  # a real series split in time order: no seed in it
GENERATED = ("linear", "xor", "moons", "circles", "spiral", "sine", "blobs", "imbalanced")


@pytest.mark.parametrize("name", BUILTIN_NAMES)
def test_builtin_matches_catalogue(name: str) -> None:
    info = DATASETS[name]
    data = load_dataset(name)
    assert data.name == name and data.task == info.task
    assert data.sample_shape == info.sample_shape
    assert data.target_shape == info.target_shape
    assert data.class_names == list(info.class_names)
    assert sum(data.sizes.values()) == info.samples
    x_type = torch.int64 if name == "sentiment" else torch.float32  # token ids stay integers
    assert data.x_train.dtype == data.x_val.dtype == x_type
    expected_y = torch.int64 if info.task == "classification" else torch.float32
    assert data.y_train.dtype == data.y_val.dtype == expected_y
    if info.task == "classification":
        labels = torch.cat([data.y_train, data.y_val])
        assert set(labels.tolist()) == set(range(info.num_classes))
    assert torch.isfinite(data.x_train.float()).all()


@pytest.mark.parametrize("name", BUILTIN_NAMES)
def test_builtin_is_deterministic(name: str) -> None:
    a, b = load_dataset(name, seed=3), load_dataset(name, seed=3)
    assert torch.equal(a.x_train, b.x_train) and torch.equal(a.y_val, b.y_val)
    c = load_dataset(name, seed=4)
    assert torch.equal(a.x_train, c.x_train) == (name in FIXED_SPLIT)


@pytest.mark.parametrize("name", GENERATED)
def test_generated_points_depend_on_the_seed(name: str) -> None:
    assert not (builtin.generate(name, 1).x == builtin.generate(name, 2).x).all()


def test_images_are_scaled_to_unit_range() -> None:
    for name in ("digits", "mnist5k"):
        data = load_dataset(name)
        assert data.x_train.min() >= 0 and data.x_train.max() == 1.0


def test_mnist5k_has_500_per_class() -> None:
    data = load_dataset("mnist5k", validation_split=0)
    assert torch.bincount(data.y_train).tolist() == [500] * 10
    assert data.sizes == {"train": 5000, "validation": 0}


def test_xor_label_is_xor_of_signs() -> None:
    data = load_dataset("xor")
    x, y = data.x_train, data.y_train
    assert torch.equal(y, ((x[:, 0] > 0) ^ (x[:, 1] > 0)).long())


def test_sine_target_is_the_next_step() -> None:
    data = load_dataset("sine")
    x, y = data.x_train, data.y_train
    # a noisy sine: the next value is close to where the last steps were heading
    guess = 2 * x[:, -1, 0] - x[:, -2, 0]
    assert (guess - y[:, 0]).abs().mean() < 0.2
    assert x.abs().max() < 1.5


@pytest.mark.parametrize(("fraction", "val"), [(0.2, 30), (0.5, 75), (0.0, 0)])
def test_split_sizes(fraction: float, val: int) -> None:
    data = load_dataset("iris", validation_split=fraction)
    assert data.sizes == {"train": 150 - val, "validation": val}


def test_same_seed_same_split_other_seed_other_split() -> None:
    a, b, c = (load_dataset("moons", seed=s) for s in (7, 7, 8))
    assert torch.equal(a.x_val, b.x_val)
    assert not torch.equal(a.y_val, c.y_val) or not torch.equal(a.x_val, c.x_val)


def test_tabular_standardised_with_training_statistics() -> None:
    data = load_dataset("wine", seed=1)
    raw = torch.from_numpy(builtin.generate("wine", 1).x).double()
    train, val = split_indices(len(raw), 0.2, seed=1)
    mean = raw[train].mean(0)
    std = raw[train].std(0, unbiased=False)
    assert data.x_mean is not None and data.x_std is not None
    assert torch.allclose(data.x_mean.double(), mean, rtol=1e-5)
    assert torch.allclose(data.x_train.double(), (raw[train] - mean) / std, atol=1e-4)
    # the validation split is scaled with the training statistics, not its own
    assert torch.allclose(data.x_val.double(), (raw[val] - mean) / std, atol=1e-4)
    assert not torch.allclose(data.x_val.mean(0), torch.zeros(13), atol=1e-3)


def test_unknown_name_lists_the_builtins() -> None:
    with pytest.raises(DatasetError) as error:
        load_dataset("mnits")
    message = str(error.value)
    assert "unknown dataset 'mnits'" in message
    assert all(name in message for name in BUILTIN_NAMES)


@pytest.mark.parametrize("fraction", [-0.1, 1.0, 1.5])
def test_bad_validation_split(fraction: float) -> None:
    with pytest.raises(DatasetError, match="validation_split"):
        load_dataset("iris", validation_split=fraction)


def test_validation_file_refused_for_named_sets() -> None:
    with pytest.raises(DatasetError, match="validation file"):
        load_dataset("iris", validation="other.csv")


def test_catalogue_names_are_the_loaders_names() -> None:
    from worker.datasets import public

    assert set(builtin.GENERATORS) == set(BUILTIN_NAMES)
    assert set(public.PUBLIC) == set(PUBLIC_NAMES)
    assert [e.name for e in catalogue()] == [*BUILTIN_NAMES, *PUBLIC_NAMES]
    assert all(DATASETS[n].download for n in PUBLIC_NAMES)


def test_catalogue_imports_without_torch() -> None:
    check = (
        "import sys, netcanvas.datasets as d; d.catalogue(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'worker')))"
    )
    run = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_sentiment_labels_follow_the_word_counts() -> None:
    data = load_dataset("sentiment", validation_split=0)
    positive = ((data.x_train >= 1) & (data.x_train <= 50)).sum(dim=1)
    negative = ((data.x_train >= 51) & (data.x_train <= 100)).sum(dim=1)
    assert torch.equal(data.y_train, (positive > negative).long())


def test_imbalanced_is_8_percent_positive_for_every_seed() -> None:
    for seed in (0, 1, 7):
        decoded = builtin.generate("imbalanced", seed)
        assert decoded.x.shape == (2000, 2)
        assert int(decoded.y.sum()) == 160  # exactly 8 % positive, whatever the seed
    a, b = builtin.generate("imbalanced", 5), builtin.generate("imbalanced", 5)
    assert (a.x == b.x).all() and (a.y == b.y).all()


def test_imbalanced_split_keeps_the_positives_rare() -> None:
    data = load_dataset("imbalanced", validation_split=0.2, seed=0)
    share = float(data.y_val.float().mean())
    assert 0.03 < share < 0.15  # a random split: about 8 %, never balanced
    # positives sit up and to the right of the negatives, overlapping their edge
    x = torch.cat([data.x_train, data.x_val])
    y = torch.cat([data.y_train, data.y_val])
    assert (x[y == 1].mean(dim=0) > 1).all() and (x[y == 0].mean(dim=0).abs() < 0.2).all()
