"""Small things a user meets, in the browser against `netcanvas serve` with its real worker:

- a page load asks nothing it cannot get, so the console a bug report quotes is clean: the
  sign-in page (no 401 for who is signed in) and a 2-D classifier's job page, live and after a
  reload (no 404 for a boundary before one exists);
- the jobs list tells what an ended job reached ("60/60 epochs", "cancelled at 2/500");
- a plain save of a network saved before presets moved to the server sends the one this
  browser kept, and a preset the server refuses never blocks the save.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from playwright.sync_api import ConsoleMessage, Page, expect

from netcanvas import samples
from tests.e2e.editor import Editor, api, wait_until
from tests.e2e.test_sign_in import Accounts, accounts, open_signed_out, sign_in

__all__ = ["accounts"]  # the module's server with accounts, as test_sign_in defines it

RUN_MS = 180_000


def console_errors(page: Page) -> list[str]:
    """Every console error and uncaught page error from now on (a failed request logs one)."""
    errors: list[str] = []

    def logged(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"{message.text} ({message.location.get('url', '')})")

    page.on("console", logged)
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    return errors


def quiet_for_a_moment(page: Page) -> None:
    """Let the page's first requests (and what their answers start) come back."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1_000)


def test_the_sign_in_page_logs_no_error_signed_out_or_in(page: Page, accounts: Accounts) -> None:
    errors = console_errors(page)
    editor = open_signed_out(page, accounts)
    quiet_for_a_moment(page)
    assert errors == []
    sign_in(editor, "ada")
    editor.wait_ready()
    page.reload()  # signed in: the start finds the session
    editor.wait_ready()
    expect(editor.testid("user-name")).to_have_text("ada")
    quiet_for_a_moment(page)
    assert errors == []


def train(server: str, epochs: int, batch_size: int = 8) -> int:
    lesson = samples.lesson("xor_mlp")
    config = {**lesson.config, "epochs": epochs, "batch_size": batch_size}
    body = {"graph": samples.load("xor_mlp"), "dataset": "xor", "config": config}
    job_id: int = api(server, "/api/jobs", body)["id"]
    return job_id


def status_of(server: str, job_id: int) -> Callable[[], str]:
    return lambda: str(api(server, f"/api/jobs/{job_id}")["status"])


def test_a_2d_job_page_logs_no_error_live_or_reloaded_and_the_list_tells_what_jobs_reached(
    editor: Editor, server: str
) -> None:
    page = editor.page
    errors = console_errors(page)
    job_id = train(server, epochs=60)
    page.goto(f"{server}/#/jobs/{job_id}")  # from its start: epochs before a boundary is kept
    expect(editor.testid("job-detail")).to_have_attribute(
        "data-status", "succeeded", timeout=RUN_MS
    )
    expect(editor.testid("boundary")).to_be_visible()
    quiet_for_a_moment(page)
    assert errors == []
    assert api(server, f"/api/jobs/{job_id}")["has_boundary"] is True
    page.reload()  # the stored boundary, asked because the job has one
    expect(editor.testid("boundary")).to_have_attribute("data-epoch", "60", timeout=30_000)
    quiet_for_a_moment(page)
    assert errors == []

    long = train(server, epochs=500, batch_size=4)
    wait_until(lambda: (api(server, f"/api/jobs/{long}")["progress"].get("epoch") or 0) >= 2,
               timeout=RUN_MS / 1000, what="the long job's second epoch")  # fmt: skip
    api(server, f"/api/jobs/{long}/cancel", {})
    wait_until(lambda: status_of(server, long)() == "cancelled", timeout=60, what="cancelled")
    at = api(server, f"/api/jobs/{long}")["progress"]["epoch"]
    page.goto(f"{server}/#/jobs")
    finished = editor.testid(f"job-row-{job_id}")
    expect(finished.get_by_test_id("job-reached")).to_have_text("60/60 epochs")
    cancelled = editor.testid(f"job-row-{long}")
    expect(cancelled.get_by_test_id("job-reached")).to_have_text(f"cancelled at {at}/500")
    editor.testid("language").select_option("ja")
    expect(finished.get_by_test_id("job-reached")).to_have_text("60/60 エポック")
    expect(cancelled.get_by_test_id("job-reached")).to_have_text(f"{at}/500 エポックで中止")
    assert errors == []


def network_without_preset(server: str, name: str) -> int:
    project = api(server, "/api/projects", {"name": f"old {name}"})["id"]
    body = {"name": name, "graph": samples.load("xor_mlp")}
    network_id: int = api(server, f"/api/projects/{project}/networks", body)["id"]
    return network_id


def keep_in_browser(page: Page, presets: dict[int, dict[str, object]]) -> None:
    """What an older version of the editor kept in this browser, per network."""
    text = json.dumps({str(k): v for k, v in presets.items()})
    page.evaluate("(text) => localStorage.setItem('netcanvas.launchPresets', text)", text)


def save_edited(editor: Editor, network_id: int) -> None:
    editor.open(f"/networks/{network_id}")
    expect(editor.nodes()).not_to_have_count(0)
    hidden = next(n for n in editor.graph()["nodes"] if n["type"] == "Linear")["id"]
    editor.set_param(hidden, "out_features", "6")
    editor.settled()
    editor.testid("save").click()
    wait_until(lambda: not editor.dirty(), what="the save")


def test_a_plain_save_sends_the_preset_this_browser_kept(editor: Editor, server: str) -> None:
    note = {"en": "Look at the boundary.", "ja": "境界を見てください。"}
    launch = network_without_preset(server, "launch")
    sample = network_without_preset(server, "sample")
    refused = network_without_preset(server, "refused")
    keep_in_browser(editor.page, {
        launch: {"dataset": "moons", "config": {"epochs": 7, "lr": 0.05}, "note": note},
        sample: {"dataset": "xor", "config": {"epochs": 40}, "sample": "xor_mlp"},
        refused: {"dataset": "xor", "config": {"epochs": -3}},
    })  # fmt: skip

    save_edited(editor, launch)
    kept = api(server, f"/api/networks/{launch}")
    assert kept["launch"]["dataset"] == "moons" and kept["launch"]["note"] == note
    assert kept["launch"]["config"]["epochs"] == 7 and kept["revision"] == 2

    save_edited(editor, sample)
    named = api(server, f"/api/networks/{sample}")
    assert named["sample"] == "xor_mlp" and named["launch"] is None and named["revision"] == 2

    save_edited(editor, refused)  # the server refuses the preset: the graph is saved without it
    saved = api(server, f"/api/networks/{refused}")
    assert saved["revision"] == 2 and saved["launch"] is None
    changed = [n for n in saved["graph"]["nodes"] if n.get("params", {}).get("out_features") == 6]
    assert changed, saved["graph"]
    assert re.search(r"#/networks/\d+$", editor.page.url)
    # the refused preset is dropped (said once): the next save is one PUT, not a refused one first
    expect(editor.testid("message")).to_contain_text("were dropped")
    kept_now = editor.page.evaluate("localStorage.getItem('netcanvas.launchPresets')")
    assert str(refused) not in json.loads(kept_now), kept_now
    puts: list[str] = []
    editor.page.on(
        "request",
        lambda r: (
            puts.append(r.url)
            if r.method == "PUT" and r.url.endswith(f"/api/networks/{refused}")
            else None
        ),
    )
    editor.set_param(next(n["id"] for n in changed), "out_features", "7")
    editor.settled()
    editor.testid("save").click()
    wait_until(lambda: not editor.dirty(), what="the second save")
    assert len(puts) == 1, puts
    assert api(server, f"/api/networks/{refused}")["revision"] == 3
