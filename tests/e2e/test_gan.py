"""Several networks trained together in the browser (issue 15 §3): the `dcgan_digits` sample
opened in the editor, its two training phases listed in the launch panel, trained a few epochs
on `digits`; the job page shows the generator's images first (tiles apart), then each
phase's loss and accuracy, the discriminator's answers in place of a classifier's report
(fake/real), try-it's verdict on a drawing, and Generate draws new ones from the trained
generator (its limit shown, the API refusing more), which a reload keeps.
A real job on the real worker."""

from __future__ import annotations

import re
import urllib.error

import pytest
from playwright.sync_api import Locator, expect

from tests.e2e.editor import Editor, api
from tests.e2e.figures import percent_text
from tests.e2e.test_generated import spaced
from tests.e2e.test_training import draw_a_one

RUN_S = 90
EPOCHS = 3


def test_dcgan_trains_in_phases_and_shows_generated_digits(editor: Editor, server: str) -> None:
    page = editor.page
    editor.open_sample("dcgan_digits")
    editor.expect_valid()
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    phases = panel.get_by_test_id("launch-phases")
    expect(phases.locator("li")).to_have_count(2)
    discriminator = phases.get_by_test_id("launch-phase-discriminator")
    expect(discriminator).to_contain_text("d_real_loss, d_fake_loss")
    expect(discriminator).to_contain_text("Updates: D")
    expect(discriminator).to_contain_text(
        "Optimizer: Adam (phase), Learning rate 0.001 (phase), β1 0.5 (phase)"
    )
    expect(phases.get_by_test_id("launch-phase-generator")).to_contain_text("Updates: G")
    panel.get_by_test_id("launch-epochs").fill(str(EPOCHS))
    panel.get_by_test_id("launch-start").click()
    expect(page).to_have_url(re.compile(r"#/jobs/\d+$"))
    job_id = int(page.url.rsplit("/", 1)[1])
    # the job page names each phase's own optimizer and lr, as the launch panel's summary does
    expect(editor.testid("job-optimizer")).to_have_text(
        "discriminator: Adam, learning rate 0.001; generator: Adam, learning rate 0.002"
    )

    expect(editor.testid("job-detail")).to_have_attribute(
        "data-status", "succeeded", timeout=RUN_S * 1000
    )
    expect(editor.testid("curve-phase-loss")).to_be_visible()
    # the legends name each metric and phase ("Training loss, phase generator"), not the keys
    expect(editor.testid("curve-phase-loss")).to_contain_text("Training loss, phase generator")
    expect(editor.testid("curve-phase-accuracy")).to_contain_text(
        "Training accuracy, phase discriminator"
    )
    # each phase's own learning rate (the generator's override is not the discriminator's)
    expect(editor.testid("curve-lr")).to_contain_text("Learning rate, phase generator")
    expect(editor.testid("curve-lr")).to_contain_text("Learning rate, phase discriminator")
    expect(editor.testid("curve-lr")).not_to_contain_text("lr/phase:")
    view = editor.testid("generated-samples")
    expect(view).to_have_attribute("data-epoch", str(EPOCHS), timeout=15_000)
    grid = editor.testid("generated-grid")
    expect(grid.locator(".generated-tile")).to_have_count(36)
    assert spaced(grid) >= 2  # the tiles stand apart
    # what a student reads a GAN by comes first: its samples, then the phases' curves
    assert top(view) < top(editor.testid("curve-phase-loss"))
    charts = page.locator(".curve-grid [data-testid^=curve-]")
    expect(charts.first).to_have_attribute("data-testid", "curve-phase-loss")

    # the discriminator's heads each see one class: a table of its answers, no classifier view
    report = editor.testid("discriminator-report")
    expect(report).to_be_visible()
    expect(editor.testid("evaluation")).to_have_count(0)
    expect(report.get_by_test_id("discriminator-d_real_loss")).to_contain_text("real")
    expect(report.get_by_test_id("discriminator-d_fake_loss")).to_contain_text("fake")
    evaluation = api(server, f"/api/jobs/{job_id}/evaluation")
    assert evaluation["heads"]["d_real_loss"]["class_names"] == ["fake", "real"]
    right = percent_text(evaluation["heads"]["d_fake_loss"]["accuracy"])
    expect(report.get_by_test_id("discriminator-d_fake_loss")).to_contain_text(right)

    # try-it: the discriminator's verdict on a drawing, fake or real, and no noise-fed head
    try_it = editor.testid("try-it")
    try_it.scroll_into_view_if_needed()
    draw_a_one(page)
    expect(try_it.get_by_test_id("try-discriminator")).to_be_visible(timeout=60_000)
    expect(try_it.get_by_test_id("prob-fake")).to_have_count(1)
    expect(try_it.get_by_test_id("prob-real")).to_have_count(1)
    expect(try_it.locator("[data-testid^=try-head-]")).to_have_count(0)
    editor.testid("language").select_option("ja")  # the verdict in the page's language
    expect(try_it.get_by_test_id("prob-real").locator(".prob-name")).to_have_text("本物")
    expect(report.get_by_test_id("discriminator-d_fake_loss")).to_contain_text("偽物")
    expect(editor.testid("curve-phase-loss")).to_contain_text("学習損失（フェーズ generator）")
    editor.testid("language").select_option("en")

    # Generate: the limit is shown, a count beyond it is said, and the API refuses it
    count = editor.testid("generate-count")
    expect(editor.testid("generate-limit")).to_have_text("at most 64")
    count.fill("100")
    expect(editor.testid("generate-limit")).to_have_text("at most 64: 64 will be drawn")
    # said as a notice, not as an error: the count is drawn at the limit
    expect(editor.testid("generate-limit")).to_have_class("muted notice")
    count.fill("16")
    editor.testid("generate-button").click()  # the generator draws from fresh noise
    expect(editor.testid("generated-fresh").locator("img")).to_have_count(16, timeout=30_000)
    with pytest.raises(urllib.error.HTTPError) as refused:
        api(server, f"/api/jobs/{job_id}/generate", {"count": 65})
    assert refused.value.code == 422
    assert "count" in refused.value.read().decode()

    # a reload keeps the epoch's grid and the drawn set
    page.reload()
    expect(editor.testid("generated-samples")).to_have_attribute(
        "data-epoch", str(EPOCHS), timeout=15_000
    )
    expect(editor.testid("generated-fresh").locator("img")).to_have_count(16)

    graph = api(server, f"/api/jobs/{job_id}/graph")  # the phases went with the job
    assert [p["name"] for p in graph["training"]["phases"]] == ["discriminator", "generator"]
    job = api(server, f"/api/jobs/{job_id}")
    accuracy = job["summary"]["train_accuracy/phase:discriminator"]
    assert 0.0 <= accuracy <= 1.0


def top(element: Locator) -> float:
    box = element.bounding_box()
    assert box is not None
    return float(box["y"])
