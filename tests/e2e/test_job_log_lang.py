"""A job's log lines follow the UI's language on the job page: the CPU threads line every run
starts with reads in English, then in Japanese once the language is switched there (the page
reads the events again, worded in the new language), and in English again."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.editor import Editor

RUN_S = 120


def test_the_log_lines_follow_a_language_switch_on_the_job_page(editor: Editor) -> None:
    page = editor.page
    editor.open_sample("xor_mlp")
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    panel.get_by_test_id("launch-epochs").fill("1")
    panel.get_by_test_id("launch-start").click()
    expect(page).to_have_url(re.compile(r"#/jobs/\d+$"))
    logs = page.locator(".job-logs")
    expect(logs).to_contain_text("CPU threads for this run", timeout=RUN_S * 1000)

    editor.testid("language").select_option("ja")
    expect(logs).to_contain_text("CPU スレッド")
    expect(logs).not_to_contain_text("CPU threads for this run")

    editor.testid("language").select_option("en")
    expect(logs).to_contain_text("CPU threads for this run")
