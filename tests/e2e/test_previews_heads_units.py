"""Layer previews on a unit's tab and inside views of a non-primary head, in the browser
(issue 15): the vgg_units sample's conv_block tab shows its body's previews as its first use
(stage1) runs it; a digits_multitask job (one epoch on digits_parity, through the API) shows
its parity head's predicted class and Grad-CAM on the job page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from netcanvas import samples
from tests.e2e.editor import Editor, api

PREVIEW_MS = 60_000  # the first answer: a worker process decodes the dataset once
RUN_MS = 180_000
ANSWER_MS = 60_000


def test_a_unit_s_tab_shows_its_body_s_previews_at_its_first_use(editor: Editor) -> None:
    editor.open_sample("vgg_units")
    editor.expect_valid()
    editor.testid("layer-preview-toggle").check()
    stage1 = editor.node("stage1").get_by_test_id("node-preview")
    expect(stage1).to_have_attribute("data-kind", "image", timeout=PREVIEW_MS)

    editor.testid("unit-tab-conv_block").locator(".unit-tab-name").click()
    expect(editor.testid("unit-tab-conv_block")).to_have_class("unit-tab active")
    conv = editor.node("conv").get_by_test_id("node-preview")
    expect(conv).to_have_attribute("data-kind", "image", timeout=PREVIEW_MS)
    expect(conv.get_by_test_id("node-preview-tile")).to_have_count(8)  # 16 channels: 8 shown
    expect(editor.node("in").get_by_test_id("node-preview-tile")).to_have_count(1)  # the digit
    expect(editor.node("out").get_by_test_id("node-preview")).to_have_attribute(
        "data-kind", "image"
    )
    expect(editor.node("relu").get_by_test_id("node-preview-numbers")).to_contain_text("0 …")
    status = editor.testid("layer-preview-status")
    expect(status).to_contain_text("this unit as stage1 runs it")
    # the whole line is also its tooltip, should the toolbar cut it short
    expect(status).to_have_attribute("title", re.compile("this unit as stage1 runs it"))

    editor.testid("unit-tab-network").click()  # back on the network: its own previews
    expect(editor.node("stage1").get_by_test_id("node-preview")).to_have_attribute(
        "data-kind", "image"
    )
    expect(status).not_to_contain_text("this unit")


def test_inside_views_follow_the_parity_head_of_a_two_head_job(editor: Editor) -> None:
    config = {**samples.lesson("digits_multitask").config, "epochs": 1, "seed": 1}
    body = {"graph": samples.load("digits_multitask"), "dataset": "digits_parity",
            "config": config}  # fmt: skip
    job_id = api(editor.base_url, "/api/jobs", body)["id"]
    page = editor.page
    page.goto(f"{editor.base_url}/#/jobs/{job_id}")
    expect(editor.testid("job-detail")).to_have_attribute(
        "data-status", "succeeded", timeout=RUN_MS
    )
    inside = editor.testid("inside")
    head = inside.get_by_test_id("inside-head")
    expect(head).to_have_value("digit_loss")
    expect(head.locator("option")).to_have_count(2)
    expect(inside.locator(".inside-pick label")).not_to_contain_text("primary head")
    inside.get_by_test_id("inside-show").click()
    said = inside.get_by_test_id("inside-predicted")
    expect(said).to_contain_text(re.compile(r"Predicted \d \("), timeout=ANSWER_MS)

    head.select_option("parity_loss")  # the shown sample again, through the parity head
    expect(said).to_contain_text(re.compile(r"Predicted (even|odd) \("), timeout=ANSWER_MS)
    # the list's true → predicted classes are the digit head's: the list says so
    listed = inside.locator(".inside-pick label")
    expect(listed).to_contain_text("predicted by the primary head, digit_loss")
    expect(inside.get_by_test_id("inside-layer-conv2")).to_be_visible()
    inside.get_by_test_id("inside-tab-gradcam").click()
    facts = inside.get_by_test_id("inside-cam-facts")
    expect(facts).to_contain_text(re.compile(r"Class (even|odd): probability"))
    expect(inside.get_by_test_id("inside-class").locator("option")).to_have_count(3)  # + predicted
    expect(inside.get_by_test_id("inside-error")).to_have_count(0)
