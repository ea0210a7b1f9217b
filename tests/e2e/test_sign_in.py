"""Signing in in the browser, against `netcanvas serve` with `NETCANVAS_AUTH=accounts`.

The server is the one with accounts that the end-to-end files share (`tests/e2e/accounts.py`);
this file's users are added for it, and a password is changed through the real command line
(`netcanvas users passwd ... --password-stdin` on the server's data folder). Each test gets a
fresh browser context, so it starts signed out. Without accounts (the `server` fixture) the
editor has no sign-in.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.accounts import ACCOUNTS, PASSWORD, Accounts, add_users
from tests.e2e.editor import Editor, api, wait_until
from tests.e2e.test_datasets import nnc_zip
from tests.serving import netcanvas

__all__ = ["ACCOUNTS", "PASSWORD", "Accounts"]  # as the other files have imported them from here
BAD_LOGIN = "wrong user name or password"
NETWORK_ROUTE = re.compile(r"#/networks/(\d+)$")
RUN_MS = 180_000


@pytest.fixture(scope="module")
def accounts(accounts_server: Accounts) -> Accounts:
    """The server with accounts on and two users, ada (teacher) and bob (student)."""
    return add_users(accounts_server, {"ada": "teacher", "bob": "student"})


def open_signed_out(page: Page, accounts: Accounts) -> Editor:
    editor = Editor(page, accounts.url)
    page.goto(f"{accounts.url}/")
    expect(editor.testid("sign-in")).to_be_visible(timeout=30_000)
    return editor


def sign_in(editor: Editor, name: str, password: str = PASSWORD) -> None:
    """Fill the sign-in form and send it (the answer is for the caller to wait for)."""
    editor.testid("sign-in-username").fill(name)
    editor.testid("sign-in-password").fill(password)
    editor.testid("sign-in-submit").click()


def signed_in(page: Page, accounts: Accounts, name: str = "ada") -> Editor:
    editor = open_signed_out(page, accounts)
    sign_in(editor, name)
    editor.wait_ready()
    expect(editor.testid("user-name")).to_have_text(name)
    return editor


def no_editor(editor: Editor) -> None:
    expect(editor.page.locator(".react-flow__pane")).to_have_count(0)
    expect(editor.testid("palette")).to_have_count(0)


def me(page: Page, url: str) -> Any:
    """`GET /api/auth/me` with this page's cookies."""
    answer = page.request.get(f"{url}/api/auth/me")
    assert answer.ok, answer.status
    return answer.json()


def draft_of(page: Page, user_id: int) -> dict[str, Any] | None:
    text = page.evaluate(f"() => localStorage.getItem('netcanvas.draft.{user_id}')")
    return None if text is None else json.loads(text)


def conv1_channels(graph: dict[str, Any]) -> int | None:
    conv = next((n for n in graph["nodes"] if n["id"] == "conv1"), None)
    return None if conv is None else conv.get("params", {}).get("out_channels")


def edited_lenet(editor: Editor, user_id: int, channels: int = 12) -> dict[str, Any]:
    """LeNet with conv1 at `channels`, unsaved, once its draft is kept; the graph then."""
    editor.open_sample("lenet")
    editor.set_param("conv1", "out_channels", str(channels))
    editor.settled()
    wait_until(
        lambda: (d := draft_of(editor.page, user_id)) and conv1_channels(d["graph"]) == channels,
        what="the draft of the edited graph",
    )
    return editor.graph()


def test_without_accounts_the_editor_opens_with_no_sign_in_and_no_user(editor: Editor) -> None:
    assert api(editor.base_url, "/api/auth/me")["auth"] == "none"
    expect(editor.testid("sign-in")).to_have_count(0)
    expect(editor.testid("user-name")).to_have_count(0)
    expect(editor.testid("sign-out")).to_have_count(0)


