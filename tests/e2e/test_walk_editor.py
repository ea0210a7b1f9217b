"""What a new user's walk through the editor found, in English and Japanese: a network without a
loss says it cannot train and Start waits for one; a refused connection says why; the launch panel
shows it is loading rather than an empty form; nodes carry the palette's Japanese titles; and a
sample opened and left as it came leaves no draft behind.
"""

from __future__ import annotations

import json
import re
from typing import Any

from playwright.sync_api import Route, expect

from tests.e2e.editor import Editor, api, wait_until


def delete_node(editor: Editor, node_id: str) -> None:
    editor.select(node_id)
    editor.shortcut("Delete")
    expect(editor.node(node_id)).to_have_count(0)


def test_without_a_loss_the_status_says_so_and_start_waits_for_one(editor: Editor) -> None:
    editor.open_sample("xor_mlp")
    editor.expect_valid()
    status = editor.testid("graph-status")
    expect(status).to_have_attribute("data-tone", "ok")
    delete_node(editor, "loss")
    editor.expect_valid()  # still valid: no loss is a warning
    expect(status).to_have_attribute("data-tone", "untrainable")
    expect(status).to_contain_text("Valid · cannot train: no loss")

    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    expect(panel.get_by_test_id("launch-dataset")).to_have_value("xor")
    note = panel.get_by_test_id("launch-no-loss")
    expect(note).to_contain_text("no loss, so it cannot train")
    start = panel.get_by_test_id("launch-start")
    expect(start).to_be_disabled()
    expect(start).to_have_attribute("aria-describedby", "launch-no-loss")
    note.get_by_test_id("launch-show-problems").click()
    expect(editor.testid("problems")).to_contain_text("no loss node")

    editor.testid("language").select_option("ja")
    expect(status).to_contain_text("正常 · 学習不可（損失なし）")
    expect(note).to_contain_text("損失がないため学習できません")
    expect(start).to_be_disabled()

    # Undo brings the loss back, and with it Start.
    editor.testid("language").select_option("en")
    editor.shortcut("Control+z")
    expect(editor.node("loss")).to_have_count(1)
    editor.expect_valid()
    expect(status).to_have_attribute("data-tone", "ok")
    expect(note).to_have_count(0)
    expect(start).to_be_enabled()


def test_a_refused_connection_says_why_in_either_language(editor: Editor) -> None:
    editor.open_sample("xor_mlp")  # x → fc1 → tanh1 → fc2 → loss
    editor.expect_valid()
    edges = editor.page.locator(".react-flow__edge")
    count = edges.count()
    note = editor.testid("canvas-note")

    editor.drag_port("tanh1", "fc1")
    expect(note).to_have_text(re.compile(r"tanh1 → fc1 would make a cycle"))
    expect(note).to_have_attribute("data-key", "connectRefused.cycle")
    editor.drag_port("x", "fc2")
    expect(note).to_contain_text("input 1 of “fc2” is already connected (from “tanh1”)")
    expect(edges).to_have_count(count)
    assert len(editor.graph()["edges"]) == count

    editor.testid("language").select_option("ja")
    expect(note).to_contain_text("すでにつながっています")
    editor.drag_port("fc2", "fc1")
    expect(note).to_contain_text("環になります")
    expect(edges).to_have_count(count)
    # It goes by itself after a few seconds, or at once with its close button.
    note.get_by_role("button").click()
    expect(note).to_have_count(0)


def test_the_launch_panel_shows_loading_until_the_samples_settings_are_in(editor: Editor) -> None:
    held: list[Route] = []
    editor.page.route("**/openapi.json", lambda route: held.append(route))
    editor.open_sample("xor_mlp")
    editor.expect_valid()
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    expect(panel.get_by_test_id("launch-loading")).to_have_text("Loading the dataset and settings…")
    expect(panel.get_by_test_id("launch-note")).to_be_visible()
    # Never the empty form the note contradicts: no "—" dataset, no "choose a dataset".
    expect(panel.get_by_test_id("launch-dataset")).to_have_count(0)
    expect(panel.get_by_test_id("launch-no-dataset")).to_have_count(0)
    # the route's handler runs as Playwright hands its events over: wait through the page
    wait_until(lambda: held, what="the config schema asked for", page=editor.page)
    for route in held:
        route.continue_()
    editor.page.unroute("**/openapi.json")

    expect(panel.get_by_test_id("launch-loading")).to_have_count(0)
    expect(panel.get_by_test_id("launch-dataset")).to_have_value("xor")
    expect(panel.get_by_test_id("launch-no-dataset")).to_have_count(0)
    expect(panel.get_by_test_id("launch-start")).to_be_enabled()


