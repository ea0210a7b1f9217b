"""Anomaly detection in the browser: the anomaly autoencoder sample, trained as it comes, and
its job page: the reconstruction-error histogram per class, the ROC curve with its AUC, and a
threshold slider whose move changes precision and recall. The job page and the jobs list
name its dataset by its title, in English and Japanese.

A real job on the real worker, as `test_sample_lesson.py` runs one.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from netcanvas import samples
from tests.e2e.editor import Editor, api

RUN_S = 240
RATIO = re.compile(r"^[01]\.\d{3}$")  # precision and recall read as sklearn's report reads them


def test_anomaly_sample_shows_histogram_roc_and_a_threshold(editor: Editor, server: str) -> None:
    page = editor.page
    lesson = samples.lesson("anomaly_autoencoder")
    editor.open_sample("anomaly_autoencoder")
    editor.expect_valid()
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    expect(panel.get_by_test_id("launch-dataset")).to_have_value("sine_anomaly")
    panel.get_by_test_id("launch-start").click()

    expect(page).to_have_url(re.compile(r"#/jobs/\d+$"))
    job_id = int(page.url.rsplit("/", 1)[1])
    detail = editor.testid("job-detail")
    expect(detail).to_have_attribute("data-status", "succeeded", timeout=RUN_S * 1000)
    job = api(server, f"/api/jobs/{job_id}")
    bound = lesson.expect[0]
    assert bound.metric == "val_auc" and bound.holds(job["summary"]["val_auc"]), job["summary"]

    anomaly = editor.testid("anomaly")
    expect(anomaly.get_by_test_id("anomaly-histogram")).to_have_attribute("data-bins", "200")
    expect(anomaly.get_by_test_id("anomaly-histogram").locator("rect").first).to_be_visible()
    auc = re.compile(r"^AUC (0\.9\d\d|1\.000)$")
    expect(anomaly.get_by_test_id("anomaly-auc")).to_have_text(auc)
    expect(anomaly.get_by_test_id("anomaly-roc").locator("canvas")).to_be_visible()

    precision = anomaly.get_by_test_id("anomaly-precision")
    recall = anomaly.get_by_test_id("anomaly-recall")
    expect(precision).to_have_text(RATIO)
    before = (precision.inner_text(), recall.inner_text())
    slider = anomaly.get_by_test_id("anomaly-threshold")
    slider.fill("0")  # the lowest threshold flags every sample: recall 100 %
    expect(recall).to_have_text("1.000")
    assert (precision.inner_text(), recall.inner_text()) != before
    everything = precision.inner_text()  # the share of anomalies in the validation set
    anomaly.get_by_test_id("anomaly-best-f1").click()
    expect(precision).not_to_have_text(everything)
    assert float(precision.inner_text()) > float(everything)

    # The dataset by its title, not its key (`sine_anomaly`), here and in the jobs list.
    expect(editor.testid("job-dataset")).to_have_text("Sine wave anomalies")
    editor.testid("language").select_option("ja")
    expect(editor.testid("job-dataset")).to_have_text("正弦波の異常")
    editor.expect_listed_by_name(job_id, "正弦波の異常", "Sine wave anomalies", "sine_anomaly")
