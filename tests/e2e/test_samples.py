"""New from a sample, and the README's screenshot of the editor."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from netcanvas import samples
from tests.e2e.editor import SHAPE, Editor

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "images" / "editor-lenet.png"


def test_new_from_sample_shows_every_node_with_its_shape(editor: Editor) -> None:
    editor.open_sample("lenet")
    editor.expect_valid()
    graph = editor.graph()
    assert graph["name"] == "LeNet"
    expect(editor.nodes()).to_have_count(len(graph["nodes"]))
    for node in graph["nodes"]:
        shape = editor.shape(node["id"])
        expect(shape).to_have_text(SHAPE)
    editor.expect_shape("conv1", [16, 24, 24])
    editor.expect_shape("fc2", [10])


def test_the_samples_menu_shows_japanese_titles_in_japanese(editor: Editor) -> None:
    menu = editor.testid("sample-select")
    expect(menu.locator('option[value="xor_mlp"]')).to_have_text("XOR MLP")
    editor.testid("language").select_option("ja")
    expect(menu.locator('option[value="xor_mlp"]')).to_have_text("XOR を解く多層パーセプトロン")
    # every sample the menu lists shows its Japanese title, a comparison under its topic's group
    for sample in samples.names():
        ja = samples.TITLES_JA[sample]
        expect(menu.locator(f'option[value="{sample}"]')).to_have_text(ja)
    pooling = menu.locator('optgroup[label="プーリング"] option[value="pool_max"]')
    expect(pooling).to_have_text("プーリング：最大値")
    editor.testid("language").select_option("en")
    expect(menu.locator('option[value="xor_mlp"]')).to_have_text("XOR MLP")


def test_screenshot_of_lenet_for_the_readme(editor: Editor) -> None:
    editor.open_sample("lenet")
    editor.expect_valid()
    editor.select("conv1")  # so the properties panel shows a layer's parameters
    editor.testid("fit").click()
    editor.blur()
    editor.page.mouse.move(1000, 860)  # off the toolbar, so no button shows hovered
    editor.page.wait_for_timeout(600)  # fit view animates
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    editor.page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000


def test_a_sample_opened_in_japanese_is_named_by_its_japanese_title(editor: Editor) -> None:
    editor.testid("language").select_option("ja")
    editor.open_sample("xor_mlp")
    name = editor.testid("network-name")
    expect(name).to_have_value(samples.TITLES_JA["xor_mlp"])
    assert editor.graph()["name"] == "XOR を解く多層パーセプトロン"
    editor.testid("language").select_option("en")
    editor.open_sample("lenet")
    expect(name).to_have_value("LeNet")
