"""Unsaved work: New, a sample and Import ask before discarding it and can be undone; a draft
kept in the browser is offered again after a reload, and saving clears it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.e2e.editor import Editor, api, wait_until

NETWORK_ROUTE = re.compile(r"#/networks/(\d+)$")


def channels(editor: Editor) -> int | None:
    """conv1's channels; None while the graph (after a reload, say) has not loaded yet."""
    conv = next((node for node in editor.graph()["nodes"] if node["id"] == "conv1"), None)
    if conv is None:
        return None
    value: int = conv.get("params", {}).get("out_channels", 16)
    return value


def edited_lenet(editor: Editor) -> dict[str, Any]:
    """LeNet with conv1 at 12 channels, unsaved; the graph as it is then."""
    editor.open_sample("lenet")
    editor.set_param("conv1", "out_channels", "12")
    editor.settled()
    assert channels(editor) == 12
    return editor.graph()


def draft(editor: Editor) -> dict[str, Any] | None:
    text = editor.page.evaluate("() => localStorage.getItem('netcanvas.draft')")
    return None if text is None else json.loads(text)


def wait_for_draft(editor: Editor, out_channels: int) -> dict[str, Any]:
    """Wait until the stored draft has conv1 at `out_channels` (it is written 500 ms late)."""

    def written() -> dict[str, Any] | None:
        kept = draft(editor)
        if not kept:
            return None
        conv = next((n for n in kept["graph"]["nodes"] if n["id"] == "conv1"), None)
        return kept if conv and conv.get("params", {}).get("out_channels") == out_channels else None

    found: dict[str, Any] = wait_until(written, what=f"a draft with out_channels {out_channels}")
    return found


def reload(editor: Editor) -> None:
    editor.page.reload()
    editor.wait_ready()


def test_new_on_an_edited_graph_asks_and_cancel_keeps_the_graph(editor: Editor) -> None:
    before = edited_lenet(editor)
    editor.testid("new-network").click()
    dialog = editor.testid("confirm-dialog")
    expect(dialog).to_be_visible()
    expect(editor.testid("confirm-text")).to_have_text("Discard unsaved changes to “LeNet”?")
    expect(editor.testid("confirm-ok")).to_have_text("Discard")
    # Discarding work is red (Undo brings it back; the keyboard starts on Discard).
    expect(editor.testid("confirm-ok")).to_have_attribute("data-danger", "true")
    expect(editor.testid("confirm-ok")).to_have_class("primary danger")
    expect(editor.testid("confirm-ok")).to_be_focused()

    editor.testid("confirm-cancel").click()
    expect(dialog).to_have_count(0)
    expect(editor.nodes()).to_have_count(len(before["nodes"]))
    assert editor.graph() == before
    expect(editor.testid("unsaved")).to_be_visible()


def test_new_discard_replaces_the_graph_and_undo_brings_it_back(editor: Editor) -> None:
    before = edited_lenet(editor)
    editor.testid("new-network").click()
    editor.testid("confirm-ok").click()
    expect(editor.nodes()).to_have_count(0)
    expect(editor.testid("network-name")).to_have_value("Untitled")

    expect(editor.testid("undo")).to_be_enabled()
    editor.testid("undo").click()
    expect(editor.nodes()).to_have_count(len(before["nodes"]))
    assert editor.graph() == before
    expect(editor.testid("network-name")).to_have_value("LeNet")
    expect(editor.testid("unsaved")).to_be_visible()
    # Undo once more: the edit before New, in the LeNet document's own history.
    editor.testid("undo").click()
    wait_until(lambda: channels(editor) == 16, what="conv1 back to 16 channels")

    # Redo goes forward again: the edit, then the new document.
    editor.testid("redo").click()
    wait_until(lambda: channels(editor) == 12, what="conv1 at 12 channels again")
    editor.testid("redo").click()
    expect(editor.nodes()).to_have_count(0)


def test_new_from_sample_asks_and_undo_brings_the_edit_back(editor: Editor) -> None:
    before = edited_lenet(editor)
    select = editor.testid("sample-select")
    select.select_option("xor_mlp")
    expect(editor.testid("confirm-dialog")).to_be_visible()
    editor.testid("confirm-cancel").click()
    assert editor.graph() == before

    select.select_option("xor_mlp")
    editor.testid("confirm-ok").click()
    wait_until(lambda: editor.graph()["name"] != "LeNet", what="the XOR sample on the canvas")
    xor = api(editor.base_url, "/api/samples/xor_mlp")
    expect(editor.nodes()).to_have_count(len(xor["nodes"]))

    editor.shortcut("Control+z")
    expect(editor.nodes()).to_have_count(len(before["nodes"]))
    assert editor.graph() == before


