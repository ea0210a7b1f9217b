"""Uploaded CSVs with more variables (issue 15): a column headed x2:… is input variable x2
(numbers, or a column of image paths), y2:… is target variable y2 (class labels); a CSV
without such columns means what it meant; errors name the column and the row."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from worker.datasets import DatasetError, load_dataset
from worker.datasets.inspect import describe

from .helpers import png, write_zip


def test_numeric_x2_and_a_y2_label_column(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    rows = "".join(f"{i},{i * 2},{10 + i},{i % 2},{'ab'[i % 2]}\n" for i in range(8))
    path.write_text("x__0,x__1,x2:size,y:label,y2:kind\n" + rows)
    data = load_dataset(str(path), validation_split=0, cache_dir=tmp_path / "cache")
    assert data.sample_shape == (2,) and data.input_shapes == {"x": (2,), "x2": (1,)}
    mean, std = data.more_x_scaling["x2"]  # numbers beside a standardised x: scaled like x
    assert mean.tolist() == [13.5]
    assert float(data.more_x_train["x2"].mean()) == pytest.approx(0, abs=1e-6)
    raw = data.more_x_train["x2"] * std + mean
    assert raw.flatten().tolist() == pytest.approx([10.0 + i for i in range(8)])
    assert data.y_train.tolist() == [i % 2 for i in range(8)]
    assert data.more_classes == {"y2": ["a", "b"]}
    assert data.more_train["y2"].tolist() == [i % 2 for i in range(8)]
    info = describe(data)
    assert info["more_inputs"] == {"x2": [1]} and info["more_targets"] == {"y2": ["a", "b"]}
    again = load_dataset(str(path), validation_split=0, cache_dir=tmp_path / "cache")  # cached
    assert torch.equal(again.more_x_train["x2"], data.more_x_train["x2"])
    assert again.more_classes == data.more_classes


def test_an_x2_column_of_images(tmp_path: Path) -> None:
    files: dict[str, bytes | str] = {f"data/img/{i}.png": png(30 * i) for i in range(6)}
    files |= {f"data/other/{i}.png": png(200 - 30 * i, size=(4, 4)) for i in range(6)}
    lines = "".join(f"img/{i}.png,other/{i}.png,{i % 2}\n" for i in range(6))
    files["data/train.csv"] = "x:image,x2:image,y:label\n" + lines
    path = write_zip(tmp_path / "two.zip", files)
    data = load_dataset(str(path), validation_split=0.5, seed=0, cache_dir=tmp_path / "c")
    assert data.input_shapes == {"x": (1, 8, 8), "x2": (1, 4, 4)}
    for x, x2 in zip(data.x_train, data.more_x_train["x2"], strict=True):
        i = round(float(x[0, 0, 0]) * 255 / 30)  # image i beside other image i
        assert round(float(x2[0, 0, 0]) * 255) == 200 - 30 * i


def test_a_csv_without_more_columns_means_what_it_meant(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("x2,y2__0,y:label\n" + "".join(f"{i},{i},{i % 2}\n" for i in range(6)))
    data = load_dataset(str(path), validation_split=0, cache_dir=tmp_path / "cache")
    assert data.sample_shape == (2,)  # x2 and y2__0 with no ":" are inputs of x, as before
    assert data.more_x_train == {} and data.more_classes == {}


def test_an_empty_y2_label_names_its_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "gap.csv"
    path.write_text("x__0,y:label,y2:kind\n0,0,a\n1,1,\n2,0,b\n")
    with pytest.raises(DatasetError, match=r"gap\.csv row 2: column y2:kind is empty"):
        load_dataset(str(path), validation_split=0, cache_dir=tmp_path / "cache")


def test_a_non_number_x2_cell_names_its_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("x__0,x2:a,x2:b,y:label\n0,1,2,0\n1,oops,3,1\n")
    with pytest.raises(DatasetError) as caught:
        load_dataset(str(path), validation_split=0, cache_dir=tmp_path / "cache")
    assert "row 2" in str(caught.value) and "x2:a" in str(caught.value)


def test_a_y2_target_of_two_columns_is_refused_naming_them(tmp_path: Path) -> None:
    path = tmp_path / "two.csv"
    path.write_text("x__0,y:label,y2__0:a,y2__1:b\n0,0,1,2\n1,1,3,4\n")
    with pytest.raises(DatasetError, match=r"y2__0:a, y2__1:b"):
        load_dataset(str(path), validation_split=0, cache_dir=tmp_path / "cache")


def test_a_y2_column_beside_a_numeric_y_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "values.csv"
    path.write_text("x__0,y,y2:kind\n0,0.5,a\n1,1.5,b\n2,2.5,a\n")
    with pytest.raises(DatasetError, match=r"columns y2:kind \(more targets\)"):
        load_dataset(str(path), validation_split=0, cache_dir=tmp_path / "cache")
