"""The test split: a fixed fraction held out with the upload's own seed, or a test file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from worker.datasets import DatasetError, TestSplit, load_dataset
from worker.datasets.holdout import held_out_indices

from .helpers import image_csv_zip, png

IMAGES = {f"img/{i}.png": png(40 * i) for i in range(6)}
ROWS = [(f"img/{i}.png", str(i % 3)) for i in range(6)]


def _numbered_csv(path: Path, n: int = 40) -> Path:
    """A tabular upload whose first feature is the row number, so rows can be told apart."""
    rows = "".join(f"{i},{i % 3},{i % 2}\n" for i in range(n))
    path.write_text("x:id,x:b,y\n" + rows)
    return path


def _ids(x: torch.Tensor, mean: torch.Tensor | None, std: torch.Tensor | None) -> set[int]:
    raw = x * std + mean if mean is not None and std is not None else x
    return {round(float(v)) for v in raw[:, 0]}


def test_test_indices_are_disjoint_sorted_and_repeatable() -> None:
    rest, held = held_out_indices(100, 0.2, seed=7)
    assert len(held) == 20 and len(rest) == 80
    assert set(rest).isdisjoint(held) and set(rest) | set(held) == set(range(100))
    assert list(held) == sorted(held)
    again_rest, again_held = held_out_indices(100, 0.2, seed=7)
    assert np.array_equal(held, again_held) and np.array_equal(rest, again_rest)
    assert not np.array_equal(held, held_out_indices(100, 0.2, seed=8)[1])


def test_fixed_fraction_is_the_same_rows_for_every_job(tmp_path: Path) -> None:
    path = _numbered_csv(tmp_path / "rows.csv")
    test = TestSplit(fraction=0.25, seed=3)
    seen = []
    for job_seed, val in ((0, 0.2), (1, 0.3), (42, 0.0)):
        data = load_dataset(str(path), validation_split=val, seed=job_seed, test=test)
        train, valid = (
            _ids(data.x_train, data.x_mean, data.x_std),
            _ids(data.x_val, data.x_mean, data.x_std),
        )
        assert data.x_test is not None and data.y_test is not None
        tested = _ids(data.x_test, data.x_mean, data.x_std)
        assert len(tested) == 10 and data.sizes["test"] == 10
        assert tested.isdisjoint(train) and tested.isdisjoint(valid) and train.isdisjoint(valid)
        assert train | valid | tested == set(range(40))
        seen.append(tested)
    assert seen[0] == seen[1] == seen[2]


def test_no_test_split_keeps_the_sizes_as_they_were(tmp_path: Path) -> None:
    data = load_dataset(str(_numbered_csv(tmp_path / "rows.csv")), validation_split=0.25)
    assert data.x_test is None and data.sizes == {"train": 30, "validation": 10}


def test_test_file_is_standardised_with_the_training_statistics(tmp_path: Path) -> None:
    train = tmp_path / "train.csv"
    train.write_text("x:a,x:b,y\n1,2,dog\n3,4,cat\n5,6,dog\n")
    test = tmp_path / "test.csv"
    test.write_text("x:a,x:b,y\n7,8,cat\n9,9,dog\n")
    data = load_dataset(str(train), validation_split=0, test=TestSplit(file=str(test)))
    assert data.y_test is not None and data.y_test.tolist() == [0, 1]
    assert data.sizes == {"train": 3, "validation": 0, "test": 2}
    mean, std = torch.tensor([3.0, 4.0]), torch.full((2,), (8 / 3) ** 0.5)
    assert data.x_test is not None
    assert torch.allclose(data.x_test[0], (torch.tensor([7.0, 8.0]) - mean) / std)


def _error(path: Path, test: TestSplit) -> str:
    with pytest.raises(DatasetError) as error:
        load_dataset(str(path), test=test)
    return str(error.value)


def test_test_file_with_an_unknown_class_names_its_row(tmp_path: Path) -> None:
    train = image_csv_zip(tmp_path / "train.zip", ROWS, IMAGES)
    test = image_csv_zip(tmp_path / "test.zip", [("img/0.png", "1"), ("img/1.png", "9")], IMAGES)
    message = _error(train, TestSplit(file=str(test)))
    assert "test.zip: data/train.csv row 2: the label '9' is not one of" in message


def test_test_file_with_other_columns_names_them(tmp_path: Path) -> None:
    train = tmp_path / "train.csv"
    train.write_text("x:a,x:b,y\n1,2,0\n3,4,1\n")
    test = tmp_path / "test.csv"
    test.write_text("x:a,x:c,y\n1,2,0\n")
    message = _error(train, TestSplit(file=str(test)))
    assert (
        "test.csv: its input columns (x:a,x:c) differ from the training file's (x:a,x:b)" in message
    )


@pytest.mark.parametrize("fraction", [0.0, -0.1, 0.51, 1.0])
def test_fraction_outside_zero_to_a_half_is_refused(tmp_path: Path, fraction: float) -> None:
    message = _error(_numbered_csv(tmp_path / "rows.csv"), TestSplit(fraction=fraction))
    assert f"test_fraction must be more than 0 and at most 0.5, not {fraction}" in message


def test_builtin_sets_take_a_fraction_but_no_test_file(tmp_path: Path) -> None:
    data = load_dataset("xor", test=TestSplit(fraction=0.1, seed=1))
    assert data.x_test is not None and data.sizes["test"] == round(0.1 * sum(data.sizes.values()))
    with pytest.raises(DatasetError, match="a test file goes with an uploaded one only"):
        load_dataset("xor", test=TestSplit(file=str(tmp_path / "t.zip")))
