"""The editor end to end: the README's run command serving the built editor, driven by Chromium.

The server is `python -m netcanvas.cli serve` in a subprocess, exactly as `make run`
starts it, with its own data folder and without `REDIS_URL` (so it starts its own
Redis and worker). The browser is Debian's Chromium through Playwright; each test
gets a fresh context (no storage shared between tests) and a 1440×900 page.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from tests.e2e.editor import Editor

ROOT = Path(__file__).resolve().parents[2]
EDITOR_INDEX = ROOT / "frontend" / "dist" / "index.html"
CHROMIUM = "/usr/bin/chromium"
STARTUP_SECONDS = 120


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_health(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    """Return once `/api/health` answers 200; fail with the server's log otherwise."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"netcanvas serve did not come up:\n{log_path.read_text()[-6000:]}")
        time.sleep(0.2)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app at a free port, serving frontend/dist; stopped with SIGINT like Ctrl-C."""
    if not EDITOR_INDEX.is_file():
        pytest.fail(
            f"The editor is not built: {EDITOR_INDEX} is missing. "
            "`make install` builds it (npm ci && npm run build in frontend/)."
        )
    folder = tmp_path_factory.mktemp("e2e-serve")
    port = free_port()
    log_path = folder / "serve.log"
    drop = {"REDIS_URL", "NETCANVAS_FRONTEND_DIR", "DATABASE_URL"}
    env = {key: value for key, value in os.environ.items() if key not in drop}
    env["NETCANVAS_DATA_DIR"] = str(folder / "var")
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "netcanvas.cli", "serve", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url, process, log_path)
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


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
def pytest_runtest_makereport(item: pytest.Item) -> Iterator[None]:
    """Keep each phase's report on the test, so the page fixture knows whether it failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Page]:
    """A fresh page in a fresh context; when a test fails, its console errors and a screenshot."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    context.set_default_timeout(15_000)
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
    # Confirmations such as "discard unsaved changes?" are answered yes.
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        shot = tmp_path / "failure.png"
        page.screenshot(path=str(shot))
        print("\n".join([*problems, f"screenshot: {shot}"]))
    context.close()


@pytest.fixture
def editor(page: Page, server: str) -> Editor:
    """The editor opened on an empty canvas."""
    editor = Editor(page, server)
    editor.open()
    if editor.nodes().count():
        editor.testid("new-network").click()
    return editor
