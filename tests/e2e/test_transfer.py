"""Transfer learning in the browser: the fine-tuning sample opens with its start
("pretrained:mnist_0to4") and frozen feature nodes preselected, trains as it comes on the
real worker, and its job page shows the starting weights' validation accuracy beside the
accuracy after training, as the job's summary has them."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from netcanvas import samples
from tests.e2e.editor import Editor, api
from tests.e2e.figures import percent_text

RUN_S = 240


def test_finetune_sample_trains_as_shipped_and_shows_before_and_after(
    editor: Editor, server: str
) -> None:
    page = editor.page
    lesson = samples.lesson("mnist_finetune")
    editor.open_sample("mnist_finetune")
    editor.expect_valid()

    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    expect(panel.get_by_test_id("launch-dataset")).to_have_value(lesson.dataset)
    start = panel.get_by_test_id("launch-init-from")
    expect(start).to_have_value("pretrained:mnist_0to4")
    expect(start.locator("option[value='pretrained:digits_clean']")).to_have_count(1)
    for node in lesson.config["freeze"]:
        expect(panel.get_by_test_id(f"freeze-{node}")).to_be_checked()
    expect(panel.get_by_test_id("freeze-fc2")).not_to_be_checked()
    panel.get_by_test_id("launch-start").click()

    expect(page).to_have_url(re.compile(r"#/jobs/\d+$"))
    job_id = int(page.url.rsplit("/", 1)[1])
    detail = editor.testid("job-detail")
    expect(detail).to_have_attribute("data-status", "succeeded", timeout=RUN_S * 1000)

    job = api(server, f"/api/jobs/{job_id}")
    assert job["config"]["init_from"] == "pretrained:mnist_0to4"
    assert job["config"]["freeze"] == lesson.config["freeze"]
    before, after = job["summary"]["start_val_accuracy"], job["summary"]["val_accuracy"]
    figures = editor.testid("start-vs-end")
    expect(figures.get_by_test_id("start-before")).to_contain_text(percent_text(before))
    expect(figures.get_by_test_id("start-after")).to_contain_text(percent_text(after))
    assert after > before
