"""Generated samples in the browser (issue 15 §3): the `vae_digits` sample opened in the editor
and trained a few epochs on `digits`; its job page shows the "Generated samples" grid and the
latent map while it runs (asking for no stored samples before the stream brings them: no 404),
draws new images with "Generate" once trained, shows each image as a tile apart from the
next, and shows the stored samples and the drawn images again after a reload. A real job on
the real worker. Takes the README's screenshot (docs/images/generated-samples.png)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, expect

from tests.e2e.editor import Editor, wait_until

RUN_S = 90
SHOT = Path(__file__).resolve().parents[2] / "docs" / "images" / "generated-samples.png"
EPOCHS = 3


def test_vae_job_shows_generated_samples_latent_map_and_generates(editor: Editor) -> None:
    page = editor.page
    missing: list[str] = []  # answers of 404 to the page's asking for the stored samples
    page.on(
        "response",
        lambda r: missing.append(r.url) if r.status == 404 and "/generated" in r.url else None,
    )
    editor.open_sample("vae_digits")
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    panel.get_by_test_id("launch-epochs").fill(str(EPOCHS))
    panel.get_by_test_id("launch-start").click()
    expect(page).to_have_url(re.compile(r"#/jobs/\d+$"))

    view = editor.testid("generated-samples")
    expect(view).to_be_visible(timeout=RUN_S * 1000)
    expect(editor.testid("job-detail")).to_have_attribute(
        "data-status", "succeeded", timeout=RUN_S * 1000
    )
    expect(view).to_have_attribute("data-epoch", str(EPOCHS))
    expect(editor.testid("generated-epoch")).to_contain_text(f"Epoch {EPOCHS}: 36 images")
    assert not missing, missing  # while it ran the page waited for the stream's samples
    grid = editor.testid("generated-grid")
    expect(grid.locator(".generated-tile")).to_have_count(36)
    assert spaced(grid) >= 2  # the tiles stand apart
    expect(editor.testid("latent-map")).to_be_visible()
    latent = editor.testid("latent-grid")  # its picture decodes apart from the page's update
    wait_until(lambda: latent.evaluate("img => img.naturalWidth") == 10 * 8, what="the latent grid")
    points = editor.testid("latent-points")
    count = """c => { const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
                     let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }"""
    # the validation samples' mu, drawn as dots (by an effect, after the map shows)
    wait_until(lambda: points.evaluate(count) > 500, what="the latent points painted")

    editor.testid("generate-button").click()
    fresh = editor.testid("generated-fresh").locator("img")
    expect(fresh).to_have_count(16, timeout=30_000)
    view.scroll_into_view_if_needed()
    SHOT.parent.mkdir(parents=True, exist_ok=True)
    view.screenshot(path=str(SHOT))  # the README's picture

    # The KL loss's head report: no target, its mean value
    editor.testid("head-select").select_option("kl")
    expect(editor.testid("head-loss")).to_contain_text(re.compile(r"compares with no data.*\d"))

    page.reload()
    expect(editor.testid("generated-samples")).to_have_attribute(
        "data-epoch", str(EPOCHS), timeout=15_000
    )
    expect(editor.testid("latent-map")).to_be_visible()
    expect(editor.testid("generated-fresh").locator("img")).to_have_count(16)  # kept
    assert not missing, missing


def spaced(grid: Locator) -> float:
    """The gap in CSS pixels between a grid's first two tiles, which must not overlap; and
    each tile shows a window of the grid's PNG."""
    tiles = grid.locator(".generated-tile")
    background = tiles.first.evaluate("t => getComputedStyle(t).backgroundImage")
    assert background.startswith('url("data:image/png;base64,'), background[:40]
    first, second = tiles.nth(0).bounding_box(), tiles.nth(1).bounding_box()
    assert first is not None and second is not None and first["width"] >= 32
    return float(second["x"] - (first["x"] + first["width"]))