def test_nodes_carry_the_palettes_japanese_titles_and_keep_their_ids(editor: Editor) -> None:
    layers = api(editor.base_url, "/api/layers")["layers"]
    titles = {layer["type"]: layer["title"] for layer in layers}
    editor.open_sample("xor_mlp")
    editor.expect_valid()
    title = editor.node("fc1").get_by_test_id("node-type")
    expect(title).to_have_text("Linear")

    editor.testid("language").select_option("ja")
    expect(title).to_have_text(titles["Linear"]["ja"])
    expect(title).to_have_attribute("data-type", "Linear")
    expect(editor.node("x").get_by_test_id("node-type")).to_have_text(titles["Input"]["ja"])
    assert titles["Input"]["ja"] == "入力"
    for node_id in ("x", "fc1", "loss"):
        expect(editor.node(node_id).locator(".layer-node-id")).to_have_text(node_id)
        expect(editor.node(node_id).locator(".layer-node-id")).to_be_visible()
    # The longest title still leaves room for the id.
    loss_id = editor.node("loss").locator(".layer-node-id").bounding_box()
    assert loss_id is not None and loss_id["width"] > 20, loss_id


def stored_draft(editor: Editor) -> dict[str, Any] | None:
    text = editor.page.evaluate("() => localStorage.getItem('netcanvas.draft')")
    return None if text is None else json.loads(text)


def test_a_sample_opened_trained_and_left_as_it_came_leaves_no_draft(editor: Editor) -> None:
    editor.open_sample("xor_mlp")
    editor.expect_valid()
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    expect(panel.get_by_test_id("launch-dataset")).to_have_value("xor")
    panel.get_by_test_id("launch-start").click()
    expect(editor.page).to_have_url(re.compile(r"#/jobs/\d+$"))
    editor.page.wait_for_timeout(1000)  # past the draft's 500 ms
    assert stored_draft(editor) is None

    editor.page.goto(f"{editor.base_url}/")
    editor.wait_ready()
    expect(editor.testid("draft-banner")).to_have_count(0)

    # An edit to a sample is work: that draft is kept and offered.
    editor.open_sample("xor_mlp")
    editor.set_param("fc1", "out_features", "6")
    editor.settled()
    editor.page.wait_for_function("() => localStorage.getItem('netcanvas.draft') !== null")
    editor.page.reload()
    editor.wait_ready()
    expect(editor.testid("draft-banner")).to_be_visible()


def test_the_launch_panel_reopens_at_once_with_the_list_it_read_while_it_asks_again(
    editor: Editor,
) -> None:
    editor.open_sample("xor_mlp")
    editor.expect_valid()
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    expect(panel.get_by_test_id("launch-dataset")).to_have_value("xor")
    editor.testid("launch-close").click()
    expect(panel).to_have_count(0)

    # Reopened while the dataset list is held on its way: the last list is there at once.
    held: list[Route] = []
    editor.page.route("**/api/datasets", lambda route: held.append(route))
    editor.testid("train").click()
    expect(panel.get_by_test_id("launch-dataset")).to_have_value("xor")
    expect(panel.get_by_test_id("launch-loading")).to_have_count(0)
    wait_until(lambda: held, what="the dataset list asked for again", page=editor.page)
    for route in held:
        route.continue_()
    editor.page.unroute("**/api/datasets")
    expect(panel.get_by_test_id("launch-dataset")).to_have_value("xor")
    expect(panel.get_by_test_id("launch-start")).to_be_enabled()
