"""A job's log lines follow the UI's language on the job page, and nothing else on it moves.

The server words the log lines (the CPU threads line every run starts with, a pause, a resume)
in the page's language. After a switch, the page reads the job's log events alone again
(`?type=log`), worded in the new language, and replaces the lines' text by stream id; a live
websocket is opened again from the last id with the new `lang`, so the lines to come are in it
too, each once. The curves, the generated samples and try-it's answer stay as they were (an
earlier attempt re-read every event and emptied the GAN page's try-it answer). The exports'
lines, written after `finished` where the websocket closed, reach a page that followed the run
live while it waits for the exports, in its language, each once.
Real jobs on the real worker."""

from __future__ import annotations

import json
import re
import urllib.request

from playwright.sync_api import Page, Request, WebSocket, expect

from netcanvas import samples
from tests.e2e.editor import Editor, api, wait_until
from tests.e2e.test_training import draw_a_one

EPOCHS = 30
RUN_MS = 180_000
GAN_RUN_S = 120


def log_lines(base_url: str, job_id: int, lang: str) -> list[str]:
    """The job's log lines as the API words them in `lang`."""
    request = urllib.request.Request(
        f"{base_url}/api/jobs/{job_id}/events?type=log", headers={"Accept-Language": lang}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return [entry["event"]["message"] for entry in json.loads(response.read())]


def shown(page: Page) -> list[str]:
    return [line.strip() for line in page.locator(".job-logs li").all_inner_texts()]


def test_the_live_log_lines_follow_a_language_switch_each_once(editor: Editor) -> None:
    body = {"graph": samples.load("xor_mlp"), "dataset": "xor",
            "config": {"epochs": EPOCHS, "batch_size": 1}}  # fmt: skip
    job_id = api(editor.base_url, "/api/jobs", body)["id"]
    page = editor.page
    sockets: list[WebSocket] = []
    page.on("websocket", lambda socket: sockets.append(socket))
    page.goto(f"{editor.base_url}/#/jobs/{job_id}")
    logs = page.locator(".job-logs")
    curve = editor.testid("curve-loss")
    expect(logs).to_contain_text("CPU threads for this run", timeout=RUN_MS)
    # two epochs of batch size 1: slower than 15 s on a loaded machine
    wait_until(
        lambda: int(curve.get_attribute("data-points") or 0) >= 2,
        timeout=RUN_MS / 1000,
        what="two epochs",
    )
    assert len(sockets) == 1 and "lang=en" in sockets[0].url

    editor.testid("language").select_option("ja")
    expect(logs).to_contain_text("CPU スレッド")
    expect(logs).not_to_contain_text("CPU threads for this run")
    # the curve kept its points (the view was not read again from nothing)
    assert int(curve.get_attribute("data-points") or 0) >= 2
    # the lines to come: a websocket again, from the last id seen, in Japanese
    wait_until(lambda: len(sockets) == 2, what="a websocket in the new language", page=page)
    assert "lang=ja" in sockets[1].url and "after=" in sockets[1].url

    # a pause is said by the worker after the switch: its line comes in Japanese
    editor.testid(f"job-pause-{job_id}").click()
    expect(editor.testid("job-detail")).to_have_attribute("data-status", "paused", timeout=30_000)
    expect(logs).to_contain_text("の後で一時停止しました")
    expect(logs).not_to_contain_text("paused after epoch")
    editor.testid(f"job-resume-{job_id}").click()
    expect(logs).to_contain_text("再開: もう一度キューに入りました")
    expect(editor.testid("job-detail")).to_have_attribute(
        "data-status", "succeeded", timeout=RUN_MS
    )
    expect(curve).to_have_attribute("data-points", str(EPOCHS))
    # every line the job has, once each, in order, in Japanese
    wait_until(
        lambda: shown(page) == log_lines(editor.base_url, job_id, "ja"),
        what="the page's lines to be the job's lines in Japanese",
    )

    editor.testid("language").select_option("en")
    expect(logs).to_contain_text("CPU threads for this run")
    wait_until(
        lambda: shown(page) == log_lines(editor.base_url, job_id, "en"),
        what="the page's lines to be the job's lines in English",
    )


def test_a_switch_keeps_the_gan_pages_curves_samples_and_try_it_answer(editor: Editor) -> None:
    page = editor.page
    editor.open_sample("dcgan_digits")
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    panel.get_by_test_id("launch-epochs").fill("1")
    panel.get_by_test_id("launch-start").click()
    expect(page).to_have_url(re.compile(r"#/jobs/\d+$"))
    job_id = int(page.url.rsplit("/", 1)[1])
    detail = editor.testid("job-detail")
    expect(detail).to_have_attribute("data-status", "succeeded", timeout=GAN_RUN_S * 1000)
    logs = page.locator(".job-logs")
    expect(logs).to_contain_text("CPU threads for this run")
    loss = editor.testid("curve-phase-loss")
    expect(loss).to_be_visible()
    points = loss.get_attribute("data-points")
    assert points is not None and int(points) > 0
    generated = editor.testid("generated-samples")
    expect(generated).to_have_attribute("data-epoch", "1", timeout=15_000)
    try_it = editor.testid("try-it")
    try_it.scroll_into_view_if_needed()
    draw_a_one(page)
    expect(try_it.get_by_test_id("try-discriminator")).to_be_visible(timeout=60_000)

    asked: list[str] = []

    def note(request: Request) -> None:
        if f"/api/jobs/{job_id}/events" in request.url:
            asked.append(request.url)

    page.on("request", note)
    editor.testid("language").select_option("ja")
    expect(logs).to_contain_text("CPU スレッド")
    expect(logs).not_to_contain_text("CPU threads for this run")
    # try-it's answer is still there, now in Japanese, and so are the curves and the samples
    expect(try_it.get_by_test_id("try-discriminator")).to_be_visible()
    expect(try_it.get_by_test_id("prob-real").locator(".prob-name")).to_have_text("本物")
    expect(loss).to_have_attribute("data-points", points)
    expect(generated).to_have_attribute("data-epoch", "1")
    expect(generated.get_by_test_id("generated-grid").locator(".generated-tile")).not_to_have_count(
        0
    )
    # only the log events were read again
    assert asked and all("type=log" in url for url in asked), asked
    # each line in Japanese, in its place (the exports' lines, written after `finished`, come
    # after the run's, read while the page waits for the exports)
    lines = shown(page)
    assert lines and lines == log_lines(editor.base_url, job_id, "ja")[: len(lines)]

    editor.testid("language").select_option("en")
    expect(logs).to_contain_text("CPU threads for this run")
    expect(try_it.get_by_test_id("prob-real").locator(".prob-name")).to_have_text("real")
    expect(loss).to_have_attribute("data-points", points)


# A classifier of noisy points (RandomNoise added to its input): its ONNX export is checked by
# shape alone, which the worker says in a log line after `finished`, once the export is written.
NOISY_XOR = {
    "format": "netcanvas/graph@1",
    "name": "noisy xor",
    "nodes": [
        {"id": "x", "type": "Input", "params": {"shape": [2]}},
        {"id": "z", "type": "RandomNoise", "params": {"shape": [2]}},
        {"id": "noisy", "type": "Add"},
        {"id": "hidden", "type": "Linear", "params": {"out_features": 4}},
        {"id": "out", "type": "Linear", "params": {"out_features": 2}},
        {"id": "loss", "type": "CrossEntropyLoss"},
    ],
    "edges": [
        {"source": "x", "target": "noisy", "target_port": 0},
        {"source": "z", "target": "noisy", "target_port": 1},
        {"source": "noisy", "target": "hidden"},
        {"source": "hidden", "target": "out"},
        {"source": "out", "target": "loss"},
    ],
}


def test_the_exports_lines_after_finished_reach_a_live_page_in_its_language_once(
    editor: Editor,
) -> None:
    body = {"graph": NOISY_XOR, "dataset": "xor", "config": {"epochs": 10, "batch_size": 1}}
    job_id = api(editor.base_url, "/api/jobs", body)["id"]
    page = editor.page
    sockets: list[WebSocket] = []
    page.on("websocket", lambda socket: sockets.append(socket))
    page.goto(f"{editor.base_url}/#/jobs/{job_id}")
    logs = page.locator(".job-logs")
    expect(logs).to_contain_text("CPU threads for this run", timeout=RUN_MS)
    editor.testid("language").select_option("ja")
    expect(logs).to_contain_text("CPU スレッド")
    page.evaluate("window.__notReloaded = true")
    expect(editor.testid("job-detail")).to_have_attribute(
        "data-status", "succeeded", timeout=RUN_MS
    )
    # the page followed the run live, and its websocket closed at `finished` (the browser
    # tells Playwright so a moment later: wait for it, which also lets the event through)
    assert sockets
    for socket in sockets:
        if not socket.is_closed():
            socket.wait_for_event("close", timeout=15_000)

    # the export's line, written after `finished`, comes without a reload, in Japanese
    expect(logs).to_contain_text("model.onnx: z が呼ぶたびに", timeout=60_000)
    assert page.evaluate("window.__notReloaded === true")
    wait_until(
        lambda: shown(page) == log_lines(editor.base_url, job_id, "ja"),
        what="the page's lines to be the job's lines in Japanese, each once",
    )
    expect(editor.testid("downloads")).to_contain_text("bundle.zip")
    assert "model.onnx: its outputs" not in "\n".join(shown(page))
