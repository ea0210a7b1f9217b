"""Switching the editor to Japanese."""

from __future__ import annotations

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

    editor.testid("language").select_option("en")
    expect(editor.testid("save")).to_contain_text("Save")
    expect(editor.page.locator("html")).to_have_attribute("lang", "en")
    expect(editor.testid("palette-item-Conv2d")).to_contain_text(titles["Conv2d"]["en"])
