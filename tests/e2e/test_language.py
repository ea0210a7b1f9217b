"""Switching the editor to Japanese."""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any

from playwright.sync_api import expect

from tests.e2e.editor import Editor, api


def test_japanese_toolbar_palette_and_document_language(editor: Editor) -> None:
    layers = api(editor.base_url, "/api/layers")["layers"]
    titles = {layer["type"]: layer["title"] for layer in layers}
    expect(editor.testid("save")).to_contain_text("Save")

    editor.testid("language").select_option("ja")
    expect(editor.testid("save")).to_contain_text("保存")
    expect(editor.page.locator("html")).to_have_attribute("lang", "ja")
    for layer in ("Conv2d", "Linear", "CrossEntropyLoss"):
        expect(editor.testid(f"palette-item-{layer}")).to_contain_text(titles[layer]["ja"])
    expect(editor.testid("stats-macs-help")).to_have_attribute(
        "title", re.compile("バイアスの加算は数えません")
    )
    # 最大値プーリング (2-D) and 1次元最大値プーリング match alike: 1-D, 2-D, 3-D in order.
    editor.testid("palette-search").fill("最大")
    items = editor.page.locator("[data-testid^='palette-item-']")
    expect(items).to_have_count(3)
    assert [item.get_attribute("data-testid") for item in items.all()] == [
        f"palette-item-MaxPool{rank}d" for rank in (1, 2, 3)
    ]
    editor.testid("palette-search").fill("")
    topics = editor.testid("sample-select").locator("optgroup")
    expect(topics.filter(has=editor.page.locator("option[value=overfit_mlp]"))).to_have_attribute(
        "label", "過学習"
    )

    editor.testid("language").select_option("en")
    expect(editor.testid("save")).to_contain_text("Save")
    expect(editor.page.locator("html")).to_have_attribute("lang", "en")
    expect(editor.testid("palette-item-Conv2d")).to_contain_text(titles["Conv2d"]["en"])


def _validate_in(base_url: str, graph: dict[str, Any], lang: str) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{base_url}/api/graphs/validate",
        data=json.dumps(graph).encode(),
        headers={"Content-Type": "application/json", "Accept-Language": lang},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer: dict[str, Any] = json.load(response)
        return answer


def test_japanese_ui_shows_a_broken_graphs_errors_in_japanese(editor: Editor) -> None:
    conv = editor.drop("Conv2d", 300, 200)  # no input: an error on the node
    editor.expect_valid(False)
    english = editor.node(conv).get_by_test_id("node-error")
    expect(english).to_have_attribute("title", re.compile(r"[A-Za-z]"))
    code = _validate_in(editor.base_url, editor.graph(), "en")["errors"][0]["code"]

    editor.testid("language").select_option("ja")
    answer = _validate_in(editor.base_url, editor.graph(), "ja")
    error = next(e for e in answer["errors"] if e["node"] == conv)
    assert error["code"] == code, "the code stays the same in every language"
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", error["message"]), error["message"]
    expect(editor.node(conv).get_by_test_id("node-error")).to_have_attribute(
        "title", error["message"], timeout=15_000
    )


def test_node_summary_comes_from_the_catalogue(editor: Editor) -> None:
    conv = editor.drop("Conv2d", 300, 200)
    editor.settled()
    summary = _validate_in(editor.base_url, editor.graph(), "en")["nodes"][conv]["summary"]
    assert summary, "Conv2d has a summary in the validation answer"
    expect(editor.node(conv).get_by_test_id("node-summary")).to_have_text(summary)


def test_the_launch_panel_refuses_zero_epochs_from_the_configs_schema(editor: Editor) -> None:
    """The bound comes from TrainingConfig's JSON Schema: 0 epochs is refused before the server."""
    config = api(editor.base_url, "/openapi.json")["components"]["schemas"]["TrainingConfig"]
    assert config["properties"]["epochs"]["minimum"] == 1
    editor.open_sample("xor_mlp")
    editor.expect_valid()
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    panel.get_by_test_id("launch-dataset").select_option("xor")
    epochs = panel.get_by_test_id("launch-epochs")
    start = panel.get_by_test_id("launch-start")

    epochs.fill("0")
    expect(epochs).to_have_attribute("aria-invalid", "true")
    expect(panel.get_by_test_id("launch-epochs-error")).to_contain_text("≥ 1")
    # the error is the field's description (aria-describedby), not only text in its label
    expect(epochs).to_have_accessible_description(re.compile("≥ 1"))
    expect(epochs).to_have_accessible_name("Epochs")
    expect(start).to_be_disabled()

    editor.testid("language").select_option("ja")
    expect(panel.get_by_test_id("launch-epochs-error")).to_contain_text("にしてください")
    epochs.fill("5")
    expect(panel.get_by_test_id("launch-epochs-error")).to_have_count(0)
    expect(epochs).to_have_accessible_description("")
    expect(start).to_be_enabled()
