"""Starting from an earlier job's weights on the same dataset keeps its held-out rows held
out: the launch panel sets the seed, validation split and test fraction to that job's and
says so; changed, it says what that risks and offers them back (`startSplit.ts`). Each job is
listed by network and dataset name, and one whose weights no node can take is greyed out,
saying why (`startFit`)."""

from __future__ import annotations

import re
from functools import partial

from playwright.sync_api import expect

from netcanvas import samples
from tests.e2e.editor import Editor, api, wait_until
from tests.graphs import chain

LISTS_MS = 30_000
SPLIT = {"seed": 4, "validation_split": 0.3, "test_fraction": 0.2}
# no node of xor_mlp's ids: its weights cannot start xor_mlp
UNFIT = chain(("x", "Input", {"shape": [2]}), ("head", "Linear", {"out_features": 2}),
              ("loss", "CrossEntropyLoss"), name="Head only")  # fmt: skip


def succeeded(server: str, job_id: int) -> bool:
    return bool(api(server, f"/api/jobs/{job_id}")["status"] == "succeeded")


def test_an_earlier_job_on_the_same_dataset_lends_its_split(editor: Editor, server: str) -> None:
    body = {"graph": samples.load("xor_mlp"), "dataset": "xor", "config": {"epochs": 2, **SPLIT}}
    earlier = api(server, "/api/jobs", body)["id"]
    other = api(server, "/api/jobs", {**body, "graph": UNFIT})["id"]
    for job_id in (earlier, other):
        wait_until(partial(succeeded, server, job_id), 120, f"job {job_id} to succeed")
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
    dataset_name = api(server, f"/api/jobs/{earlier}")["dataset_name"]
    fits = start.locator(f"option[value='{earlier}']")
    expect(fits).to_have_text(f"#{earlier} — XOR MLP · {dataset_name}")
    expect(fits).to_be_enabled()
    unfit = start.locator(f"option[value='{other}']")
    expect(unfit).to_be_disabled()
    expect(unfit).to_have_text(f"#{other} — Head only · {dataset_name} (does not fit)")
    expect(unfit).to_have_attribute("title", re.compile(r"\(head\)"))
    expect(panel.get_by_test_id("launch-init-from-hint")).to_be_visible()
    # shipped weights are for digits_cnn and mnist_finetune: no node of xor_mlp takes them
    expect(start.locator("option[value='pretrained:digits_clean']")).to_be_disabled()
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
