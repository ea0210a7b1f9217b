"""The temperature forecast as the lecture runs it: open the LSTM temperature sample, Train,
Start without touching a setting, and the job page plots the forecast against the truth over
all of 2015 with the mean absolute and the maximum error beside it, in °C. The job page and
the jobs list call the dataset and the curves by their names, in English and Japanese.

A real job on the real worker, as `test_sample_lesson.py` runs one.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from netcanvas import samples
from tests.e2e.editor import Editor, api

RUN_S = 240


def test_lstm_temperature_trains_as_it_comes_and_plots_2015(editor: Editor, server: str) -> None:
    page = editor.page
    lesson = samples.lesson("lstm_temperature")
    editor.open_sample("lstm_temperature")
    editor.expect_valid()

    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    expect(panel.get_by_test_id("launch-dataset")).to_have_value("seattle_temperature")
    expect(panel.get_by_test_id("launch-note")).to_contain_text("1.9 °C and 7.3 °C")
    panel.get_by_test_id("launch-start").click()

    expect(page).to_have_url(re.compile(r"#/jobs/\d+$"))
    job_id = int(page.url.rsplit("/", 1)[1])
    detail = editor.testid("job-detail")
    expect(detail).to_have_attribute("data-status", "succeeded", timeout=RUN_S * 1000)

    evaluation = api(server, f"/api/jobs/{job_id}/evaluation")
    assert evaluation["mae"] <= lesson.expect[0].at_most, evaluation["mae"]
    chart = editor.testid("forecast-chart")
    expect(chart).to_have_attribute("data-points", "365")  # every day of 2015
    expect(chart.locator("canvas")).to_have_count(1)
    expect(editor.testid("forecast-period")).to_contain_text("2015-01-01")
    assert evaluation["series"]["unit"] == "°C"  # the built-in dataset's unit
    expect(editor.testid("forecast-mae")).to_have_text(f"{evaluation['mae']:.2f} °C")
    expect(editor.testid("forecast-max-error")).to_have_text(f"{evaluation['max_error']:.2f} °C")

    # The dataset by its title and the curves by their metrics' names, not their keys.
    expect(editor.testid("job-dataset")).to_have_text("Seattle daily temperature")
    mae = editor.testid("curve-accuracy")  # a regression's: the validation MAE
    expect(mae).to_contain_text("Validation MAE")
    expect(mae).not_to_contain_text("val_mae")
    expect(editor.testid("curve-loss")).to_contain_text("Training loss")
    expect(editor.testid("curve-loss")).to_contain_text("Validation loss")
    editor.testid("language").select_option("ja")
    expect(editor.testid("job-dataset")).to_have_text("シアトルの日平均気温")
    expect(mae).to_contain_text("検証 MAE")
    expect(editor.testid("curve-loss")).to_contain_text("学習損失")
    editor.expect_listed_by_name(
        job_id, "シアトルの日平均気温", "Seattle daily temperature", "seattle_temperature"
    )
