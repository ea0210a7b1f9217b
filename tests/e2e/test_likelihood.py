"""The likelihood graph and the reliability diagram in the browser: the cross-entropy sample on
the digits, trained as it comes, and its job page: right and wrong answers per likelihood bin,
the accuracy and coverage by threshold, the reliability diagram with its ECE, the CSV download.

A real job on the real worker, as `test_anomaly.py` runs one. Takes the README's screenshot
(docs/images/likelihood.png).
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.editor import Editor, api

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
RUN_S = 240


def test_likelihood_graph_and_reliability_diagram(editor: Editor, server: str) -> None:
    page = editor.page
    editor.open_sample("loss_cross_entropy")
    editor.expect_valid()
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    expect(panel.get_by_test_id("launch-dataset")).to_have_value("digits")
    panel.get_by_test_id("launch-start").click()

    expect(page).to_have_url(re.compile(r"#/jobs/\d+$"))
    job_id = int(page.url.rsplit("/", 1)[1])
    detail = editor.testid("job-detail")
    expect(detail).to_have_attribute("data-status", "succeeded", timeout=RUN_S * 1000)
    calibration = api(server, f"/api/jobs/{job_id}/evaluation")["calibration"]
    bins = calibration["bins"]
    assert sum(b["right"] + b["wrong"] for b in bins) == calibration["total"] > 0

    # The likelihood graph: every bin's right and wrong counts, as the worker counted them.
    section = editor.testid("likelihood")
    expect(section.get_by_test_id("likelihood-bars")).to_be_visible(timeout=30_000)
    for k, b in enumerate(bins):
        bar = section.get_by_test_id(f"likelihood-bin-{k}")
        expect(bar).to_have_attribute("data-right", str(b["right"]))
        expect(bar).to_have_attribute("data-wrong", str(b["wrong"]))
    fullest = max(range(10), key=lambda k: bins[k]["right"] + bins[k]["wrong"])
    counts = f"{bins[fullest]['right']} / {bins[fullest]['wrong']}"
    expect(section.get_by_test_id(f"likelihood-bin-{fullest}").locator("text").first).to_have_text(
        counts
    )
    thresholds = section.get_by_test_id("likelihood-thresholds")
    expect(thresholds).to_have_attribute("data-points", "10")
    expect(thresholds.locator("canvas")).to_be_visible()

    # The reliability diagram and its ECE, with the numbers beside it.
    expect(section.get_by_test_id("likelihood-ece")).to_have_text(f"ECE {calibration['ece']:.3f}")
    used = sum(1 for b in bins if b["accuracy"] is not None)
    expect(section.get_by_test_id("reliability-diagram").locator("circle")).to_have_count(used)
    expect(section.get_by_test_id("likelihood-table").locator("tbody tr")).to_have_count(10)
    expect(section.get_by_test_id("likelihood-verdict")).not_to_be_empty()

    # The data as CSV: a header and one row per bin, the counts the page shows.
    with page.expect_download() as info:
        section.get_by_test_id("likelihood-csv").click()
    lines = Path(info.value.path()).read_text().strip().split("\n")
    assert lines[0] == "bin,lo,hi,right,wrong,accuracy,confidence" and len(lines) == 11
    row = [float(v) for v in lines[1 + fullest].split(",")[:5]]
    b = bins[fullest]
    assert row == [fullest, b["lo"], b["hi"], b["right"], b["wrong"]]

    page.evaluate(
        "() => { const m = document.querySelector('.page-main');"
        " const e = document.querySelector('[data-testid=likelihood]');"
        " m.scrollTo(0, e.getBoundingClientRect().top + m.scrollTop - 60); }"
    )
    page.mouse.move(10, 890)
    page.wait_for_timeout(300)
    IMAGES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(IMAGES / "likelihood.png"))
