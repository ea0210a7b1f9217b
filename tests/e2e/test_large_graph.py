"""A large graph opens fitted and drawn in outline, and shows its text once zoomed in."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.e2e.editor import Editor, api, wait_until

SIZE = 400
COLUMNS = 20


def chain(size: int) -> dict[str, Any]:
    """Input [64], then Linear(64) and ReLU one after another, on a grid of COLUMNS columns."""
    nodes: list[dict[str, Any]] = []
    for index in range(size):
        row, column = divmod(index, COLUMNS)
        node: dict[str, Any] = {"id": f"n{index}", "ui": {"x": column * 240, "y": row * 160}}
        if index == 0:
            node.update(type="Input", params={"shape": [64]})
        elif index % 2:
            node.update(type="Linear", params={"out_features": 64})
        else:
            node["type"] = "ReLU"
        nodes.append(node)
    edges = [{"source": f"n{i}", "target": f"n{i + 1}"} for i in range(size - 1)]
    return {"format": "netcanvas/graph@1", "name": "chain", "nodes": nodes, "edges": edges}


def test_a_large_graph_opens_fitted_in_outline_and_reads_when_zoomed_in(editor: Editor) -> None:
    project = api(editor.base_url, "/api/projects", {"name": "large"})
    network = api(
        editor.base_url,
        f"/api/projects/{project['id']}/networks",
        {"name": "chain", "graph": chain(SIZE)},
    )
    editor.open(f"/networks/{network['id']}")
    expect(editor.nodes()).to_have_count(SIZE)
    expect(editor.page.locator(".react-flow__edge")).to_have_count(SIZE - 1)
    canvas = editor.page.locator(".canvas")
    expect(canvas).to_have_attribute("data-detail", "outline")
    # Fitted from the nodes' known boxes: the first and the last node are both in the pane.
    pane = editor.page.locator(".react-flow__pane").bounding_box()
    assert pane is not None
    for node_id in ("n0", f"n{SIZE - 1}"):
        box = editor.node(node_id).bounding_box()
        assert box is not None
        assert pane["x"] <= box["x"] and box["x"] + box["width"] <= pane["x"] + pane["width"]
        assert pane["y"] <= box["y"] and box["y"] + box["height"] <= pane["y"] + pane["height"]
    # In outline a node is its box, coloured by its category; no text is mounted.
    expect(editor.node("n1").get_by_test_id("node-type")).to_have_count(0)
    expect(editor.node("n1")).to_have_class(re.compile(r"\bcat-linear\b"))
    editor.expect_valid()
    expect(editor.node("n1")).to_have_attribute("data-invalid", "false")
    # Each edge runs from its source's output port to its target's input port.
    source = editor.node("n0").bounding_box()
    target = editor.node("n1").bounding_box()
    path = editor.page.locator(".react-flow__edge[data-id] path").first.bounding_box()
    assert source is not None and target is not None and path is not None
    assert abs(path["x"] - (source["x"] + source["width"] / 2)) < 2
    assert abs(path["x"] + path["width"] - (target["x"] + target["width"] / 2)) < 2

    # A node far out still drags, and its edge follows.
    before = editor.graph()["nodes"][0]["ui"]
    start = editor.node("n0").bounding_box()
    assert start is not None
    editor.page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    editor.page.mouse.down()
    editor.page.mouse.move(start["x"] + 40, start["y"] + 60, steps=5)
    editor.page.mouse.up()
    after = editor.graph()["nodes"][0]["ui"]
    assert after["y"] > before["y"]

    # Zoomed in, the nodes show their text and the shapes validation gave them, and real ports.
    zoom_in = editor.page.locator(".react-flow__controls-zoomin")

    def readable() -> bool:
        if canvas.get_attribute("data-detail") != "outline":
            return True
        zoom_in.click()  # a step at a time, each given a moment to redraw the detail
        return False

    wait_until(readable, what="a zoom that shows the nodes' text")
    expect(editor.node("n1").get_by_test_id("node-type")).to_have_text("Linear")
    expect(editor.shape("n1")).to_have_text("[64]")
    expect(
        editor.node("n1").locator('.react-flow__handle.connectable[data-handleid="in0"]')
    ).to_have_count(1)


# The screen point half-way along an edge's drawn path.
EDGE_MIDDLE = """(id) => {
  const path = document.querySelector(`.react-flow__edge[data-id="${id}"] .react-flow__edge-path`);
  const middle = path.getPointAtLength(path.getTotalLength() / 2);
  const point = new DOMPoint(middle.x, middle.y).matrixTransform(path.getScreenCTM());
  return {x: point.x, y: point.y};
}"""


def test_an_edge_far_out_is_picked_by_a_click_near_it_and_deleted(editor: Editor) -> None:
    size = 120
    project = api(editor.base_url, "/api/projects", {"name": "large"})
    network = api(
        editor.base_url,
        f"/api/projects/{project['id']}/networks",
        {"name": "chain", "graph": chain(size)},
    )
    editor.open(f"/networks/{network['id']}")
    edges = editor.page.locator(".react-flow__edge")
    expect(edges).to_have_count(size - 1)
    expect(editor.page.locator(".canvas")).to_have_attribute("data-detail", "outline")
    # In outline an edge is its one thin path: no pick area is mounted for it.
    expect(editor.page.locator(".react-flow__edge-interaction")).to_have_count(0)
    editor.expect_valid()

    edge_id = "n4->n5:in0"
    edge = editor.page.locator(f'.react-flow__edge[data-id="{edge_id}"]')
    middle = editor.page.evaluate(EDGE_MIDDLE, edge_id)
    # a few pixels beside the hairline (below its middle, which is half-way between the two
    # nodes side by side), on the empty canvas
    x, y = middle["x"], middle["y"] + 3
    under = editor.page.evaluate("([x, y]) => document.elementFromPoint(x, y).className", [x, y])
    assert "react-flow__pane" in str(under)
    editor.page.mouse.click(x, y)
    expect(edge).to_have_class(re.compile(r"\bselected\b"))
    expect(editor.page.locator(".react-flow__edge.selected")).to_have_count(1)

    # a click on the canvas away from every edge picks nothing and clears the selection
    pane = editor.page.locator(".react-flow__pane").bounding_box()
    assert pane is not None
    away = pane["x"] + pane["width"] / 2, pane["y"] + 15  # above the fitted graph
    assert "react-flow__pane" in str(
        editor.page.evaluate("([x, y]) => document.elementFromPoint(x, y).className", away)
    )
    editor.page.mouse.click(*away)
    expect(editor.page.locator(".react-flow__edge.selected")).to_have_count(0)

    # picked again, and deleted with the Delete key: that edge alone goes
    editor.page.mouse.click(x, y)
    expect(edge).to_have_class(re.compile(r"\bselected\b"))
    editor.shortcut("Delete")
    expect(edges).to_have_count(size - 2)
    links = {(e["source"], e["target"]) for e in editor.graph()["edges"]}
    assert ("n4", "n5") not in links and ("n3", "n4") in links and ("n5", "n6") in links
    assert len(editor.graph()["nodes"]) == size
