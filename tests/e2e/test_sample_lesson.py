"""A sample carries its lesson: XOR MLP from the sample menu, Train, Start without touching a
setting, and the job reaches what the note promises (at least 99 % training accuracy).

The launch panel comes filled with the sample's dataset and config and shows its note; the
job's page shows the note too. A real job on the real worker, as `test_training.py` runs one.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from netcanvas import samples
from tests.e2e.editor import Editor, api

RUN_S = 240


def test_xor_mlp_trains_as_it_comes_and_reaches_its_note(editor: Editor, server: str) -> None:
    page = editor.page
    lesson = samples.lesson("xor_mlp")
    editor.open_sample("xor_mlp")
    editor.expect_valid()

    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    expect(panel.get_by_test_id("launch-note")).to_contain_text(lesson.note.en)
    expect(panel.get_by_test_id("launch-dataset")).to_have_value(lesson.dataset)
    expect(panel.get_by_test_id("launch-epochs")).to_have_value(str(lesson.config["epochs"]))
    expect(panel.get_by_test_id("launch-lr")).to_have_value(str(lesson.config["lr"]))
    panel.get_by_test_id("launch-start").click()

    expect(page).to_have_url(re.compile(r"#/jobs/\d+$"))
    job_id = int(page.url.rsplit("/", 1)[1])
    expect(editor.testid("job-note")).to_contain_text(lesson.note.en)
    detail = editor.testid("job-detail")
    expect(detail).to_have_attribute("data-status", "succeeded", timeout=RUN_S * 1000)

    job = api(server, f"/api/jobs/{job_id}")
    assert job["dataset"] == "xor"
    assert {k: job["config"][k] for k in lesson.config} == lesson.config
    assert job["summary"]["train_accuracy"] >= 0.99, job["summary"]
    expect(editor.testid("eval-accuracy")).to_have_text(re.compile(r"^(100\.0|99\.\d) %$"))

    # Another browser (no note kept for this job) finds the note from the sample it trained.
    page.evaluate("localStorage.removeItem('netcanvas.jobNotes')")
    page.reload()
    expect(editor.testid("job-note")).to_contain_text(lesson.note.en)


def test_note_follows_the_language_and_stays_with_the_saved_network(editor: Editor) -> None:
    lesson = samples.lesson("perceptron")
    editor.open_sample("perceptron")
    editor.testid("language").select_option("ja")
    editor.testid("train").click()
    note = editor.testid("launch-note")
    expect(note).to_contain_text(lesson.note.ja)

    # Saved, the sample becomes a network that keeps its settings through a reload.
    editor.testid("save").click()
    expect(editor.page).to_have_url(re.compile(r"#/networks/\d+$"))
    editor.page.reload()
    editor.wait_ready()
    editor.testid("train").click()
    expect(editor.testid("launch-note")).to_contain_text(lesson.note.ja)
    expect(editor.testid("launch-dataset")).to_have_value("xor")
    expect(editor.testid("launch-epochs")).to_have_value(str(lesson.config["epochs"]))


def test_the_panel_keeps_the_users_choices_when_it_opens_again(editor: Editor) -> None:
    """Closed and opened again (to fix the network, say), the panel shows what the user chose,
    not the sample's dataset and settings again."""
    editor.open_sample("xor_mlp")
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    expect(panel.get_by_test_id("launch-dataset")).to_have_value("xor")
    # Each label names its control by the label's text alone (not with the chosen option in it).
    expect(panel.get_by_label("Dataset", exact=True)).to_have_value("xor")
    expect(panel.get_by_label("Start from weights of", exact=True)).to_have_value("")
    epochs = str(samples.lesson("xor_mlp").config["epochs"])
    expect(panel.get_by_label("Epochs", exact=True)).to_have_value(epochs)
    expect(panel.get_by_label("Optimizer", exact=True)).to_have_count(1)
    panel.get_by_test_id("launch-dataset").select_option("moons")
    panel.get_by_test_id("launch-epochs").fill("7")
    panel.get_by_test_id("launch-close").click()
    expect(panel).to_have_count(0)

    editor.testid("train").click()
    expect(panel.get_by_test_id("launch-dataset")).to_have_value("moons")
    expect(panel.get_by_test_id("launch-epochs")).to_have_value("7")

    # The note is true for what is on screen: it says which dataset it is about, and restores it.
    lesson = samples.lesson("xor_mlp")
    hint = panel.get_by_test_id("launch-note-hint")
    expect(hint).to_contain_text("This note is about training on XOR")
    panel.get_by_test_id("launch-note-restore").click()
    expect(panel.get_by_test_id("launch-dataset")).to_have_value("xor")
    expect(panel.get_by_test_id("launch-epochs")).to_have_value(str(lesson.config["epochs"]))
    expect(hint).to_contain_text("The sample's dataset and settings are filled in")
    expect(panel.get_by_test_id("launch-note-restore")).to_have_count(0)
    panel.get_by_test_id("launch-lr").fill("0.5")
    expect(hint).to_contain_text("Settings differ from the ones this note is about")
    editor.testid("language").select_option("ja")
    expect(hint).to_contain_text("このメモの前提と設定が異なります")


def test_nesterov_adagrad_and_rmsprop_train_from_the_panel(editor: Editor, server: str) -> None:
    """A student tries other optimizers on the sample: each job trains with the one chosen, its
    page names it, and, its settings not the lesson's, it carries no note promising the lesson's
    result."""
    page = editor.page
    for optimizer, name, shown in [
        ("nesterov", "Nesterov momentum", "launch-momentum"),
        ("adagrad", "AdaGrad", "launch-eps"),
        ("rmsprop", "RMSProp", "launch-rho"),
    ]:
        editor.testid("nav-editor").click()
        editor.open_sample("xor_mlp")
        editor.testid("train").click()
        panel = editor.testid("launch-panel")
        expect(panel.get_by_test_id("launch-dataset")).to_have_value("xor")
        panel.get_by_test_id("launch-optimizer").select_option(optimizer)
        expect(panel.get_by_test_id(shown)).to_be_visible()
        panel.get_by_test_id("launch-epochs").fill("3")
        expect(panel.get_by_test_id("launch-note-hint")).to_contain_text("Settings differ")
        panel.get_by_test_id("launch-start").click()
        expect(page).to_have_url(re.compile(r"#/jobs/\d+$"))
        job_id = int(page.url.rsplit("/", 1)[1])
        expect(editor.testid("job-optimizer")).to_have_text(f"{name}, learning rate 0.05")
        expect(editor.testid("job-detail")).to_have_attribute(
            "data-status", "succeeded", timeout=60_000
        )
        expect(editor.testid("job-note")).to_have_count(0)
        job = api(server, f"/api/jobs/{job_id}")
        assert job["config"]["optimizer"] == optimizer and job["note"] is None, job
