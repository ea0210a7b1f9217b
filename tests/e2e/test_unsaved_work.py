"""Unsaved work: New, a sample and Import ask before discarding it and can be undone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.e2e.editor import Editor, api, wait_until


def channels(editor: Editor) -> int:
    conv = next(node for node in editor.graph()["nodes"] if node["id"] == "conv1")
    value: int = conv.get("params", {}).get("out_channels", 16)
    return value


def edited_lenet(editor: Editor) -> dict[str, Any]:
    """LeNet with conv1 at 12 channels, unsaved; the graph as it is then."""
    editor.open_sample("lenet")
    editor.set_param("conv1", "out_channels", "12")
    editor.settled()
    assert channels(editor) == 12
    return editor.graph()


def test_new_on_an_edited_graph_asks_and_cancel_keeps_the_graph(editor: Editor) -> None:
    before = edited_lenet(editor)
    editor.testid("new-network").click()
    dialog = editor.testid("confirm-dialog")
    expect(dialog).to_be_visible()
    expect(editor.testid("confirm-text")).to_have_text("Discard unsaved changes to “LeNet”?")
    expect(editor.testid("confirm-ok")).to_have_text("Discard")

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
