"""Layer previews in the editor: on for the LeNet sample (its dataset, mnist5k), a real worker
shows each conv node's channels as tiles and each Linear node's values as bars, an edit updates
them, the answer downloads as JSON, and the README's screenshot is taken."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.e2e.editor import Editor, api, wait_until

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "images" / "layer-previews.png"
PREVIEW_MS = 60_000  # the first answer: a worker process decodes mnist5k once
# The nodes whose preview card is covered somewhere along its middle line by another node:
# points from a tenth to nine tenths of its width.
HIDDEN_CARDS = """() => [...document.querySelectorAll('[data-testid=node-preview]')]
  .filter(card => {
    const box = card.getBoundingClientRect();
    return [1, 2, 3, 4, 5, 6, 7, 8, 9].some(tenth => {
        const x = box.x + box.width * tenth / 10, y = box.y + box.height / 2;
        const node = document.elementFromPoint(x, y)?.closest('.react-flow__node');
        return node !== null && node !== undefined && !node.contains(card);
    });
}).map(card => card.closest('.react-flow__node').dataset.id)"""


def hidden_cards(editor: Editor) -> list[str]:
    hidden: list[str] = editor.page.evaluate(HIDDEN_CARDS)
    return hidden


def test_a_preview_card_is_drawn_above_the_next_node(editor: Editor) -> None:
    editor.open_sample("digits_multitask")  # two heads side by side: digit, then parity
    editor.expect_valid()
    editor.testid("layer-preview-toggle").check()
    digit = editor.node("digit").get_by_test_id("node-preview")
    expect(digit).to_have_attribute("data-kind", "vector", timeout=PREVIEW_MS)
    expect(editor.node("parity").get_by_test_id("node-preview")).to_have_count(1)
    assert hidden_cards(editor) == []


def test_layer_previews_show_tiles_on_convs_and_bars_on_linears(editor: Editor) -> None:
    editor.open_sample("lenet")
    editor.expect_valid()
    editor.testid("layer-preview-toggle").check()
    conv1 = editor.node("conv1").get_by_test_id("node-preview")
    expect(conv1).to_have_attribute("data-kind", "image", timeout=PREVIEW_MS)
    expect(conv1.get_by_test_id("node-preview-tile")).to_have_count(8)  # 16 channels: 8 shown
    for node in ("conv2", "x"):
        expect(editor.node(node).get_by_test_id("node-preview-tile").first).to_be_visible()
    for node in ("fc1", "fc2"):
        bars = editor.node(node).get_by_test_id("node-preview-bars")
        expect(bars).to_be_visible()
    expect(editor.node("fc2").locator("rect")).to_have_count(10)
    expect(editor.node("relu3").get_by_test_id("node-preview-numbers")).to_contain_text("0 …")
    expect(editor.node("loss").get_by_test_id("node-preview")).to_have_count(0)
    # 28 - 5 + 1: each tile is one 24x24 channel (a data URL decodes apart from the update)
    tiles = conv1.get_by_test_id("node-preview-tile")
    decoded = "imgs => imgs.filter(i => i.complete && i.naturalWidth === 24).length"
    wait_until(lambda: tiles.evaluate_all(decoded) == 8, what="the 8 tiles decoded, 24 wide")
    assert hidden_cards(editor) == []

    editor.set_param("conv1", "out_channels", "4")  # an edit: the previews follow it
    expect(conv1.get_by_test_id("node-preview-tile")).to_have_count(4, timeout=15_000)

    with editor.page.expect_download() as download:
        editor.testid("layer-preview-download").click()
    answer = json.loads(Path(download.value.path()).read_text())
    assert answer["dataset"] == "mnist5k" and answer["weights"] == "random"
    assert answer["nodes"]["conv1"]["shape"] == [4, 24, 24]

    editor.select("conv2")
    editor.testid("fit").click()
    editor.page.wait_for_timeout(400)  # fit view animates
    zoom_in = editor.page.locator(".react-flow__controls-zoomin")
    zoom_in.click()
    zoom_in.click()  # close enough to read the tiles and the numbers beside them
    editor.blur()
    editor.page.mouse.move(1000, 860)
    editor.page.wait_for_timeout(600)  # fit view animates
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    editor.page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000


def wide_graph() -> dict[str, Any]:
    """Input [2] → Linear → ReLU → Linear in a row left to right, the loss under the last Linear:
    the last Linear's card stands out past the nodes' right edge."""
    row = [("x", "Input", {"shape": [2]}), ("fc1", "Linear", {"out_features": 8}),
           ("relu1", "ReLU", {}), ("fc2", "Linear", {"out_features": 2})]  # fmt: skip
    nodes = [
        {"id": node_id, "type": kind, "params": params, "ui": {"x": i * 240, "y": 0}}
        for i, (node_id, kind, params) in enumerate(row)
    ]
    nodes.append({"id": "loss", "type": "CrossEntropyLoss", "ui": {"x": 720, "y": 160}})
    ids = [node["id"] for node in nodes]
    edges = [{"source": a, "target": b} for a, b in pairwise(ids)]
    return {"format": "netcanvas/graph@1", "name": "wide", "nodes": nodes, "edges": edges}


def cards_outside(editor: Editor) -> list[str]:
    """The nodes whose preview card runs past the canvas's pane."""
    pane = editor.page.locator(".react-flow__pane").bounding_box()
    assert pane is not None
    outside = []
    for card in editor.page.get_by_test_id("node-preview").all():
        box = card.bounding_box()
        assert box is not None
        inside = (
            pane["x"] <= box["x"]
            and box["x"] + box["width"] <= pane["x"] + pane["width"]
            and pane["y"] <= box["y"]
            and box["y"] + box["height"] <= pane["y"] + pane["height"]
        )
        if not inside:
            outside.append(str(card.evaluate("c => c.closest('.react-flow__node').dataset.id")))
    return outside


def test_fit_view_fits_the_nodes_and_their_preview_cards(editor: Editor) -> None:
    project = api(editor.base_url, "/api/projects", {"name": "previews"})
    network = api(
        editor.base_url,
        f"/api/projects/{project['id']}/networks",
        {"name": "wide", "graph": wide_graph()},
    )
    editor.open(f"/networks/{network['id']}")
    editor.expect_valid()
    editor.testid("layer-preview-toggle").check()
    fc2 = editor.node("fc2").get_by_test_id("node-preview")
    expect(fc2).to_have_attribute("data-kind", "vector", timeout=PREVIEW_MS)
    expect(editor.page.get_by_test_id("node-preview")).to_have_count(4)  # all but the loss's

    editor.testid("fit").click()  # it animates: wait for the cards to be all in
    wait_until(lambda: cards_outside(editor) == [], what="every card inside the canvas")
    # read at the zoom fitted: the cards stay drawn
    expect(editor.page.locator(".canvas")).not_to_have_attribute("data-detail", "outline")

    # zoomed in, the canvas's own fit button fits them the same way
    zoom_in = editor.page.locator(".react-flow__controls-zoomin")
    zoom_in.click()
    zoom_in.click()
    wait_until(lambda: cards_outside(editor) != [], what="a card past the canvas's edge")
    editor.page.locator(".react-flow__controls-fitview").click()
    wait_until(lambda: cards_outside(editor) == [], what="every card inside the canvas again")