def test_import_asks_and_undo_brings_the_edit_back(editor: Editor, tmp_path: Path) -> None:
    perceptron = api(editor.base_url, "/api/samples/perceptron")
    path = tmp_path / "perceptron.json"
    path.write_text(json.dumps(perceptron), encoding="utf-8")
    before = edited_lenet(editor)

    editor.testid("import").set_input_files(str(path))
    expect(editor.testid("confirm-dialog")).to_be_visible()
    editor.testid("confirm-cancel").click()
    assert editor.graph() == before

    editor.testid("import").set_input_files(str(path))
    editor.testid("confirm-ok").click()
    expect(editor.nodes()).to_have_count(len(perceptron["nodes"]))
    assert editor.graph()["name"] == perceptron["name"]

    editor.testid("undo").click()
    expect(editor.nodes()).to_have_count(len(before["nodes"]))
    assert editor.graph() == before


def test_nothing_is_asked_without_unsaved_work(editor: Editor) -> None:
    editor.open_sample("lenet")
    editor.testid("save").click()
    expect(editor.testid("unsaved")).to_be_hidden()
    editor.testid("new-network").click()
    expect(editor.nodes()).to_have_count(0)
    expect(editor.testid("confirm-dialog")).to_have_count(0)


def test_a_reload_after_an_edit_offers_the_draft_and_restore_brings_the_edit_back(
    editor: Editor,
) -> None:
    before = edited_lenet(editor)
    kept = wait_for_draft(editor, 12)
    assert kept["networkId"] is None

    reload(editor)
    banner = editor.testid("draft-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("LeNet")
    expect(editor.nodes()).to_have_count(0)
    editor.testid("draft-restore").click()
    expect(banner).to_have_count(0)
    expect(editor.nodes()).to_have_count(len(before["nodes"]))
    assert editor.graph() == before
    expect(editor.testid("unsaved")).to_be_visible()
    # The restore is undoable like any replacement: back to the empty canvas it replaced.
    editor.testid("undo").click()
    expect(editor.nodes()).to_have_count(0)


def test_discarding_the_draft_clears_it(editor: Editor) -> None:
    edited_lenet(editor)
    wait_for_draft(editor, 12)
    reload(editor)
    editor.testid("draft-discard").click()
    expect(editor.testid("draft-banner")).to_have_count(0)
    expect(editor.nodes()).to_have_count(0)
    assert draft(editor) is None

    reload(editor)
    expect(editor.nodes()).to_have_count(0)
    expect(editor.testid("draft-banner")).to_have_count(0)


def test_saving_clears_the_draft_and_a_saved_networks_draft_restores_into_it(
    editor: Editor,
) -> None:
    edited_lenet(editor)
    wait_for_draft(editor, 12)
    editor.testid("save").click()
    expect(editor.testid("unsaved")).to_be_hidden()
    wait_until(lambda: draft(editor) is None, what="the draft cleared by saving")
    expect(editor.page).to_have_url(NETWORK_ROUTE)  # the route follows the save's answer
    match = NETWORK_ROUTE.search(editor.page.url)
    assert match, editor.page.url
    network_id = int(match.group(1))

    # An edit to the saved network: its draft names the network and its revision.
    editor.set_param("conv1", "out_channels", "9")
    kept = wait_for_draft(editor, 9)
    assert kept["networkId"] == network_id
    assert kept["revision"] == 1

    reload(editor)
    expect(editor.testid("draft-banner")).to_be_visible()
    editor.expect_shape("conv1", [12, 24, 24])  # the saved network, until restored
    editor.testid("draft-restore").click()
    wait_until(lambda: channels(editor) == 9, what="the draft's 9 channels")
    expect(editor.page).to_have_url(re.compile(rf"#/networks/{network_id}$"))
    expect(editor.testid("unsaved")).to_be_visible()

    editor.testid("save").click()
    expect(editor.testid("unsaved")).to_be_hidden()
    wait_until(lambda: draft(editor) is None, what="the draft cleared by saving")
    reload(editor)
    expect(editor.testid("draft-banner")).to_have_count(0)
    wait_until(lambda: channels(editor) == 9, what="the saved 9 channels")


def test_an_untouched_sample_is_not_unsaved_and_is_replaced_without_a_question(
    editor: Editor,
) -> None:
    editor.open_sample("lenet")
    expect(editor.testid("unsaved")).to_be_hidden()
    assert not editor.dirty()
    editor.page.wait_for_timeout(800)  # past the draft's 500 ms: none is kept for it
    assert draft(editor) is None

    # Edited, it is unsaved; the edit undone, it is as it opened again.
    editor.set_param("conv1", "out_channels", "12")
    expect(editor.testid("unsaved")).to_be_visible()
    editor.shortcut("Control+z")
    wait_until(lambda: channels(editor) == 16, what="conv1 back to 16 channels")
    expect(editor.testid("unsaved")).to_be_hidden()

    # Another sample, then New: neither asks.
    editor.testid("sample-select").select_option("xor_mlp")
    wait_until(lambda: editor.graph()["name"] != "LeNet", what="the XOR sample on the canvas")
    expect(editor.testid("confirm-dialog")).to_have_count(0)
    editor.testid("new-network").click()
    expect(editor.nodes()).to_have_count(0)
    expect(editor.testid("confirm-dialog")).to_have_count(0)
