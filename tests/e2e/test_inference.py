"""Run a trained job over a dataset from its page: upload a zip in the "Run on a dataset"
panel, run, see it done, download the CSV (one row per sample, a probability per class),
and see the run again after a reload.

The job is sent through the API (a short XOR run); the page is driven in Chromium.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

from playwright.sync_api import expect

from netcanvas import samples
from tests.e2e.editor import Editor, api

RUN_MS = 120_000
POINTS = [(1.0, 1.0, 0), (-1.0, 1.0, 1), (-1.0, -1.0, 0)]


def points_zip(folder: Path) -> Path:
    path = folder / "points.zip"
    with zipfile.ZipFile(path, "w") as archive:
        rows = "".join(f"{a},{b},{y}\n" for a, b, y in POINTS)
        archive.writestr("train.csv", "x__0,x__1,y\n" + rows)
    return path


def test_run_a_job_over_an_uploaded_dataset_and_download_the_csv(
    editor: Editor, tmp_path: Path
) -> None:
    body = {"graph": samples.load("xor_mlp"), "dataset": "xor", "config": {"epochs": 2}}
    job_id = api(editor.base_url, "/api/jobs", body)["id"]
    page = editor.page
    page.goto(f"{editor.base_url}/#/jobs/{job_id}")
    expect(editor.testid("job-detail")).to_have_attribute(
        "data-status", "succeeded", timeout=RUN_MS
    )

    panel = editor.testid("inference-panel")
    panel.scroll_into_view_if_needed()
    expect(panel).to_contain_text("Run on a dataset")
    editor.testid("inference-upload").set_input_files(str(points_zip(tmp_path)))
    chosen = editor.testid("inference-dataset")
    expect(chosen).not_to_have_value("", timeout=30_000)  # the upload, selected
    editor.testid("inference-start").click()
    run = editor.testid("inference-run").first
    expect(run).to_have_attribute("data-status", "succeeded", timeout=RUN_MS)
    expect(run.get_by_test_id("inference-rows")).to_have_text("3 of 3 rows")

    with page.expect_download() as info:
        editor.testid("inference-download").click()
    assert info.value.suggested_filename.endswith("-inference.csv")
    with open(info.value.path(), newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [r["id"] for r in rows] == ["0", "1", "2"]
    assert [r["y"] for r in rows] == ["0", "1", "0"]
    for row in rows:
        assert abs(float(row["p_0"]) + float(row["p_1"]) - 1) < 1e-4
        assert row["y'"] in ("0", "1")

    page.reload()  # the run is kept with the job
    expect(editor.testid("inference-run").first).to_have_attribute(
        "data-status", "succeeded", timeout=30_000
    )