def test_a_wrong_password_is_refused_and_the_right_one_opens_the_editor(
    page: Page, accounts: Accounts
) -> None:
    editor = open_signed_out(page, accounts)
    no_editor(editor)
    username, password = editor.testid("sign-in-username"), editor.testid("sign-in-password")
    expect(username).to_have_attribute("autocomplete", "username")
    expect(password).to_have_attribute("type", "password")
    expect(password).to_have_attribute("autocomplete", "current-password")

    # A wrong password and an unknown name get the same answer.
    for name, wrong in (("ada", "not the password"), ("nobody", PASSWORD)):
        sign_in(editor, name, wrong)
        expect(password).to_have_value("")  # cleared once the answer came
        expect(editor.testid("sign-in-error")).to_have_text(BAD_LOGIN)
        no_editor(editor)

    sign_in(editor, "ada")
    editor.wait_ready()
    expect(editor.testid("sign-in")).to_have_count(0)
    expect(editor.testid("user-name")).to_have_text("ada")
    expect(editor.testid("sign-out")).to_be_visible()
    assert me(page, accounts.url)["user"]["name"] == "ada"

    page.reload()
    editor.wait_ready()
    expect(editor.testid("user-name")).to_have_text("ada")
    expect(editor.testid("sign-in")).to_have_count(0)


def test_saving_sends_the_csrf_token(page: Page, accounts: Accounts) -> None:
    editor = signed_in(page, accounts)
    editor.open_sample("lenet")
    editor.testid("save").click()
    expect(editor.testid("unsaved")).to_be_hidden()
    expect(page).to_have_url(NETWORK_ROUTE)
    match = NETWORK_ROUTE.search(page.url)
    assert match
    saved = page.request.get(f"{accounts.url}/api/networks/{match.group(1)}")
    assert saved.ok and saved.json()["name"] == "LeNet"

    # The same cookie without the header is refused: the editor's save sent it.
    refused = page.request.post(f"{accounts.url}/api/projects", data={"name": "no token"})
    assert refused.status == 403
    assert refused.json()["detail"]["code"] == "auth.csrf"


def test_an_upload_sends_the_csrf_token_too(page: Page, accounts: Accounts, tmp_path: Path) -> None:
    editor = signed_in(page, accounts, "bob")
    page.goto(f"{accounts.url}/#/datasets")
    expect(editor.testid("datasets-page")).to_be_visible()
    expect(editor.testid("user-name")).to_have_text("bob")  # the datasets view's header too
    editor.testid("upload-name").fill("stripes")
    editor.testid("upload-input").set_input_files(str(nnc_zip(tmp_path / "stripes.zip")))
    expect(editor.testid("upload-status")).to_have_attribute("data-phase", "done", timeout=60_000)
    listed = page.request.get(f"{accounts.url}/api/datasets").json()["uploads"]
    assert [d["name"] for d in listed] == ["stripes"]


def test_a_session_ended_elsewhere_brings_back_sign_in_and_keeps_the_graph(
    page: Page, accounts: Accounts
) -> None:
    editor = signed_in(page, accounts)
    ada = me(page, accounts.url)["user"]["id"]
    before = edited_lenet(editor, ada)

    # A new password ends every session of ada's: the next call answers 401.
    netcanvas(accounts.folder, "users", "passwd", "ada", "--password-stdin", stdin=f"{PASSWORD}\n")
    editor.testid("save").click()
    expect(editor.testid("sign-in")).to_be_visible()
    expect(editor.testid("sign-in-expired")).to_be_visible()
    expect(editor.testid("sign-in-username")).to_have_value("ada")
    no_editor(editor)
    kept = draft_of(page, ada)
    assert kept is not None and conv1_channels(kept["graph"]) == 12

    editor.testid("sign-in-password").fill(PASSWORD)
    editor.testid("sign-in-submit").click()
    editor.wait_ready()
    expect(editor.nodes()).to_have_count(len(before["nodes"]))
    assert editor.graph() == before
    expect(editor.testid("unsaved")).to_be_visible()
    expect(editor.testid("message")).to_have_count(0)
    editor.testid("save").click()
    expect(editor.testid("unsaved")).to_be_hidden()
    expect(page).to_have_url(NETWORK_ROUTE)


