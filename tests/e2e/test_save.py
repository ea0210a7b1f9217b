"""Saving: the unsaved mark, the save button and Ctrl+S, reloading, revisions."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.editor import Editor

NETWORK_ROUTE = re.compile(r"#/networks/(\d+)$")


def conv1_channels(editor: Editor) -> int:
    conv = next(node for node in editor.graph()["nodes"] if node["id"] == "conv1")
    channels: int = conv["params"]["out_channels"]
    return channels


def test_save_marks_clean_and_reload_brings_the_same_graph(editor: Editor) -> None:
    editor.open_sample("lenet")
    editor.set_param("conv1", "out_channels", "12")
    expect(editor.testid("unsaved")).to_be_visible()
    editor.testid("save").click()
    expect(editor.testid("unsaved")).to_be_hidden()
    expect(editor.page).to_have_url(NETWORK_ROUTE)

    editor.set_param("conv1", "out_channels", "8")
    expect(editor.testid("unsaved")).to_be_visible()
    editor.shortcut("Control+s")
    expect(editor.testid("unsaved")).to_be_hidden()
    editor.settled()
    saved = editor.graph()
    url = editor.page.url

    editor.page.reload()
    editor.wait_ready()
    expect(editor.nodes()).to_have_count(len(saved["nodes"]))
    editor.settled()
    assert editor.page.url == url
    assert editor.graph() == saved
    assert conv1_channels(editor) == 8
    expect(editor.testid("unsaved")).to_be_hidden()
    editor.expect_shape("conv1", [8, 24, 24])


def test_two_saves_make_two_revisions_and_restoring_the_first_brings_it_back(
    editor: Editor,
) -> None:
    editor.open_sample("lenet")
    editor.testid("save").click()
    expect(editor.testid("unsaved")).to_be_hidden()
    first = editor.graph()

    editor.set_param("conv1", "out_channels", "6")
    editor.testid("save").click()
    expect(editor.testid("unsaved")).to_be_hidden()
    assert conv1_channels(editor) == 6

    revisions = editor.testid("revisions")
    expect(revisions.get_by_test_id("revision-1")).to_be_visible()
    expect(revisions.get_by_test_id("revision-2")).to_be_visible()
    editor.testid("restore-1").click()
    expect(editor.nodes()).to_have_count(len(first["nodes"]))
    editor.expect_shape("conv1", [16, 24, 24])
    assert editor.graph() == first


# Where the toolbar's controls after the tools are, and how tall the toolbar is.
TOOLBAR_PLACES = """() => {
  const ids = ['layer-preview-toggle', 'graph-status', 'train', 'language', 'undo', 'export'];
  const place = (el) => {
    const r = el.getBoundingClientRect();
    return [Math.round(r.x), Math.round(r.y)];
  };
  const of = (id) => document.querySelector(`[data-testid="${id}"]`);
  return {
    height: Math.round(document.querySelector('.toolbar').getBoundingClientRect().height),
    ...Object.fromEntries(ids.map(id => [id, place(of(id))])),
  };
}"""


def test_the_toolbar_keeps_its_layout_through_edits_and_the_first_save(editor: Editor) -> None:
    page = editor.page
    page.set_viewport_size({"width": 1280, "height": 800})
    editor.open_sample("digits_cnn")
    expect(editor.testid("save-copy")).to_be_disabled()  # there, so the first save moves nothing
    before = {}
    for lang in ("ja", "en"):
        editor.testid("language").select_option(lang)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        before[lang] = page.evaluate(TOOLBAR_PLACES)
    editor.testid("save").click()
    expect(page).to_have_url(NETWORK_ROUTE)
    expect(editor.testid("unsaved")).to_be_hidden()
    expect(editor.testid("save-copy")).to_be_enabled()
    for lang in ("en", "ja"):
        editor.testid("language").select_option(lang)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        assert page.evaluate(TOOLBAR_PLACES) == before[lang], lang
