"""The decision boundary in the browser: the XOR MLP sample trained on `xor`, its job page
drawing the classifier's regions over the plane as epochs finish (the picture changes between
epochs), the latest one again after a reload, the grid as CSV, and the perceptron beside it
on the compare page. Takes the README's screenshot (docs/images/decision-boundary.png).

Real jobs on the real worker, as `test_sample_lesson.py` runs one.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from netcanvas import samples
from tests.e2e.editor import Editor, api, wait_until
from tests.e2e.figures import ratio_text

RUN_S = 120
SHOT = Path(__file__).resolve().parents[2] / "docs" / "images" / "decision-boundary.png"
PERCENT = re.compile(r"^\d{1,3}\.\d %$")

# Every (epoch, signature) the boundary view showed, as the page rendered it: the signature is
# each class's count of grid cells, so a moved boundary gives another one.
WATCH = """
window.__boundaries = [];
new MutationObserver(() => {
  const view = document.querySelector('[data-testid="boundary"]');
  if (!view) return;
  const seen = [view.dataset.epoch, view.dataset.signature].join("|");
  if (window.__boundaries.at(-1) !== seen) window.__boundaries.push(seen);
}).observe(document, { subtree: true, childList: true, attributes: true });
"""


def test_boundary_changes_live_reloads_downloads_and_compares(editor: Editor, server: str) -> None:
    page = editor.page
    lesson = samples.lesson("perceptron")
    # Momentum SGD where the MLP has Adam, for the compare page's settings (a perceptron stays
    # at chance on XOR whatever minimises its convex loss)
    config = {**lesson.config, "optimizer": "momentum"}
    body = {"graph": samples.load("perceptron"), "dataset": "xor", "config": config}
    perceptron = api(server, "/api/jobs", body)["id"]

    page.add_init_script(WATCH)
    page.reload()
    editor.wait_ready()
    editor.open_sample("xor_mlp")
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    # Smaller batches and more epochs than the lesson's: a run of seconds, seen as it goes.
    panel.get_by_test_id("launch-epochs").fill("60")
    panel.get_by_test_id("launch-batch-size").fill("8")
    panel.get_by_test_id("launch-start").click()
    expect(page).to_have_url(re.compile(r"#/jobs/\d+$"))
    mlp = int(page.url.rsplit("/", 1)[1])

    view = editor.testid("boundary")
    expect(view).to_be_visible(timeout=RUN_S * 1000)
    expect(editor.testid("job-detail")).to_have_attribute(
        "data-status", "succeeded", timeout=RUN_S * 1000
    )
    expect(view).to_have_attribute("data-epoch", "60")
    seen: list[str] = page.evaluate("window.__boundaries")
    epochs = [int(s.split("|")[0]) for s in seen]
    assert len(set(epochs)) >= 2 and epochs == sorted(epochs), seen  # live, in order
    assert seen[0].split("|")[1] != seen[-1].split("|")[1], seen  # the boundary moved
    expect(editor.testid("boundary-epoch")).to_have_text("Epoch 60")
    expect(editor.testid("boundary-class-0")).to_contain_text(re.compile(r"\d+\.\d %"))
    points = editor.testid("boundary-points")
    expect(points).to_contain_text(re.compile(r"^(100\.0|99\.\d) % of the \d+ training points"))
    view.scroll_into_view_if_needed()
    SHOT.parent.mkdir(parents=True, exist_ok=True)
    view.screenshot(path=str(SHOT))

    # The grid as CSV: a header and one row per cell of the 64 × 64 grid.
    with page.expect_download() as download:
        editor.testid("boundary-csv").click()
    lines = Path(download.value.path()).read_text().strip().split("\n")
    assert lines[0] == "x0,x1,class,probability" and len(lines) == 1 + 64 * 64

    # A reload shows the latest, with its points (the stored one or the stream's replay).
    stored = api(server, f"/api/jobs/{mlp}/boundary")
    assert stored["epoch"] == 60 and 0 < len(stored["points"]) <= 500
    page.reload()
    expect(editor.testid("boundary")).to_have_attribute("data-epoch", "60")
    expect(editor.testid("boundary-points")).to_have_text(points.inner_text())

    # The perceptron beside the MLP: one straight line against a bent boundary.
    wait_until(lambda: api(server, f"/api/jobs/{perceptron}")["status"] == "succeeded", RUN_S)
    page.goto(f"{server}/#/jobs")
    editor.testid(f"compare-pick-{perceptron}").check()
    editor.testid(f"compare-pick-{mlp}").check()
    editor.testid("compare-open").click()
    expect(page).to_have_url(re.compile(rf"#/compare/{perceptron}/{mlp}$"))
    for job in (perceptron, mlp):
        side = editor.testid(f"compare-{job}")
        expect(side.locator("h2")).to_contain_text("XOR")  # the dataset's title, not `xor`
        expect(side.get_by_test_id("boundary-canvas")).to_be_visible()
        expect(side.get_by_test_id(f"compare-{job}-train")).to_have_text(PERCENT)
        # the summary's precision, recall and F1 of class 1 beside the accuracy: ratios, as the
        # job page's tables show them, each labelled so beside the accuracy's percentage
        summary = api(server, f"/api/jobs/{job}")["summary"]
        expect(side.get_by_test_id(f"compare-{job}-recall")).to_have_text(
            ratio_text(summary["val_recall"])
        )
        expect(side.get_by_test_id(f"compare-{job}-scores")).to_have_text(
            f"Precision (0–1): {ratio_text(summary['val_precision'])}"
            f" · Recall (0–1): {ratio_text(summary['val_recall'])}"
            f" · F1 (0–1): {ratio_text(summary['val_f1'])}"
        )
        # Each side's weights and gradients too: the perceptron has one layer, the MLP two.
        layers = side.get_by_test_id("gradients")
        expect(layers).to_have_attribute("data-layers", "1" if job == perceptron else "2")
    # Above the two sides, the settings that differ, and only those (the same lr is not one):
    # epochs, batch size, the optimizer and what only one of the two optimizers uses
    settings = editor.testid("compare-settings")
    expect(settings.locator("tbody tr")).to_have_count(7)
    expect(settings.get_by_test_id("compare-setting-epochs")).to_have_text(
        re.compile(r"^Epochs\s*50\s*60$")
    )
    expect(settings.get_by_test_id("compare-setting-batch_size")).to_have_text(
        re.compile(r"^Batch size\s*32\s*8$")
    )
    # each optimizer by the launch panel's name for it, not its key (`momentum`, `adam`)
    optimizer = settings.get_by_test_id("compare-setting-optimizer")
    expect(optimizer).to_have_text(re.compile(r"^Optimizer\s*Momentum SGD\s*Adam$"))
    editor.testid("language").select_option("ja")
    expect(optimizer).to_have_text(re.compile(r"^最適化手法\s*モーメンタム付き SGD\s*Adam$"))
    for job in (perceptron, mlp):
        expect(editor.testid(f"compare-{job}").locator("h2")).to_contain_text("XOR（排他的論理和）")
    editor.testid("language").select_option("en")
    expect(editor.testid(f"compare-{mlp}").locator("h2")).not_to_contain_text("排他的論理和")
    train = editor.testid(f"compare-{perceptron}-train").inner_text()
    assert float(train.rstrip(" %")) <= 60, train  # at chance, as its lesson says
    editor.testid("language").select_option("ja")
    expect(editor.testid(f"compare-{mlp}-scores")).to_contain_text("再現率（0〜1）: ")
    editor.testid("language").select_option("en")
