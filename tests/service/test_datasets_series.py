"""A CSV uploaded as a time series (`series_*` form fields): windows split in time order, and
bad settings or cells refused with a 422 that names them, leaving nothing behind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.service.conftest import SQLITE_ONLY, Service
from tests.service.test_datasets import stored_files, stored_rows


def temperatures(folder: Path, bad_row: int | None = None) -> Path:
    path = folder / "temps.csv"
    rows = [f"2020-01-{day:02d},{10 + day % 3},{day % 5}" for day in range(1, 31)]
    if bad_row is not None:
        rows[bad_row - 1] = f"2020-01-{bad_row:02d},warm,1"
    path.write_text("date,temp,wind\n" + "\n".join(rows) + "\n")
    return path


def upload_series(service: Service, path: Path, **fields: str) -> Any:
    with path.open("rb") as file:
        return service.client.post(
            "/api/datasets",
            files={"file": (path.name, file, "text/csv")},
            data={f"series_{key}": value for key, value in fields.items()},
            headers=service.alice,
        )


def test_a_series_upload_is_windows_split_in_time_order(service: Service, tmp_path: Path) -> None:
    answer = upload_series(service, temperatures(tmp_path), column="temp", features="wind",
                           window="7", horizon="2", validation="0.25")  # fmt: skip
    assert answer.status_code == 201, answer.text
    info = answer.json()["info"]
    assert info["task"] == "regression"
    assert info["sample_shape"] == [7, 2] and info["target_shape"] == [1]
    windows = 30 - 7 - 2 + 1
    assert info["sizes"] == {"train": windows - 6, "validation": 6}
    assert info["series"] == {"column": "temp", "features": ["wind"], "window": 7,
                              "horizon": 2, "validation": 0.25}  # fmt: skip


@SQLITE_ONLY
def test_bad_series_settings_and_cells_are_422_naming_them(
    service: Service, tmp_path: Path
) -> None:
    too_long = upload_series(service, temperatures(tmp_path), column="temp", window="40")
    assert too_long.status_code == 422
    assert "has 30 steps: a window of 40" in too_long.json()["detail"]["message"]
    bad_cell = upload_series(service, temperatures(tmp_path, bad_row=4), column="temp", window="5")
    assert bad_cell.status_code == 422
    assert bad_cell.json()["detail"]["message"] == (
        "temps.csv row 4, column temp: 'warm' is not a number"
    )
    not_a_number = upload_series(service, temperatures(tmp_path), column="temp", window="week")
    assert not_a_number.status_code == 422
    (problem,) = not_a_number.json()["detail"]
    assert problem["loc"] == ["body", "series_window"]
    assert (problem["code"], problem["msg"]) == (
        "param.integer",
        "series_window must be an integer",
    )
    no_column = upload_series(service, temperatures(tmp_path), window="5")
    assert no_column.status_code == 422
    assert no_column.json()["detail"][0]["loc"] == ["body", "series_column"]
    assert stored_rows(service) == 0 and stored_files(service) == []
