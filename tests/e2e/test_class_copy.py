"""A class copy keeps its teacher's launch settings and note on the server, not in one browser.

A student copies a published network on the lab PC (one browser context), then opens it at home
(a fresh context: nothing in localStorage): the launch panel has the teacher's dataset, settings
and note. A job started there keeps its note on the server, so its page in yet another fresh
context shows it. The teacher then withdraws it, confirming in the app's own dialog (Escape keeps
it), in English and Japanese. Against the `netcanvas serve` with accounts that the end-to-end files
share (`tests/e2e/accounts.py`), its real worker, and Chromium.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from tests.e2e.accounts import PASSWORD, Accounts, add_users
from tests.e2e.editor import Editor
from tests.e2e.test_sign_in import sign_in
from tests.serving import ROOT

XOR = json.loads((ROOT / "netcanvas" / "samples" / "xor_mlp.json").read_text())
NOTE = "Train it, then remove the hidden layer and compare: 100 % becomes about 75 %."
SETTINGS = {"epochs": 120, "lr": 0.03, "batch_size": 16, "optimizer": "adam"}


@dataclass
class Lab:
    url: str
    publication: int


def call(
    url: str, path: str, body: Any = None, token: str | None = None, method: str = "POST"
) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{url}{path}", data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=60) as answer:
        text = answer.read()
        return json.loads(text) if text else None


@pytest.fixture(scope="module")
def lab(accounts_server: Accounts) -> Iterator[Lab]:
    """The server with accounts that the end-to-end files share, teacher tina and student sam,
    and tina's XOR lesson published (under a name no sample has, so no sample's note can stand
    in for hers); withdrawn at the end if a test left it, so no other file's page lists it."""
    url = add_users(accounts_server, {"tina": "teacher", "sam": "student"}).url
    token = call(url, "/api/auth/login", {"username": "tina", "password": PASSWORD})["token"]
    body = {"title": "Hidden layers", "note": NOTE, "graph": {**XOR, "name": "Week 3 XOR"},
            "dataset": "xor", "config": SETTINGS}  # fmt: skip
    publication = call(url, "/api/class/published", body, token)["id"]
    yield Lab(url, publication)
    try:
        call(url, f"/api/class/published/{publication}", token=token, method="DELETE")
    except urllib.error.HTTPError as error:
        if error.code != 404:  # withdrawn by the test already
            raise


def browser_at_home(browser: Browser) -> BrowserContext:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.set_default_timeout(15_000)
    return context


def signed_in(context: BrowserContext, lab: Lab, route: str = "") -> Editor:
    """Sam signed in, at `#<route>` when given."""
    editor = Editor(context.new_page(), lab.url)
    editor.page.goto(f"{lab.url}/")
    expect(editor.testid("sign-in")).to_be_visible(timeout=30_000)
    sign_in(editor, "sam")
    editor.wait_ready()
    if route:
        editor.page.goto(f"{lab.url}/#{route}")
    return editor


def expect_the_lesson(editor: Editor) -> None:
    panel = editor.testid("launch-panel")
    expect(panel).to_be_visible(timeout=15_000)
    expect(panel.get_by_test_id("launch-note")).to_contain_text(NOTE)
    # headed by the publication it came from, as the server keeps it with the note
    expect(panel.get_by_test_id("launch-note")).to_contain_text("From the class: Hidden layers")
    expect(panel.get_by_test_id("launch-dataset")).to_have_value("xor")
    expect(panel.get_by_test_id("launch-epochs")).to_have_value(str(SETTINGS["epochs"]))
    expect(panel.get_by_test_id("launch-lr")).to_have_value(str(SETTINGS["lr"]))
    expect(panel.get_by_test_id("launch-batch-size")).to_have_value(str(SETTINGS["batch_size"]))


