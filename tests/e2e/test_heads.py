"""A network with two heads in the browser (issue 15): the digits_multitask sample from the
menu, trained for two epochs on digits_parity with the real worker; the job page's head
select shows the digit head's full evaluation and the parity head's own report, and try-it
answers with both heads, each under its "Head <id> · <target>" heading."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.editor import Editor, api
from tests.e2e.figures import percent_text
from tests.e2e.test_training import draw_a_one

RUN_S = 60


def test_digits_multitask_trains_and_shows_both_heads(editor: Editor, server: str) -> None:
    page = editor.page
    editor.open_sample("digits_multitask")
    editor.expect_valid()
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    expect(panel.get_by_test_id("launch-dataset")).to_have_value("digits_parity")
    panel.get_by_test_id("launch-epochs").fill("2")
    panel.get_by_test_id("launch-start").click()

    expect(page).to_have_url(re.compile(r"#/jobs/\d+$"))
    job_id = int(page.url.rsplit("/", 1)[1])
    detail = editor.testid("job-detail")
    expect(detail).to_have_attribute("data-status", "succeeded", timeout=RUN_S * 1000)

    select = editor.testid("head-select")
    expect(select).to_have_value("digit_loss")
    expect(select.locator("option")).to_have_count(2)
    expect(editor.testid("evaluation")).to_have_attribute("data-task", "classification")
    select.select_option("parity_loss")
    head = editor.testid("head-evaluation")
    expect(head).to_have_attribute("data-head", "parity_loss")
    expect(head.get_by_test_id("head-confusion")).to_contain_text("even")
    expect(head.get_by_test_id("head-confusion")).to_contain_text("odd")

    evaluation = api(server, f"/api/jobs/{job_id}/evaluation")
    accuracy = evaluation["heads"]["parity_loss"]["accuracy"]
    expect(head.locator("h2")).to_contain_text(percent_text(accuracy))
    assert accuracy > 0.6  # chance: 0.5

    editor.testid("language").select_option("ja")
    expect(head.locator("h2")).to_contain_text("ヘッド parity_loss の評価")

    # Try it: a drawn digit gets the digit head's ten classes and the parity head's two.
    try_it = editor.testid("try-it")
    try_it.scroll_into_view_if_needed()
    draw_a_one(page)  # a drawing is sent when the stroke ends
    expect(try_it.get_by_test_id("probabilities").first).to_be_visible(timeout=60_000)
    parity = try_it.get_by_test_id("try-head-parity")
    expect(parity.locator("h3")).to_have_text("ヘッド parity · y2")  # with the target it answers
    expect(parity.locator("[data-testid^=prob-]")).to_have_count(2)
    expect(parity.get_by_test_id("prob-even")).to_have_count(1)
    expect(
        try_it.get_by_test_id("probabilities").first.locator("[data-testid^=prob-]")
    ).to_have_count(10)
    # the primary head has its heading too, as every other head does, and comes first
    digit = try_it.get_by_test_id("try-head-digit")
    expect(digit.locator("h3")).to_have_text("ヘッド digit · y")
    expect(digit.locator("[data-testid^=prob-]")).to_have_count(10)
    expect(try_it.locator("[data-testid^=try-head-]").first).to_have_attribute(
        "data-testid", "try-head-digit"
    )
