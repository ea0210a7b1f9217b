"""Pausing and resuming a job from its page: the job stops with its epochs so far, then goes
on from there to the end, each epoch on the curve once."""

from __future__ import annotations

from playwright.sync_api import expect

from netcanvas import samples
from tests.e2e.editor import Editor, api, wait_until

EPOCHS = 30
RUN_MS = 180_000


def test_pause_and_resume_from_the_job_page(editor: Editor) -> None:
    body = {"graph": samples.load("xor_mlp"), "dataset": "xor",
            "config": {"epochs": EPOCHS, "batch_size": 1}}  # fmt: skip
    job_id = api(editor.base_url, "/api/jobs", body)["id"]
    page = editor.page
    page.goto(f"{editor.base_url}/#/jobs/{job_id}")
    detail = editor.testid("job-detail")
    curve = editor.testid("curve-loss")
    # the worker takes the job, then trains two epochs: slower than 15 s on a loaded machine
    wait_until(
        lambda: int(curve.get_attribute("data-points") or 0) >= 2,
        timeout=RUN_MS / 1000,
        what="two epochs",
    )

    editor.testid(f"job-pause-{job_id}").click()
    expect(detail).to_have_attribute("data-status", "paused", timeout=30_000)
    expect(editor.testid("job-status")).to_have_text("paused")
    shown = int(curve.get_attribute("data-points") or 0)
    assert 2 <= shown < EPOCHS

    editor.testid(f"job-resume-{job_id}").click()
    expect(detail).to_have_attribute("data-status", "succeeded", timeout=RUN_MS)
    expect(curve).to_have_attribute("data-points", str(EPOCHS))