def test_a_class_copy_opens_with_its_lesson_in_a_fresh_browser_and_its_job_keeps_the_note(
    browser: Browser, lab: Lab
) -> None:
    lab_pc = browser_at_home(browser)
    try:
        editor = signed_in(lab_pc, lab)
        editor.testid("nav-class").click()
        published = editor.testid(f"published-{lab.publication}")
        expect(published).to_contain_text("remove the hidden layer", timeout=15_000)
        editor.testid(f"published-copy-{lab.publication}").click()
        expect_the_lesson(editor)  # on the PC that copied it
        expect(editor.page).to_have_url(re.compile(r"#/networks/\d+$"))
        network_id = int(editor.page.url.rsplit("/", 1)[1])
    finally:
        lab_pc.close()

    home = browser_at_home(browser)
    try:
        editor = signed_in(home, lab, f"/networks/{network_id}")
        kept = "localStorage.getItem('netcanvas.launchPresets')"
        assert editor.page.evaluate(kept) is None  # nothing from the lab PC
        expect(editor.nodes()).to_have_count(len(XOR["nodes"]))
        editor.testid("train").click()
        expect_the_lesson(editor)
        editor.testid("launch-start").click()
        expect(editor.page).to_have_url(re.compile(r"#/jobs/\d+$"), timeout=30_000)
        job_id = int(editor.page.url.rsplit("/", 1)[1])
        expect(editor.testid("job-note")).to_contain_text(NOTE)
        assert editor.page.evaluate("localStorage.getItem('netcanvas.jobNotes')") is None

        # "Save a copy" of it there: the copy keeps the same launch preset on the server.
        editor.page.goto(f"{lab.url}/#/networks/{network_id}")
        expect(editor.nodes()).to_have_count(len(XOR["nodes"]))
        editor.testid("save-copy").click()
        expect(editor.page).to_have_url(re.compile(rf"#/networks/(?!{network_id}$)\d+$"))
        copy_id = int(editor.page.url.rsplit("/", 1)[1])
        read = editor.page.request.get
        original = read(f"{lab.url}/api/networks/{network_id}").json()["launch"]
        assert original["note"] == {"en": NOTE, "ja": NOTE, "from_class": "Hidden layers"}
        assert read(f"{lab.url}/api/networks/{copy_id}").json()["launch"] == original
    finally:
        home.close()

    phone = browser_at_home(browser)  # yet another browser: the job's page has its note
    try:
        editor = signed_in(phone, lab, f"/jobs/{job_id}")
        expect(editor.testid("job-detail")).to_be_visible(timeout=30_000)
        expect(editor.testid("job-note")).to_contain_text(NOTE)
        expect(editor.testid("job-note")).to_contain_text("From the class: Hidden layers")
        editor.testid("language").select_option("ja")  # the teacher's words in either language
        expect(editor.testid("job-note")).to_contain_text(NOTE)
        expect(editor.testid("job-note")).to_contain_text("クラスから: Hidden layers")
    finally:
        phone.close()


def test_the_teacher_sees_what_a_job_trained_then_withdraws_and_the_copies_stay(
    browser: Browser, lab: Lab
) -> None:
    """Sam's Class page is open when Tina withdraws the lesson: copying it then says so, and
    Sam's copy and job stay his. Before that, Tina opens Sam's job (of the test above): its
    settings and the network it trained show beside its curves."""
    pupil = browser_at_home(browser)
    teacher = browser_at_home(browser)
    try:
        sam = signed_in(pupil, lab, "/class")
        expect(sam.testid(f"published-copy-{lab.publication}")).to_be_visible()
        tina = Editor(teacher.new_page(), lab.url)
        tina.page.goto(f"{lab.url}/")
        sign_in(tina, "tina")
        tina.wait_ready()
        tina.testid("nav-class").click()
        tina.testid("class-filter-student").fill("sam")  # the shared server has other students
        tina.page.locator("tr[data-student='sam'] [data-testid^=class-job-link-]").first.click()
        expect(tina.testid("class-job-settings")).to_contain_text("Epochs 120")
        trained = tina.testid("class-job-network")
        expect(trained.get_by_test_id("node-type")).to_have_count(len(XOR["nodes"]))
        tina.page.go_back()
        # The app asks in its own dialog, which has the keyboard: Escape keeps the lesson.
        withdraw = tina.testid(f"published-withdraw-{lab.publication}")
        withdraw.click()
        dialog = tina.testid("confirm-dialog")
        expect(dialog.get_by_test_id("confirm-text")).to_have_text(
            "Withdraw “Hidden layers”? Copies students made stay theirs."
        )
        expect(dialog.get_by_test_id("confirm-ok")).to_be_focused()
        # withdrawing loses nothing (copies stay; it can be published again): no red button
        expect(dialog.get_by_test_id("confirm-ok")).to_have_attribute("data-danger", "false")
        tina.page.keyboard.press("Escape")
        expect(dialog).to_have_count(0)
        expect(withdraw).to_be_focused()  # back where the teacher was
        expect(tina.testid(f"published-{lab.publication}")).to_be_visible()
        tina.testid("language").select_option("ja")  # asked in Japanese too
        withdraw.click()
        expect(dialog.get_by_test_id("confirm-text")).to_have_text(
            "「Hidden layers」を取り下げますか？学生が作ったコピーはそのまま残ります。"
        )
        expect(dialog.get_by_test_id("confirm-ok")).to_have_text("取り下げる")
        tina.page.keyboard.press("Enter")  # the focused button: withdraw
        expect(tina.testid(f"published-{lab.publication}")).to_have_count(0)

        sam.testid(f"published-copy-{lab.publication}").click()  # the page from before
        gone = sam.testid("published-gone")
        expect(gone).to_contain_text("“Hidden layers” has been withdrawn by its teacher")
        expect(sam.testid(f"published-{lab.publication}")).to_have_count(0)
        jobs = sam.page.request.get(f"{lab.url}/api/jobs").json()
        projects = sam.page.request.get(f"{lab.url}/api/projects").json()
        assert jobs and projects  # his copy (in its project) and his job stay
    finally:
        pupil.close()
        teacher.close()
