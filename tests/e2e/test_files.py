"""Export to a JSON file and import it back."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import expect

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
