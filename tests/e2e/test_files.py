"""Export to a JSON file and import it back."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import expect

from netcanvas import samples
from tests.e2e.editor import Editor, api


def test_export_then_import_gives_the_same_graph(editor: Editor) -> None:
    editor.open_sample("lenet")
    editor.set_param("fc1", "out_features", "84")
    editor.settled()
    before = editor.graph()

    with editor.page.expect_download() as download_info:
        editor.testid("export").click()
    download = download_info.value
    assert download.suggested_filename == f"{before['name']}.json"
    exported = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert exported["format"] == "netcanvas/graph@1"
    answer = api(editor.base_url, "/api/graphs/validate", exported)
    assert answer["valid"], answer["errors"]
    assert answer["nodes"]["fc1"]["output_shape"] == [84]

    editor.new_network()
    editor.import_file(str(download.path()))
    expect(editor.nodes()).to_have_count(len(before["nodes"]))
    editor.expect_valid()
    editor.expect_shape("fc1", [84])
    assert editor.graph() == before


def test_a_good_import_takes_an_earlier_import_error_down_at_once(
    editor: Editor, tmp_path: Path
) -> None:
    page = editor.page
    page.set_viewport_size({"width": 1280, "height": 800})
    bad = tmp_path / "notjson.json"
    bad.write_text("hello", encoding="utf-8")
    editor.import_file(str(bad))
    message = editor.testid("message")
    expect(message).to_contain_text("notjson.json is not a netcanvas/graph@1 file")
    # The × sits at the end of the message's line, not on a line of its own below it.
    close, text = message.locator(".message-close").bounding_box(), message.bounding_box()
    assert close is not None and text is not None
    assert close["y"] < text["y"] + text["height"] / 2, (text, close)
    assert close["x"] + close["width"] > text["x"] + text["width"] - 24, (text, close)

    good = tmp_path / "good.json"
    good.write_text(json.dumps(samples.load("lenet")), encoding="utf-8")
    editor.import_file(str(good))
    expect(editor.nodes()).not_to_have_count(0)
    expect(message).to_have_count(0, timeout=1_000)  # not after the 8 s it stays up otherwise

    # A sample opened from the menu takes it down too. (A file that is no graph asks nothing.)
    editor.testid("import").set_input_files(str(bad))
    expect(message).to_contain_text("notjson.json is not a netcanvas/graph@1 file")
    editor.open_sample("xor_mlp")
    expect(message).to_have_count(0, timeout=1_000)
