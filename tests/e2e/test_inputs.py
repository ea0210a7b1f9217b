"""A network with two Inputs in the browser (issue 15): the digits_siamese sample from the
menu shows layer previews on both Inputs, trains for two epochs on digits_pairs with the real
worker; the job page says up front why "Inside the network" is not offered; try-it shows one
drawing pad per Input and answers "same" or "different" for the two drawings."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, expect

from tests.e2e.editor import Editor

RUN_S = 90
PREVIEW_MS = 60_000  # the first answer: a worker process decodes digits_pairs once


def stroke(canvas: Locator) -> None:
    """A vertical stroke down the middle of a drawing pad."""
    box = canvas.bounding_box()
    assert box is not None
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    mouse = canvas.page.mouse
    mouse.move(x + w * 0.5, y + h * 0.2)
    mouse.down()
    mouse.move(x + w * 0.5, y + h * 0.5, steps=5)
    mouse.move(x + w * 0.5, y + h * 0.8, steps=5)
    mouse.up()


def test_digits_siamese_trains_and_tries_two_drawings(editor: Editor, server: str) -> None:
    page = editor.page
    editor.open_sample("digits_siamese")
    editor.expect_valid()
    # layer previews: each Input fed its variable of one digits_pairs sample
    editor.testid("layer-preview-toggle").check()
    for node in ("x", "x2"):
        preview = editor.node(node).get_by_test_id("node-preview")
        expect(preview).to_have_attribute("data-kind", "image", timeout=PREVIEW_MS)
    expect(editor.node("fc2").get_by_test_id("node-preview-bars")).to_be_visible()
    editor.testid("layer-preview-toggle").uncheck()
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    expect(panel.get_by_test_id("launch-dataset")).to_have_value("digits_pairs")
    expect(panel.get_by_test_id("launch-mismatch")).to_have_count(0)
    panel.get_by_test_id("launch-dataset").select_option("digits")  # no x2: said naming x2
    expect(panel.get_by_test_id("launch-mismatch")).to_have_attribute("data-node", "x2")
    expect(panel.get_by_test_id("launch-mismatch")).to_contain_text("x2")
    panel.get_by_test_id("launch-dataset").select_option("digits_pairs")
    expect(panel.get_by_test_id("launch-mismatch")).to_have_count(0)
    panel.get_by_test_id("launch-epochs").fill("2")
    panel.get_by_test_id("launch-start").click()

    expect(page).to_have_url(re.compile(r"#/jobs/\d+$"))
    detail = editor.testid("job-detail")
    expect(detail).to_have_attribute("data-status", "succeeded", timeout=RUN_S * 1000)

    inside = editor.testid("inside")  # feature maps feed one image: said before any click
    expect(inside.get_by_test_id("inside-several-inputs")).to_contain_text("x, x2")
    expect(inside.get_by_test_id("inside-show")).to_have_count(0)

    try_it = editor.testid("try-it")
    try_it.scroll_into_view_if_needed()
    expect(try_it.get_by_test_id("try-inputs")).to_be_visible()
    predict = try_it.get_by_test_id("try-predict")
    expect(predict).to_be_disabled()  # both drawings first
    for variable in ("x", "x2"):
        pad = try_it.get_by_test_id(f"try-input-{variable}")
        expect(pad.locator("h3")).to_contain_text(f"({variable})")
        stroke(pad.get_by_test_id("draw-canvas"))
    predict.click()
    probabilities = try_it.get_by_test_id("probabilities")
    expect(probabilities).to_be_visible(timeout=60_000)
    expect(probabilities.locator("[data-testid^=prob-]")).to_have_count(2)
    expect(probabilities.get_by_test_id("prob-same")).to_have_count(1)
