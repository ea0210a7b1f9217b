"""The decision boundary in the browser: the XOR MLP sample trained on `xor`, its job page
drawing the classifier's regions over the plane as epochs finish (the picture changes between
epochs), the latest one again after a reload, the grid as CSV, and the perceptron beside it
on the compare page, which says which epoch's weights each figure is of. A student's MLP on
`moons` with too small a learning rate ends below chance, and its page says what to try; the
MLP's, which learned, does not. Takes the README's screenshot (docs/images/decision-boundary.png).

Real jobs on the real worker, as `test_sample_lesson.py` runs one.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from netcanvas import samples
from tests.e2e.editor import Editor, api, wait_until
from tests.e2e.figures import percent_text, ratio_text

RUN_S = 120

# The student's net (Input[2] → Linear 16 → ReLU → Linear 2) and settings: Adam at lr 0.001 for
# 3 epochs leaves it predicting one class (seed 0, CPU: 40 % validation accuracy, 60 % majority).
STUDENT = {
    "format": "netcanvas/graph@1",
    "name": "student",
    "nodes": [
        {"id": "x", "type": "Input", "params": {"shape": [2]}},
        {"id": "fc1", "type": "Linear", "params": {"out_features": 16}},
        {"id": "relu", "type": "ReLU"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 2}},
        {"id": "loss", "type": "CrossEntropyLoss"},
    ],
    "edges": [
        {"source": "x", "target": "fc1"},
        {"source": "fc1", "target": "relu"},
        {"source": "relu", "target": "fc2"},
        {"source": "fc2", "target": "loss"},
    ],
}
STUDENT_CONFIG = {"epochs": 3, "batch_size": 64, "lr": 0.001, "optimizer": "adam", "seed": 0}
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
    stuck = {"graph": STUDENT, "dataset": "moons", "config": STUDENT_CONFIG}
    student = api(server, "/api/jobs", stuck)["id"]

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
    expect(points).to_have_attribute(
        "title", re.compile(r"^Taken with the weights after epoch 60,")
    )
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
    # It learned: once its evaluation is in, no hint that it did no better than guessing.
    expect(editor.testid("eval-weights")).to_be_visible()
    expect(editor.testid("stall-hint")).to_have_count(0)

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
    # Under the accuracies, which epoch's weights each figure is of, and why the training
    # accuracy and the boundary's share of points in their own region differ.
    kept = {
        job: api(server, f"/api/jobs/{job}")["summary"]["kept_epoch"] for job in (perceptron, mlp)
    }
    drawn = {job: api(server, f"/api/jobs/{job}/boundary")["epoch"] for job in (perceptron, mlp)}
    for job in (perceptron, mlp):
        note = editor.testid(f"compare-{job}-figures")
        expect(note).to_have_text(
            f"Training accuracy: epoch {kept[job]}'s average over its batches, while the weights"
            f" still changed. Validation accuracy: the weights after epoch {kept[job]}."
            f" Boundary and points in their own region: the weights after epoch {drawn[job]},"
            " once it had trained, so they can differ from the training accuracy."
        )
    editor.testid("language").select_option("ja")
    expect(editor.testid(f"compare-{mlp}-scores")).to_contain_text("再現率（0〜1）: ")
    expect(editor.testid(f"compare-{mlp}-figures")).to_have_text(
        f"学習精度: エポック {kept[mlp]} のバッチの平均（重みが更新され続けている間）。"
        f"検証精度: エポック {kept[mlp]} を終えた後の重み。"
        f"決定境界と自分のクラスの領域にある点の割合: エポック {drawn[mlp]} を終えた後の重み。"
        "そのため学習精度と異なることがあります。"
    )
    editor.testid("language").select_option("en")

    # The student's run ended below chance: its page says so, with its figures, and what to try.
    wait_until(lambda: api(server, f"/api/jobs/{student}")["status"] == "succeeded", RUN_S)
    epochs = api(server, f"/api/jobs/{student}/epochs")
    best = max(row["val_accuracy"] for row in epochs)
    support = [c["support"] for c in api(server, f"/api/jobs/{student}/evaluation")["per_class"]]
    chance = max(support) / sum(support)
    assert best <= chance + 0.05, (best, chance)  # seed 0 on CPU: it learned nothing
    losses = [row["train_loss"] for row in epochs]
    assert (losses[0] - losses[-1]) / losses[0] < 0.05, losses
    page.goto(f"{server}/#/jobs/{student}")
    hint = editor.testid("stall-hint")
    expect(hint).to_contain_text(
        f"Its best validation accuracy was {percent_text(best)}; always answering the most common"
        f" class would score {percent_text(chance)}."
    )
    expect(hint).to_contain_text("What to try: more epochs, a larger learning rate")
    editor.testid("language").select_option("ja")
    expect(hint).to_contain_text(
        f"検証精度は最高でも {percent_text(best)} でした。いつも最も多いクラスを答えるだけでも"
        f" {percent_text(chance)} になります。"
    )
    expect(hint).to_contain_text("試すこと: エポック数を増やす、学習率を上げる")
    # its loss barely moved too (0.728 → 0.699): said after the accuracy, a space apart in English
    expect(hint).to_contain_text("なっていません。学習損失もほとんど下がっていません（")
    editor.testid("language").select_option("en")
    expect(hint).to_contain_text("tell the classes apart. Its training loss barely moved (")
