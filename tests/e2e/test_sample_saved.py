"""A sample saved as a network keeps its lesson on the server: opened in a NEW browser (a fresh
context, nothing in localStorage, like another PC in the lab), the network's launch panel shows
the sample's note and its dataset and settings, exactly as when opened from the samples list;
"Save a copy" of it keeps the sample and is named "<name> (copy)".
"""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from netcanvas import samples
from tests.e2e.editor import Editor, api


def test_a_saved_sample_shows_its_lesson_in_another_browser(
    editor: Editor, browser: Browser, server: str
) -> None:
    lesson = samples.lesson("dcgan_digits")
    editor.open_sample("dcgan_digits")
    editor.testid("save").click()
    expect(editor.page).to_have_url(re.compile(r"#/networks/\d+$"))
    network_id = int(editor.page.url.rsplit("/", 1)[1])
    assert api(server, f"/api/networks/{network_id}")["sample"] == "dcgan_digits"

    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.set_default_timeout(15_000)
    try:
        other = Editor(context.new_page(), server)
        other.open(f"/networks/{network_id}")
        assert other.page.evaluate("localStorage.getItem('netcanvas.launchPresets')") is None
        expect(other.nodes()).not_to_have_count(0)
        other.testid("train").click()
        panel = other.testid("launch-panel")
        expect(panel.get_by_test_id("launch-note")).to_contain_text(lesson.note.en)
        expect(panel.get_by_test_id("launch-dataset")).to_have_value(lesson.dataset)
        epochs = str(lesson.config["epochs"])
        expect(panel.get_by_test_id("launch-epochs")).to_have_value(epochs)
        batch = str(lesson.config["batch_size"])
        expect(panel.get_by_test_id("launch-batch-size")).to_have_value(batch)
        panel.get_by_test_id("launch-close").click()

        # "Save a copy" there: the copy names the sample too, and opens with its lesson.
        other.testid("save-copy").click()
        copied = re.compile(rf"#/networks/(?!{network_id}$)\d+$")
        expect(other.page).to_have_url(copied)
        copy_id = int(other.page.url.rsplit("/", 1)[1])
        assert api(server, f"/api/networks/{copy_id}")["sample"] == "dcgan_digits"
        # ... and is named as one, so the project does not list two networks alike
        original = api(server, f"/api/networks/{network_id}")["name"]
        assert api(server, f"/api/networks/{copy_id}")["name"] == f"{original} (copy)"
        other.page.evaluate("localStorage.clear()")
        other.page.reload()
        other.wait_ready()
        other.testid("train").click()
        expect(other.testid("launch-note")).to_contain_text(lesson.note.en)
        expect(other.testid("launch-epochs")).to_have_value(epochs)
    finally:
        context.close()


def test_a_network_naming_a_sample_no_longer_shipped_opens_with_the_defaults(
    editor: Editor, server: str
) -> None:
    projects = api(server, "/api/projects")
    project = projects[0] if projects else api(server, "/api/projects", {"name": "p"})
    body = {"name": "old", "graph": samples.load("xor_mlp"), "sample": "removed_since"}
    network = api(server, f"/api/projects/{project['id']}/networks", body)
    editor.open(f"/networks/{network['id']}")
    expect(editor.nodes()).not_to_have_count(0)
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    expect(panel.get_by_test_id("launch-epochs")).to_be_visible()
    expect(panel.get_by_test_id("launch-note")).to_have_count(0)
