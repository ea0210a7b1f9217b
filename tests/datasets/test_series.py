"""Time series: windows of a chosen length and horizon, split in time order with no leakage,
the built-in Seattle temperatures, and uploaded series with their errors."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from netcanvas.series import SeriesSettings, settings_path
from worker.datasets import DatasetError, builtin, load_dataset
from worker.datasets.series import cut_windows, first_validation_step, split_in_time

STEPS = np.arange(40, dtype=np.float64)


def ramp(features: int = 1) -> np.ndarray:
    """(40, F): feature f at step t is 100 f + t, so every value says where it came from."""
    return np.stack([STEPS + 100 * f for f in range(features)], axis=1)


def test_each_window_is_consecutive_steps_and_its_target_the_next_step() -> None:
    windows = cut_windows(ramp(2), 0, 5, 1, "ramp")
    assert windows.x.shape == (35, 5, 2) and windows.y.shape == (35, 1)
    assert windows.x[3, :, 0].tolist() == [3, 4, 5, 6, 7]
    assert windows.x[3, :, 1].tolist() == [103, 104, 105, 106, 107]
    assert windows.y[3, 0] == 8 and windows.target_steps[3] == 8


def test_the_horizon_is_how_many_steps_after_the_window_the_target_is() -> None:
    windows = cut_windows(ramp(), 0, 5, 3, "ramp")
    assert len(windows.x) == 40 - 5 - 3 + 1
    assert windows.x[0, -1, 0] == 4 and windows.y[0, 0] == 7  # three steps after the last


def test_the_split_is_in_time_order_and_training_never_sees_the_validation_period() -> None:
    windows = cut_windows(ramp(), 0, 5, 2, "ramp")
    first = first_validation_step(40, 5, 2, 0.25)
    decoded = split_in_time(windows, first, "ramp")
    assert decoded.x_val is not None and decoded.y_val is not None
    # every value a training window reads or predicts comes before the validation period
    assert decoded.x.max() < first and decoded.y.max() < first
    assert decoded.y_val.min() >= first
    assert decoded.y_val[:, 0].tolist() == sorted(decoded.y_val[:, 0].tolist())  # in order
    assert len(decoded.y_val) == round(len(windows.y) * 0.25)
    assert decoded.val_steps == [str(int(v)) for v in decoded.y_val[:, 0]]


def test_finish_keeps_the_time_split_whatever_the_seed_and_fraction(tmp_path: Path) -> None:
    csv = tmp_path / "ramp.csv"
    csv.write_text("t,value\n" + "".join(f"{t},{t * 2}\n" for t in range(40)))
    settings_path(csv).write_text(SeriesSettings(column="value", window=4).model_dump_json())
    a = load_dataset(str(csv), seed=1, validation_split=0.5)
    b = load_dataset(str(csv), seed=2, validation_split=0.1)
    assert a.sizes == b.sizes == {"train": 29, "validation": 7}
    assert a.y_val[:, 0].tolist() == [2.0 * t for t in range(33, 40)]
    assert a.y_train.max() < a.y_val.min()
    assert a.val_steps == [str(t) for t in range(33, 40)]  # the first column names the steps


def test_a_window_longer_than_the_series_is_refused_naming_both() -> None:
    with pytest.raises(DatasetError, match="40 steps: a window of 45") as caught:
        cut_windows(ramp(), 0, 45, 1, "ramp")
    assert caught.value.coded[0][0] == "series.too_short"


def test_a_non_numeric_cell_is_refused_naming_its_row_and_column(tmp_path: Path) -> None:
    csv = tmp_path / "temps.csv"
    csv.write_text("date,temp,wind\n1,5.0,2\n2,oops,3\n3,6.0,x\n" + "4,1,1\n" * 10)
    settings = SeriesSettings(column="temp", features=["wind"], window=3)
    settings_path(csv).write_text(settings.model_dump_json())
    with pytest.raises(DatasetError) as caught:
        load_dataset(str(csv))
    assert "temps.csv row 2, column temp: 'oops' is not a number" in caught.value.problems
    assert "temps.csv row 3, column wind: 'x' is not a number" in caught.value.problems


def test_an_unknown_column_is_refused_listing_the_columns(tmp_path: Path) -> None:
    csv = tmp_path / "temps.csv"
    csv.write_text("date,temp\n" + "1,1\n" * 10)
    settings_path(csv).write_text(SeriesSettings(column="tmp", window=3).model_dump_json())
    with pytest.raises(DatasetError, match="no column 'tmp'; its columns are date, temp"):
        load_dataset(str(csv))


def test_seattle_trains_on_2012_to_2014_and_validates_on_2015_in_celsius() -> None:
    data = load_dataset("seattle_temperature")
    assert data.sizes == {"train": 731, "validation": 365}
    assert data.val_steps is not None
    assert data.val_steps[0] == "2015-01-01" and data.val_steps[-1] == "2015-12-31"
    dates, values = builtin.seattle_days()
    first = dates.index("2015/01/01")
    # targets are the days' mean temperatures in °C, in time order
    assert data.y_val[:, 0].tolist() == pytest.approx(values[first:, 0].tolist(), abs=1e-5)
    assert data.y_train[:, 0].tolist() == pytest.approx(values[365:first, 0].tolist(), abs=1e-5)
    assert float(data.y_val.min()) > -10 and float(data.y_val.max()) < 35
    assert abs(float(data.x_train.mean())) < 0.1  # inputs standardised with training statistics


def test_a_zip_holding_one_csv_is_a_series_and_one_holding_two_is_refused(tmp_path: Path) -> None:
    text = "day,level\n" + "".join(f"{t},{t % 7}\n" for t in range(30))
    upload = tmp_path / "levels.zip"
    with zipfile.ZipFile(upload, "w") as archive:
        archive.writestr("levels/levels.csv", text)
        archive.writestr("__MACOSX/levels/._levels.csv", "junk")
    settings_path(upload).write_text(SeriesSettings(column="level", window=5).model_dump_json())
    assert load_dataset(str(upload)).sample_shape == (5, 1)
    with zipfile.ZipFile(upload, "a") as archive:
        archive.writestr("levels/more.csv", text)
    with pytest.raises(DatasetError, match=r"only one in a zip; found levels/levels\.csv, levels"):
        load_dataset(str(upload))