def test_sign_out_shows_the_sign_in_page_and_ends_the_session(
    page: Page, accounts: Accounts
) -> None:
    editor = signed_in(page, accounts)
    session = next(c for c in page.context.cookies() if c["name"] == "netcanvas_session")
    editor.testid("sign-out").click()
    expect(editor.testid("sign-in")).to_be_visible()
    no_editor(editor)
    assert page.request.get(f"{accounts.url}/api/projects").status == 401

    # The cookie it had no longer signs anyone in.
    request = urllib.request.Request(
        f"{accounts.url}/api/projects", headers={"Cookie": f"netcanvas_session={session['value']}"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 401

    page.reload()
    expect(editor.testid("sign-in")).to_be_visible(timeout=30_000)
    no_editor(editor)


def test_another_user_starts_afresh_and_each_gets_their_own_draft_back(
    page: Page, accounts: Accounts
) -> None:
    editor = signed_in(page, accounts, "ada")
    ada = me(page, accounts.url)["user"]["id"]
    edited_lenet(editor, ada, channels=10)
    editor.testid("sign-out").click()

    sign_in(editor, "bob")  # the page reloads: nothing of ada's stays in it
    editor.wait_ready()
    expect(editor.testid("user-name")).to_have_text("bob")
    expect(editor.nodes()).to_have_count(0)
    expect(editor.testid("draft-banner")).to_have_count(0)
    editor.testid("sign-out").click()

    sign_in(editor, "ada")
    editor.wait_ready()
    expect(editor.testid("user-name")).to_have_text("ada")
    expect(editor.testid("draft-banner")).to_be_visible()
    editor.testid("draft-restore").click()
    wait_until(lambda: conv1_channels(editor.graph()) == 10, what="ada's draft on the canvas")


def test_the_sign_in_page_in_japanese(page: Page, accounts: Accounts) -> None:
    editor = open_signed_out(page, accounts)
    editor.testid("language").select_option("ja")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(editor.testid("sign-in").locator("h1")).to_have_text("サインイン")
    expect(page.get_by_label("ユーザー名")).to_be_visible()
    expect(page.get_by_label("パスワード")).to_have_attribute("type", "password")
    expect(editor.testid("sign-in-submit")).to_have_text("サインイン")

    sign_in(editor, "ada", "not the password")
    expect(editor.testid("sign-in-error")).to_have_text("ユーザー名またはパスワードが違います")
    sign_in(editor, "ada")
    editor.wait_ready()
    expect(editor.testid("sign-out")).to_have_text("サインアウト")
    expect(editor.testid("save")).to_contain_text("保存")


def test_training_signed_in_follows_the_job_over_its_websocket(
    page: Page, accounts: Accounts
) -> None:
    editor = signed_in(page, accounts)
    editor.open_sample("xor_mlp")
    editor.expect_valid()
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    panel.get_by_test_id("launch-dataset").select_option("xor")
    panel.get_by_test_id("launch-epochs").fill("2")
    panel.get_by_test_id("launch-start").click()

    expect(page).to_have_url(re.compile(r"#/jobs/\d+$"))
    detail = editor.testid("job-detail")
    expect(detail).to_have_attribute("data-status", "succeeded", timeout=RUN_MS)
    expect(editor.testid("curve-loss")).to_have_attribute("data-points", "2")
    expect(editor.testid("user-name")).to_have_text("ada")  # the jobs view's header too
    job_id = int(page.url.rsplit("/", 1)[1])

    # The page's websocket signs in with the session cookie: the events replay, then it closes.
    answer = page.evaluate(
        """id => new Promise((resolve) => {
            const ws = new WebSocket(`ws://${location.host}/api/jobs/${id}/events`);
            let events = 0;
            ws.onmessage = () => events++;
            ws.onclose = (e) => resolve({ events, code: e.code });
        })""",
        job_id,
    )
    assert answer["code"] == 1000 and answer["events"] >= 3, answer
