"""Data augmentation in the editor: ImageAugmentation from the palette, a rotation typed into its
properties, the node's summary, and the Preview: the digits the sample trains on, each beside
eight augmented copies made by the real worker; dimmed once the parameters change, and of the
dataset the launch panel was left at."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.editor import Editor, wait_until

PREVIEW_MS = 60_000  # a worker process loads the digits and runs the layer


def test_add_image_augmentation_set_rotation_and_preview(editor: Editor) -> None:
    editor.open_sample("digits_cnn")
    box = editor.page.locator(".react-flow__pane").bounding_box()
    assert box is not None
    node = editor.drop("ImageAugmentation", box["width"] * 0.8, box["height"] * 0.2)
    editor.set_param(node, "angle", "40")
    expect(editor.node(node)).to_contain_text("±40°", timeout=15_000)

    editor.select(node)
    preview = editor.testid("augment-preview")
    preview.get_by_test_id("augment-preview-button").click()
    images = preview.get_by_test_id("augment-preview-image")
    expect(images).to_have_count(4 * 8, timeout=PREVIEW_MS)
    expect(images.first).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
    # A data URL still decodes apart from the page's update: wait for all 32, 8 pixels wide.
    decoded = "imgs => imgs.filter(i => i.complete && i.naturalWidth === 8).length"
    wait_until(lambda: images.evaluate_all(decoded) == 32, what="the 32 pictures decoded, 8 wide")

    # Another rotation: the pictures are of the old one, so they dim and say to press Preview.
    editor.set_param(node, "angle", "10")
    expect(preview.get_by_test_id("augment-preview-stale")).to_be_visible()
    expect(preview.locator(".augment-preview-grid")).to_have_attribute("data-stale", "true")
    preview.get_by_test_id("augment-preview-button").click()
    expect(preview.get_by_test_id("augment-preview-stale")).to_have_count(0, timeout=PREVIEW_MS)
    expect(preview.locator(".augment-preview-grid")).to_have_attribute("data-stale", "false")


def test_preview_uses_the_dataset_chosen_in_the_launch_panel(editor: Editor) -> None:
    """The sample trains on digits; with mnist5k chosen in the launch panel, the Preview shows it
    instead, and dims once the panel's dataset changes again."""
    editor.open_sample("digits_few_augmented")
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    expect(panel.get_by_test_id("launch-dataset")).not_to_have_value("")
    panel.get_by_test_id("launch-dataset").select_option("mnist5k")
    panel.get_by_test_id("launch-close").click()
    node = next(n["id"] for n in editor.graph()["nodes"] if n["type"] == "ImageAugmentation")
    editor.select(node)
    preview = editor.testid("augment-preview")
    preview.get_by_test_id("augment-preview-button").click()
    expect(preview).to_contain_text("mnist5k: each row", timeout=PREVIEW_MS)
    images = preview.get_by_test_id("augment-preview-image")
    decoded = "imgs => imgs.filter(i => i.complete && i.naturalWidth === 28).length"
    wait_until(lambda: images.evaluate_all(decoded) == 32, what="the 32 pictures decoded, 28 wide")

    # back to digits in the launch panel, open beside it: the pictures are of mnist5k, so they dim
    editor.testid("train").click()
    expect(preview.get_by_test_id("augment-preview-stale")).to_have_count(0)
    panel.get_by_test_id("launch-dataset").select_option("digits")
    expect(preview.get_by_test_id("augment-preview-stale")).to_be_visible()
    expect(preview.locator(".augment-preview-grid")).to_have_attribute("data-stale", "true")
