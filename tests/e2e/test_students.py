"""A teacher's Students page in the browser, against `netcanvas serve` with accounts: the teacher
adds students from pasted names and sees their one-time passwords once (copied or downloaded as
CSV), resets one; a student signs in with one, must choose their own password first, then gets the
editor. Takes the README's screenshot of the page with the passwords showing.

The teacher is added as `netcanvas users add` adds one (`tests/e2e/accounts.py`), the students
through the page itself, on the server with accounts that the end-to-end files share: the page
lists every student on it, so the assertions name this file's own, and the screenshot shows the
page down to its forms, above the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.accounts import Accounts, add_users
from tests.e2e.editor import Editor
from tests.e2e.test_sign_in import no_editor, open_signed_out, sign_in
from tests.serving import ROOT

SCREENSHOT = ROOT / "docs" / "images" / "students.png"
OWN = "my very own secret"


@dataclass
class School:
    url: str


@pytest.fixture(scope="module")
def school(accounts_server: Accounts) -> School:
    """The shared server with accounts, teacher tess and admin root."""
    add_users(accounts_server, {"tess": "teacher", "root": "admin"})
    return School(accounts_server.url)


def students_page(page: Page, school: School) -> Editor:
    editor = open_signed_out(page, school)  # type: ignore[arg-type]  # it reads .url only
    sign_in(editor, "tess")
    editor.wait_ready()
    editor.testid("nav-users").click()
    expect(editor.testid("users-page")).to_be_visible()
    return editor


def test_a_teacher_adds_students_and_one_signs_in_and_changes_the_password(
    page: Page, school: School, tmp_path: Path
) -> None:
    editor = students_page(page, school)
    expect(editor.testid("nav-users")).to_have_text("Students")
    expect(editor.testid("users-page").locator("h1")).to_have_text("Students")
    expect(editor.testid("users-role")).to_have_count(0)  # a teacher adds students only

    editor.testid("users-names").fill("hana\n  ken \n\nhana\n")
    expect(editor.testid("users-add-many")).to_have_text("Add 2 accounts")
    editor.testid("users-add-many").click()
    shown = editor.testid("users-passwords")
    expect(shown).to_contain_text("not shown again")
    passwords = {}
    for name in ("hana", "ken"):
        cell = editor.testid(f"users-password-{name}").get_by_test_id("users-password")
        expect(cell).to_have_text(re.compile(r"^\S{12}$"))
        passwords[name] = cell.inner_text()
        assert len(passwords[name]) == 12
        row = editor.testid(f"users-row-{name}")
        expect(row.get_by_test_id("users-must-change")).to_have_text("yes")
    expect(editor.testid("users-names")).to_have_value("")
    # down to the add forms: the list below holds the other files' students too
    forms = editor.page.locator(".users-add").bounding_box()
    assert forms is not None
    bottom = forms["y"] + forms["height"] + 16
    page.screenshot(path=str(SCREENSHOT), clip={"x": 0, "y": 0, "width": 1440, "height": bottom})

    with page.expect_download() as download:
        editor.testid("users-download").click()
    saved = tmp_path / "passwords.csv"
    download.value.save_as(saved)
    lines = saved.read_text().splitlines()
    assert lines == ["name,password", f"hana,{passwords['hana']}", f"ken,{passwords['ken']}"]

    # A taken name is refused, naming it; nothing else is added.
    editor.testid("users-name").fill("hana")
    editor.testid("users-add-one").click()
    expect(editor.testid("users-error")).to_contain_text("'hana'")

    # A reset shows ken's new password the same way.
    editor.testid("users-reset-ken").click()
    editor.testid("confirm-ok").click()
    reset = editor.testid("users-password-ken").get_by_test_id("users-password")
    expect(reset).not_to_have_text(passwords["ken"])
    expect(editor.testid("users-password-hana")).to_have_count(0)
    editor.testid("sign-out").click()

    sign_in(editor, "hana", passwords["hana"])
    form = editor.testid("change-password")
    expect(form).to_be_visible()
    no_editor(editor)
    editor.testid("change-current").fill(passwords["hana"])
    editor.testid("change-new").fill(OWN)
    editor.testid("change-again").fill(OWN + "!")
    editor.testid("change-submit").click()
    expect(editor.testid("change-error")).to_have_text("The two new passwords differ.")
    editor.testid("change-new").fill(passwords["hana"])  # the one-time one again
    editor.testid("change-again").fill(passwords["hana"])
    editor.testid("change-submit").click()
    expect(editor.testid("change-error")).to_contain_text("must differ from the current one")
    no_editor(editor)
    editor.testid("change-new").fill(OWN)
    editor.testid("change-again").fill(OWN)
    editor.testid("change-submit").click()
    editor.wait_ready()
    expect(editor.testid("change-password")).to_have_count(0)
    expect(editor.testid("user-name")).to_have_text("hana")
    expect(editor.testid("nav-users")).to_have_count(0)  # a student manages nobody

    page.reload()  # the server knows it is changed: the editor opens straight away
    editor.wait_ready()
    expect(editor.testid("change-password")).to_have_count(0)


def test_the_students_page_in_japanese(page: Page, school: School) -> None:
    editor = students_page(page, school)
    editor.testid("language").select_option("ja")
    expect(editor.testid("nav-users")).to_have_text("学生")
    expect(editor.testid("users-page").locator("h1")).to_have_text("学生")
    expect(editor.testid("users-add-many")).to_have_text("0 件のアカウントを追加")
    # A Japanese class list: names in kanji and kana, a full-width space, one twice.
    editor.testid("users-names").fill("田中\u3000花子\nさくら\n\n田中 花子\n")
    expect(editor.testid("users-add-many")).to_have_text("2 件のアカウントを追加")
    editor.testid("users-add-many").click()
    for name in ("田中 花子", "さくら"):
        cell = editor.testid(f"users-password-{name}").get_by_test_id("users-password")
        expect(cell).to_have_text(re.compile(r"^\S{12}$"))


def test_an_admin_sets_an_accounts_limits_on_the_accounts_page(page: Page, school: School) -> None:
    """What `netcanvas users limits` does, in the browser: a field left empty takes the server's."""
    editor = open_signed_out(page, school)  # type: ignore[arg-type]
    sign_in(editor, "root")
    editor.wait_ready()
    editor.testid("nav-users").click()
    expect(editor.testid("nav-users")).to_have_text("Accounts")
    editor.testid("users-limits-open-tess").click()
    form = editor.testid("users-limits-tess")
    running = form.get_by_test_id("users-limit-max_running_jobs")
    expect(running).to_have_value("")  # the server's, shown beside it
    expect(form).to_contain_text("server's: 2")
    running.fill("1")
    form.get_by_test_id("users-limits-save").click()
    expect(form.get_by_test_id("users-limits-saved")).to_be_visible()
    upload = form.get_by_test_id("users-limit-max_upload_mb")
    upload.fill("100000")  # above the server's own: refused, saying why
    form.get_by_test_id("users-limits-save").click()
    expect(form.get_by_test_id("users-limits-error")).to_contain_text("512")
    page.reload()
    editor.testid("nav-users").click()
    editor.testid("users-limits-open-tess").click()
    expect(running).to_have_value("1")  # kept by the server
    expect(upload).to_have_value("")
