"""The datasets page's time series option: a CSV column cut into windows of the chosen length,
a bad cell refused naming its row and column, then the fixed file kept with its settings."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.test_datasets import open_datasets, uploads


def series_csv(path: Path, bad_row: int | None = None) -> Path:
    rows = [f"2020-01-{day:02d},{10 + day % 4},{day % 3}" for day in range(1, 31)]
    if bad_row is not None:
        rows[bad_row - 1] = f"2020-01-{bad_row:02d},n/a,1"
    path.write_text("date,temp,wind\n" + "\n".join(rows) + "\n")
    return path


def test_a_csv_uploads_as_a_series_and_a_bad_cell_is_named(
    page: Page, server: str, tmp_path: Path
) -> None:
    open_datasets(page, server)
    page.get_by_test_id("upload-name").fill("january")
    page.get_by_test_id("series-on").check()
    page.get_by_test_id("series-column").fill("temp")
    page.get_by_test_id("series-features").fill("wind")
    page.get_by_test_id("series-window").fill("7")

    page.get_by_test_id("upload-input").set_input_files(str(series_csv(tmp_path / "jan.csv", 5)))
    problems = page.get_by_test_id("upload-problems").locator("li")
    expect(problems).to_have_count(1, timeout=60_000)
    expect(problems.first).to_have_text("jan.csv row 5, column temp: 'n/a' is not a number")

    page.get_by_test_id("upload-input").set_input_files(str(series_csv(tmp_path / "jan.csv")))
    status = page.get_by_test_id("upload-status")
    expect(status).to_have_attribute("data-phase", "done", timeout=60_000)
    (mine,) = [d for d in uploads(server) if d["name"] == "january"]
    assert mine["info"]["sample_shape"] == [7, 2]
    assert mine["info"]["sizes"] == {"train": 18, "validation": 5}  # 23 windows, the last 20 %
    assert mine["info"]["series"]["window"] == 7
