"""The validity summary lists every problem; a node's problem selects it; its full text is in
the properties panel and on hover."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.e2e.editor import Editor, api, wait_until

SELECTED = re.compile(r"(^|\s)selected(\s|$)")


def answer_for(editor: Editor) -> dict[str, Any]:
    answer: dict[str, Any] = api(editor.base_url, "/api/graphs/validate", editor.graph())
    return answer


def test_clicking_the_status_lists_the_empty_canvas_problems(editor: Editor) -> None:
    editor.expect_valid(False)
    answer = answer_for(editor)
    expected = [e["message"] for e in answer["errors"]] + [w["message"] for w in answer["warnings"]]
    assert expected, "an empty canvas has problems to list"

    editor.testid("graph-status").click()
    listed = editor.testid("problems").get_by_test_id("problem")
    expect(listed).to_have_count(len(expected))
    for i, message in enumerate(expected):
        expect(listed.nth(i)).to_contain_text(message)
        expect(listed.nth(i)).to_have_attribute("data-node", "")
    kinds = listed.evaluate_all("els => els.map(e => e.dataset.kind)")
    assert kinds == ["error"] * len(answer["errors"]) + ["warning"] * len(answer["warnings"])

    editor.page.keyboard.press("Escape")
    expect(editor.testid("problems")).to_have_count(0)


def test_clicking_a_nodes_problem_selects_and_centres_the_node(editor: Editor) -> None:
    editor.drop("Input", 200, 60)
    conv = editor.drop("Conv2d", 650, 500)  # not connected: an error on the node
    editor.expect_valid(False)
    editor.page.locator(".react-flow__pane").click(position={"x": 300, "y": 400})
    expect(editor.node(conv)).not_to_have_class(SELECTED)

    editor.testid("graph-status").click()
    item = editor.testid("problems").locator(f'[data-testid="problem"][data-node="{conv}"]').first
    expect(item).to_contain_text(conv)
    item.click()
    expect(editor.testid("problems")).to_have_count(0)
    expect(editor.testid("prop-id")).to_have_value(conv)
    expect(editor.node(conv)).to_have_class(SELECTED)

    # Centred: the node's middle is (about) the pane's middle once the view has moved.
    pane = editor.page.locator(".react-flow__pane").bounding_box()
    assert pane is not None

    def centred() -> bool:
        box = editor.node(conv).bounding_box()
        if box is None:
            return False
        dx = box["x"] + box["width"] / 2 - (pane["x"] + pane["width"] / 2)
        dy = box["y"] + box["height"] / 2 - (pane["y"] + pane["height"] / 2)
        return abs(dx) < 5 and abs(dy) < 5

    wait_until(centred, what=f"{conv} in the middle of the canvas")


def test_the_properties_panel_and_the_nodes_hover_show_its_full_error(editor: Editor) -> None:
    conv = editor.drop("Conv2d", 300, 200)
    editor.expect_valid(False)
    errors = [e for e in answer_for(editor)["errors"] if e["node"] == conv]
    assert errors, "a Conv2d without an input has an error"

    node_error = editor.node(conv).get_by_test_id("node-error")
    expect(node_error).to_have_attribute("title", "\n".join(e["message"] for e in errors))

    editor.select(conv)
    panel = editor.testid("properties")
    for error in errors:
        where = (
            panel.get_by_test_id(f"param-error-{error['field']}")
            if error.get("field")
            else panel.get_by_test_id("prop-error")
        )
        expect(where.filter(has_text=error["message"])).to_have_count(1)
        expect(where.filter(has_text=error["message"])).to_be_visible()


def test_start_says_why_an_invalid_graph_cannot_train(editor: Editor) -> None:
    """Disabled with the number of errors, and Show problems opens their list; fixed, it starts."""
    editor.open_sample("xor_mlp")
    editor.expect_valid()
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    start = panel.get_by_test_id("launch-start")
    expect(start).to_be_enabled()
    expect(panel.get_by_test_id("launch-blocked")).to_have_count(0)

    hidden = next(n["id"] for n in editor.graph()["nodes"] if n["type"] == "Linear")
    editor.set_param(hidden, "out_features", "0")
    editor.expect_valid(False)
    errors = len(answer_for(editor)["errors"])
    blocked = panel.get_by_test_id("launch-blocked")
    expect(blocked).to_contain_text(f"The network has {errors} error")
    expect(start).to_be_disabled()
    expect(start).to_have_attribute("title", re.compile(f"{errors} error"))
    panel.get_by_test_id("launch-show-problems").click()
    expect(editor.testid("problems").locator(f'[data-node="{hidden}"]').first).to_be_visible()
    listed = editor.testid("problems").bounding_box()  # in the window, the wrapped toolbar's too
    assert listed is not None and listed["x"] >= 0, listed
    editor.testid("language").select_option("ja")
    expect(blocked).to_contain_text(f"ネットワークにエラーが {errors} 件あります")

    editor.set_param(hidden, "out_features", "4")
    editor.expect_valid()
    expect(blocked).to_have_count(0)
    expect(start).to_be_enabled()


def test_an_empty_canvas_shows_a_hint_and_counts_problems_from_the_first_node(
    editor: Editor,
) -> None:
    status = editor.testid("graph-status")
    editor.expect_valid(False)  # the API's answer is the same: no Input, no loss
    expect(status).to_have_text("Empty network")
    expect(editor.testid("canvas-empty")).to_contain_text("dragging an Input from the palette")
    expect(editor.testid("canvas-empty")).to_contain_text("open a sample")
    editor.testid("language").select_option("ja")
    expect(status).to_have_text("空のネットワーク")
    expect(editor.testid("canvas-empty")).to_contain_text("サンプルを開きます")
    editor.testid("language").select_option("en")

    editor.drop("Input", 200, 60)
    expect(status).to_contain_text(re.compile(r"\d+ errors?"))
    expect(editor.testid("canvas-empty")).to_have_count(0)
