"""The editor end to end: the README's run command serving the built editor, driven by Chromium.

The server is `python -m netcanvas_cli serve` in a subprocess, exactly as `make run`
starts it, with its own data folder and without `REDIS_URL` (so it starts its own
Redis and worker). The browser is Debian's Chromium through Playwright; each test
gets a fresh context (no storage shared between tests) and a 1440×900 page.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Page, Playwright, expect, sync_playwright

from tests.e2e.accounts import ACCOUNTS, Accounts
from tests.e2e.editor import Editor
from tests.serving import ROOT, served

EDITOR_INDEX = ROOT / "frontend" / "dist" / "index.html"
CHROMIUM = "/usr/bin/chromium"
WAIT_MS = 15_000  # what an action, and an assertion, waits for unless told otherwise

# Playwright's assertions wait 5 s unless told otherwise: a context's default timeout is for
# its actions only. On a loaded machine the page's answers, and its renders, take longer.
expect.set_options(timeout=WAIT_MS)


def editor_built() -> None:
    if not EDITOR_INDEX.is_file():
        pytest.fail(
            f"The editor is not built: {EDITOR_INDEX} is missing. "
            "`make install` builds it (npm ci && npm run build in frontend/)."
        )


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app at a free port, serving frontend/dist; stopped with SIGINT like Ctrl-C."""
    editor_built()
    with served(tmp_path_factory.mktemp("e2e-serve")) as url:
        yield url


@pytest.fixture(scope="session")
def accounts_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Accounts]:
    """The app with accounts on; one per test process, shared by its files, each adding its own
    users (`tests.e2e.accounts.add_users`)."""
    editor_built()
    folder = tmp_path_factory.mktemp("e2e-accounts")
    with served(folder, env=ACCOUNTS) as url:
        yield Accounts(url, folder)


# Playwright's sync API keeps an event loop of its own: stop it when this package's
# tests are done, so it cannot meet the asyncio of tests that run after them.
@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        headless=True,
    )
    yield browser
    browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item,
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the test, so the page fixture knows whether it failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def answer_browser_dialog(dialog: Dialog, asked: list[str]) -> None:
    """Leaving with unsaved work is the browser's to ask (accepted); another is noted, dismissed."""
    if dialog.type == "beforeunload":
        dialog.accept()
        return
    asked.append(f"{dialog.type}: {dialog.message}")
    dialog.dismiss()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Page]:
    """A fresh page in a fresh context; when a test fails, its console errors and a screenshot."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text}")
            if message.type == "error"
            else None
        ),
    )
    # The app asks in its own dialog (`confirm-dialog`); a browser dialog other than leaving with
    # unsaved work is a regression: it is dismissed, and the test fails.
    browser_dialogs: list[str] = []
    page.on("dialog", lambda dialog: answer_browser_dialog(dialog, browser_dialogs))
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        shot = tmp_path / "failure.png"
        page.screenshot(path=str(shot))
        print("\n".join([*problems, f"screenshot: {shot}"]))
    context.close()
    if browser_dialogs:
        pytest.fail(f"the browser's own dialog was used: {browser_dialogs}")


@pytest.fixture
def editor(page: Page, server: str) -> Editor:
    """The editor opened on an empty canvas."""
    editor = Editor(page, server)
    editor.open()
    if editor.nodes().count():
        editor.new_network()
    return editor
