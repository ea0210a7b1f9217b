"""Several networks trained together in the browser (issue 15 §3): the `dcgan_digits` sample
opened in the editor, its two training phases listed in the launch panel, trained a few epochs
on `digits`; the job page draws each phase's loss and accuracy and the generator's images,
and Generate draws new ones from the trained generator.
A real job on the real worker."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.editor import Editor, api

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
    expect(discriminator).to_contain_text("adam (phase), lr 0.001 (phase), beta1 0.5 (phase)")
    expect(phases.get_by_test_id("launch-phase-generator")).to_contain_text("Updates: G")
    panel.get_by_test_id("launch-epochs").fill(str(EPOCHS))
    panel.get_by_test_id("launch-start").click()
    expect(page).to_have_url(re.compile(r"#/jobs/\d+$"))
    job_id = int(page.url.rsplit("/", 1)[1])

    expect(editor.testid("job-detail")).to_have_attribute(
        "data-status", "succeeded", timeout=RUN_S * 1000
    )
    expect(editor.testid("curve-phase-loss")).to_be_visible()
    expect(editor.testid("curve-phase-loss")).to_contain_text("train_loss/phase:generator")
    expect(editor.testid("curve-phase-accuracy")).to_contain_text(
        "train_accuracy/phase:discriminator"
    )
    # each phase's own learning rate (the generator's override is not the discriminator's)
    expect(editor.testid("curve-lr")).to_contain_text("lr/phase:generator")
    expect(editor.testid("curve-lr")).to_contain_text("lr/phase:discriminator")
    view = editor.testid("generated-samples")
    expect(view).to_have_attribute("data-epoch", str(EPOCHS), timeout=15_000)
    grid = editor.testid("generated-grid")
    expect(grid).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
    assert grid.evaluate("img => img.complete && img.naturalWidth") == 6 * 8  # 6 tiles of 8 px
    editor.testid("generate-button").click()  # try-it: the generator draws from fresh noise
    expect(editor.testid("generated-fresh").locator("img")).to_have_count(16, timeout=30_000)

    graph = api(server, f"/api/jobs/{job_id}/graph")  # the phases went with the job
    assert [p["name"] for p in graph["training"]["phases"]] == ["discriminator", "generator"]
    job = api(server, f"/api/jobs/{job_id}")
    accuracy = job["summary"]["train_accuracy/phase:discriminator"]
    assert 0.0 <= accuracy <= 1.0
