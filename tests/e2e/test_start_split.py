"""Starting from an earlier job's weights on the same dataset keeps its held-out rows held
out: the launch panel sets the seed, validation split and test fraction to that job's and
says so; changed, it says what that risks and offers them back (`startSplit.ts`)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from netcanvas import samples
from tests.e2e.editor import Editor, api, wait_until

LISTS_MS = 30_000
SPLIT = {"seed": 4, "validation_split": 0.3, "test_fraction": 0.2}


def test_an_earlier_job_on_the_same_dataset_lends_its_split(editor: Editor, server: str) -> None:
    body = {"graph": samples.load("xor_mlp"), "dataset": "xor", "config": {"epochs": 2, **SPLIT}}
    earlier = api(server, "/api/jobs", body)["id"]
    wait_until(lambda: api(server, f"/api/jobs/{earlier}")["status"] == "succeeded", 120,
               f"job {earlier} to succeed")  # fmt: skip
    editor.open_sample("xor_mlp")
    editor.expect_valid()
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    dataset = panel.get_by_test_id("launch-dataset")
    # the lists come apart from the panel (a loaded machine may take a while)
    expect(dataset.locator("option[value='xor']")).to_have_count(1, timeout=LISTS_MS)
    dataset.select_option("xor")
    start = panel.get_by_test_id("launch-init-from")
    expect(start.locator(f"option[value='{earlier}']")).to_have_count(1, timeout=LISTS_MS)
    start.select_option(str(earlier))
    for name, value in SPLIT.items():
        expect(panel.get_by_test_id(f"launch-{name.replace('_', '-')}")).to_have_value(str(value))
    expect(panel.get_by_test_id("launch-split-kept")).to_contain_text(f"#{earlier}")

    panel.get_by_test_id("launch-seed").fill("7")
    expect(panel.get_by_test_id("launch-split-differs")).to_contain_text(f"#{earlier}")
    panel.get_by_test_id("launch-use-split").click()
    expect(panel.get_by_test_id("launch-seed")).to_have_value("4")
    expect(panel.get_by_test_id("launch-split-kept")).to_be_visible()

    panel.get_by_test_id("launch-epochs").fill("1")
    panel.get_by_test_id("launch-start").click()
    expect(editor.page).to_have_url(re.compile(r"#/jobs/\d+$"))
    job = api(server, f"/api/jobs/{editor.page.url.rsplit('/', 1)[1]}")
    assert {name: job["config"][name] for name in SPLIT} == SPLIT
    assert job["config"]["init_from"] == str(earlier)
