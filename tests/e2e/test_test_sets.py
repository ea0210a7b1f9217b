"""A test set in the browser: upload a dataset with its test file, train on it, and see the
test accuracy beside the validation's on the job page, in English and in Japanese.

The upload goes through the datasets page; the job is sent through the API (a short xor run).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np
from playwright.sync_api import Page, expect

from netcanvas import samples
from tests.e2e.editor import Editor, api
from tests.e2e.figures import percent_text

RUN_MS = 120_000


def xor_zip(path: Path, n: int, seed: int) -> Path:
    """XOR points as NNC's tabular CSV (x__0,x__1,y) in a zip."""
    points = np.random.default_rng(seed).uniform(-1, 1, (n, 2))
    labels = ((points[:, 0] > 0) != (points[:, 1] > 0)).astype(int)
    rows = "".join(f"{a:.4f},{b:.4f},{y}\n" for (a, b), y in zip(points, labels, strict=True))
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xor.csv", "x__0,x__1,y\n" + rows)
    return path


def test_upload_a_test_set_and_see_the_test_accuracy(
    page: Page, server: str, tmp_path: Path
) -> None:
    page.goto(f"{server}/#/datasets")
    expect(page.get_by_test_id("datasets-page")).to_be_visible(timeout=30_000)
    page.get_by_test_id("upload-test-kind").select_option("file")
    page.get_by_test_id("upload-test-file").set_input_files(str(xor_zip(tmp_path / "t.zip", 60, 1)))
    page.get_by_test_id("upload-name").fill("xor with a test set")
    page.get_by_test_id("upload-input").set_input_files(str(xor_zip(tmp_path / "x.zip", 240, 0)))
    status = page.get_by_test_id("upload-status")
    expect(status).to_have_attribute("data-phase", "done", timeout=60_000)
    sizes = page.get_by_test_id("split-sizes").locator('[data-split="test"]')
    expect(sizes).to_contain_text("test")
    expect(sizes).to_contain_text("60")
    expect(page.get_by_test_id("dataset-samples")).to_contain_text("60 test")
    (mine,) = [d for d in api(server, "/api/datasets")["uploads"] if d["filename"] == "x.zip"]
    assert mine["info"]["test"]["filename"] == "t.zip"

    config = {"epochs": 8, "batch_size": 32, "lr": 0.05, "seed": 1}
    body = {"graph": samples.load("xor_mlp"), "dataset": mine["ref"], "config": config}
    job_id = api(server, "/api/jobs", body)["id"]
    page.goto(f"{server}/#/jobs/{job_id}")
    detail = page.get_by_test_id("job-detail")
    expect(detail).to_have_attribute("data-status", "succeeded", timeout=RUN_MS)
    evaluation = api(server, f"/api/jobs/{job_id}/evaluation")
    section = page.get_by_test_id("test-evaluation")
    expect(section).to_contain_text("60 samples, never trained or validated on")
    test_accuracy = percent_text(evaluation["test"]["accuracy"])
    expect(section.get_by_test_id("test-accuracy")).to_have_text(test_accuracy)
    expect(section.get_by_test_id("validation-accuracy")).to_have_text(
        percent_text(evaluation["accuracy"])
    )
    expect(section.get_by_test_id("test-vs-validation").locator("thead")).to_contain_text(
        "Validation"
    )
    val_loss = f"{api(server, f'/api/jobs/{job_id}')['summary']['val_loss']:.4f}"
    expect(section.get_by_test_id("validation-loss")).to_have_text(val_loss)
    expect(section.get_by_test_id("test-loss")).to_have_text(f"{evaluation['test']['loss']:.4f}")

    page.evaluate("localStorage.setItem('netcanvas.language', 'ja')")
    page.reload()
    section = page.get_by_test_id("test-evaluation")
    expect(section).to_contain_text("テストセット", timeout=30_000)
    expect(section.get_by_test_id("test-vs-validation").locator("thead")).to_contain_text("検証")
    expect(section.get_by_test_id("test-accuracy")).to_have_text(test_accuracy)
    expect(section.get_by_test_id("validation-loss")).to_have_text(val_loss)


def test_a_test_fraction_from_the_launch_panel_on_a_built_in_set(
    editor: Editor, server: str
) -> None:
    """The launch panel's Test fraction (a built-in set only) holds out a test set, and the job
    page shows it beside the validation's, after a reload too."""
    page = editor.page
    editor.open_sample("xor_mlp")
    editor.expect_valid()
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    dataset = panel.get_by_test_id("launch-dataset")
    dataset.select_option("seattle_temperature")  # a series: its split is fixed
    expect(panel.get_by_test_id("launch-test-fraction")).to_have_count(0)
    dataset.select_option("xor")
    fraction = panel.get_by_test_id("launch-test-fraction")
    expect(fraction).to_have_value("0")
    fraction.fill("0.6")
    expect(panel.get_by_test_id("launch-test-fraction-error")).to_contain_text("≤ 0.5")
    fraction.fill("0.25")
    panel.get_by_test_id("launch-start").click()

    expect(page).to_have_url(re.compile(r"#/jobs/\d+$"))
    job_id = int(page.url.rsplit("/", 1)[1])
    expect(editor.testid("job-detail")).to_have_attribute("data-status", "succeeded",
                                                          timeout=RUN_MS)  # fmt: skip
    assert api(server, f"/api/jobs/{job_id}")["config"]["test_fraction"] == 0.25
    page.reload()
    expect(editor.testid("job-test-fraction")).to_have_text("test set: 25% held out",
                                                            timeout=30_000)  # fmt: skip
    section = editor.testid("test-evaluation")
    expect(section).to_contain_text("100 samples, never trained or validated on")
    test_accuracy = api(server, f"/api/jobs/{job_id}/evaluation")["test"]["accuracy"]
    expect(section.get_by_test_id("test-accuracy")).to_have_text(percent_text(test_accuracy))
