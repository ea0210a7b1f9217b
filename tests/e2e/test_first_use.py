"""A new user's first steps, as a walk through the app in both languages found them wanting.

- The launch panel opens below the toolbar at a laptop's 1440 px, where the toolbar wraps into a
  second row: the panel used to cover that row's Train button, Sign out and language select.
- A Japanese user's first save makes the project that holds it, named in Japanese (it was
  "My project" whatever the language), on a server with accounts so that the user is new.
- The "New from sample…" menu shows its whole name at 1440 and 1366 px, in both languages
  (it was cut to "New from sam" and "サンプルから新").
- The Datasets page's time-series switch lines up with the fields around it (it sat in the
  browser's default fieldset frame, sticking out past the column's edge).
- A file input's button and "no file" line follow the UI's language (the browser's own said
  "Choose File / No file chosen" in the Japanese UI of an English browser).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.accounts import Accounts, add_users
from tests.e2e.editor import Editor
from tests.e2e.test_sign_in import signed_in

NETWORK_ROUTE = re.compile(r"#/networks/(\d+)$")


@pytest.fixture(scope="module")
def newcomer(accounts_server: Accounts) -> Accounts:
    """The server with accounts on and one user, nao, who has nothing yet."""
    return add_users(accounts_server, {"nao": "student"})


def test_the_launch_panel_leaves_the_wrapped_toolbar_usable(editor: Editor) -> None:
    page = editor.page
    assert page.viewport_size == {"width": 1440, "height": 900}
    editor.open_sample("xor_mlp")
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    expect(panel).to_be_visible()

    toolbar = page.locator("header.toolbar").bounding_box()
    box = panel.bounding_box()
    assert toolbar is not None and box is not None
    assert toolbar["height"] > 60, "at 1440 px the editor's toolbar takes two rows"
    assert box["y"] >= toolbar["y"] + toolbar["height"] - 1, (toolbar, box)
    assert box["y"] + box["height"] <= 900 + 1, "the panel ends at the window's bottom"
    # What the second row holds still takes the clicks (trial: the checks without the click).
    editor.testid("language").click(trial=True)
    editor.testid("train").click(trial=True)
    panel.get_by_test_id("launch-start").scroll_into_view_if_needed()
    panel.get_by_test_id("launch-start").click(trial=True)

    editor.testid("language").select_option("ja")
    expect(panel).to_be_visible()
    editor.testid("language").select_option("en")


# The closed menu's name against the room the select gives it (its box less its padding and
# the arrow), with the select's own font.
LABEL_ROOM = """e => {
  const style = getComputedStyle(e);
  const pen = document.createElement("canvas").getContext("2d");
  pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const text = pen.measureText(e.options[e.selectedIndex].text).width;
  const room = e.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16;
  return { text, room };
}"""


@pytest.mark.parametrize("width", [1440, 1366])
def test_the_sample_menu_shows_its_whole_name(editor: Editor, width: int) -> None:
    editor.page.set_viewport_size({"width": width, "height": 900})
    menu = editor.testid("sample-select")
    for lang, name in (("en", "New from sample…"), ("ja", "サンプルから新規作成…")):
        editor.testid("language").select_option(lang)
        expect(menu.locator("option").first).to_have_text(name)
        fit = menu.evaluate(LABEL_ROOM)
        assert fit["text"] <= fit["room"], (lang, width, fit)


def test_a_japanese_users_first_save_makes_a_japanese_project(
    page: Page, newcomer: Accounts
) -> None:
    editor = signed_in(page, newcomer, "nao")
    editor.testid("language").select_option("ja")
    projects = editor.testid("projects")
    expect(projects).to_contain_text("プロジェクトはまだありません")
    editor.open_sample("xor_mlp")
    editor.testid("save").click()
    expect(page).to_have_url(NETWORK_ROUTE)

    expect(projects.locator("[data-testid^=project-]").first).to_contain_text("マイプロジェクト")
    expect(projects).not_to_contain_text("My project")


def test_the_time_series_switch_lines_up_with_the_upload_fields(editor: Editor) -> None:
    editor.testid("nav-datasets").click()
    expect(editor.testid("datasets-page")).to_be_visible()
    series = editor.testid("series-options")
    name = editor.page.locator(".ds-upload input").first
    expect(series).to_be_visible()
    box, field = series.bounding_box(), name.bounding_box()
    assert box is not None and field is not None
    assert box["x"] >= field["x"] - 12 - 1, (box, field)  # within the column's padding
    assert series.evaluate("e => getComputedStyle(e).borderTopStyle") == "none"


def test_a_file_input_speaks_the_uis_language(editor: Editor, tmp_path: Path) -> None:
    editor.testid("nav-datasets").click()
    editor.testid("language").select_option("ja")
    editor.testid("upload-test-kind").select_option("file")
    expect(editor.testid("upload-test-file-button")).to_have_text("ファイルを選択…")
    expect(editor.testid("upload-test-file-name")).to_have_text("ファイルが選択されていません")
    chosen = tmp_path / "test-set.zip"
    chosen.write_bytes(b"PK")
    editor.testid("upload-test-file").set_input_files(str(chosen))
    expect(editor.testid("upload-test-file-name")).to_have_text("test-set.zip")
    editor.testid("language").select_option("en")
    expect(editor.testid("upload-test-file-button")).to_have_text("Choose a file…")
    # the button opens the browser's file chooser, which the input (out of sight) would
    with editor.page.expect_file_chooser() as chooser:
        editor.testid("upload-test-file-button").click()
    assert chooser.value.element.get_attribute("data-testid") == "upload-test-file"
