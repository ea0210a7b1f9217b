"""Weights and gradients in the browser: the deep Sigmoid sample trained for 2 epochs, its job
page's gradient and weight norms with a line per layer, a layer's histograms, the figures
beside them, the CSV download; takes the README's screenshot (docs/images/gradients.png).

A real job on the real worker, as `test_anomaly.py` runs one.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.editor import Editor, api

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
RUN_S = 240
LAYERS = ["fc1", "fc2", "fc3", "fc4", "fc5", "fc6", "fc7", "fc8", "out"]


def test_gradients_view_shows_norms_per_layer_and_a_layers_histograms(
    editor: Editor, server: str
) -> None:
    page = editor.page
    editor.open_sample("activation_sigmoid")
    editor.expect_valid()
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    expect(panel.get_by_test_id("launch-dataset")).to_have_value("spiral")
    panel.get_by_test_id("launch-epochs").fill("2")
    panel.get_by_test_id("launch-start").click()

    expect(page).to_have_url(re.compile(r"#/jobs/\d+$"))
    job_id = int(page.url.rsplit("/", 1)[1])
    expect(editor.testid("job-detail")).to_have_attribute(
        "data-status", "succeeded", timeout=RUN_S * 1000
    )
    view = editor.testid("gradients")
    expect(view).to_have_attribute("data-epochs", "2")
    expect(view).to_have_attribute("data-layers", str(len(LAYERS)))
    # A line per layer, named by node id in each chart's legend.
    for chart in ("gradients-grad", "gradients-weight"):
        legend = view.get_by_test_id(chart).locator(".u-legend .u-series")
        expect(legend).to_have_count(len(LAYERS))
        expect(legend.first).to_contain_text("fc1")
        expect(legend.last).to_contain_text("out")
        expect(view.get_by_test_id(chart).locator("canvas")).to_be_visible()  # drawn

    # The first layer's histograms: 2·32 + 32 weights, as many gradients, in 30 bins.
    weights, grads = (
        view.get_by_test_id("gradients-weight-hist"),
        view.get_by_test_id("gradients-grad-hist"),
    )
    expect(weights).to_have_attribute("data-total", "96")
    view.get_by_test_id("gradients-layer").select_option("out")
    expect(weights).to_have_attribute("data-total", str(32 * 3 + 3))
    expect(grads).to_have_attribute("data-total", str(32 * 3 + 3))
    expect(grads).to_have_attribute("data-bins", "30")
    expect(grads.locator("canvas")).to_be_visible()
    view.get_by_test_id("gradients-epoch").select_option("1")
    table = view.get_by_test_id("gradients-table")
    expect(table.locator("tr.chosen")).to_have_attribute("data-layer", "out")

    # The figures beside the chart are the stored ones: the vanishing gradient, in numbers.
    epochs = api(server, f"/api/jobs/{job_id}/epochs")
    first = epochs[0]["layers"]
    assert first["fc1"]["grad_norm"] < 1e-3 * first["out"]["grad_norm"], first
    assert len(first["out"]["grad_hist"]["counts"]) == 30
    row = table.locator("tr[data-layer=out] td")
    expect(row.nth(2)).to_have_text(re.compile(r"^\d"))

    with page.expect_download() as download:
        view.get_by_test_id("gradients-csv").click()
    lines = Path(download.value.path()).read_text("utf-8").splitlines()
    assert lines[0] == "epoch,layer,weight_norm,grad_norm"
    assert len(lines) == 1 + 2 * len(LAYERS) and lines[1].startswith("1,fc1,")

    view.get_by_test_id("gradients-layer").select_option("fc1")
    view.get_by_test_id("gradients-epoch").select_option("2")
    view.scroll_into_view_if_needed()
    view.screenshot(path=str(IMAGES / "gradients.png"))
