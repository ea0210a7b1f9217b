"""The samples with branches side by side, laid out for the layer previews (a node and its card
take about 360 px across): with the previews on, no card covers another node, on the whole
graph fitted into the view; a screenshot of each is kept with the test's output."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.editor import Editor

PREVIEW_MS = 60_000  # the first answer: a worker process decodes the dataset once
# Each preview card whose box meets another node's box: "card's node → covered node".
COVERING = """() => {
  const nodes = [...document.querySelectorAll('.react-flow__node')];
  const meets = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width
    && a.y < b.y + b.height && b.y < a.y + a.height;
  return [...document.querySelectorAll('[data-testid=node-preview]')].flatMap(card => {
    const own = card.closest('.react-flow__node');
    const box = card.getBoundingClientRect();
    return nodes.filter(n => n !== own && meets(box, n.getBoundingClientRect()))
      .map(n => own.dataset.id + ' → ' + n.dataset.id);
  });
}"""


# The cards to wait for, on each branch, with the kind each shows.
CARDS = {
    "dcgan_digits": {
        "x": "image",
        "G": "image",
        "d_real": "vector",
        "d_fake": "vector",
        "d_gen": "vector",
    },
    "digits_multitask": {"x": "image", "relu3": "vector", "digit": "vector", "parity": "vector"},
}


@pytest.mark.parametrize("sample", sorted(CARDS))
def test_no_preview_card_covers_another_node(editor: Editor, tmp_path: Path, sample: str) -> None:
    editor.open_sample(sample)
    editor.expect_valid()
    editor.testid("layer-preview-toggle").check()
    for node, kind in CARDS[sample].items():
        card = editor.node(node).get_by_test_id("node-preview")
        expect(card).to_have_attribute("data-kind", kind, timeout=PREVIEW_MS)
    editor.testid("fit").click()
    editor.blur()
    editor.view_still()  # fit view animates
    editor.page.screenshot(path=str(tmp_path / f"{sample}-previews.png"))
    assert editor.page.evaluate(COVERING) == []


# Each node whose box meets the minimap's or the zoom controls' box.
UNDER_OVERLAYS = """() => {
  const meets = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width
    && a.y < b.y + b.height && b.y < a.y + a.height;
  const overlays = [...document.querySelectorAll('.react-flow__minimap, .react-flow__controls')]
    .map(o => o.getBoundingClientRect());
  return [...document.querySelectorAll('.react-flow__node')]
    .filter(n => overlays.some(o => meets(o, n.getBoundingClientRect())))
    .map(n => n.dataset.id);
}"""


# A narrow window puts a tall chain's bottom node under the minimap; a graph with units gets its
# tabs above the canvas after the fit, which pushed its bottom row under it.
@pytest.mark.parametrize(("sample", "width"), [("digits_cnn", 1024), ("dcgan_digits", 1280)])
def test_a_freshly_opened_sample_has_no_node_under_the_minimap(
    editor: Editor, tmp_path: Path, sample: str, width: int
) -> None:
    editor.page.set_viewport_size({"width": width, "height": 768})
    editor.open_sample(sample)
    expect(editor.page.locator(".react-flow__minimap")).to_be_visible()
    editor.view_still()  # the fit may animate
    editor.page.screenshot(path=str(tmp_path / f"{sample}-opened.png"))
    assert editor.page.evaluate(UNDER_OVERLAYS) == []
    editor.testid("fit").click()
    editor.view_still()
    assert editor.page.evaluate(UNDER_OVERLAYS) == []
