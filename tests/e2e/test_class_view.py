"""The class view in the browser, against `netcanvas serve` with accounts: a teacher sees every
student's jobs (status, epoch, best metric), opens one read-only with its curves and evaluation,
and a student's network; a student's Class shows only what is published. A teacher publishes a
sample with its dataset and settings from the launch panel, and a student copies it into their own
work, where it opens ready to train with those settings. A teacher filters the class, which keeps
refreshing under the filter, and draws two students' curves in one chart.

The users are added as `netcanvas users add` adds them (`tests/e2e/accounts.py`), on the server
with accounts that the end-to-end files share: a teacher's class lists every student on it, so
this file's students share a name prefix (`CLASS`, a lab group's) and the teacher filters the class
by it, as a lecturer with several groups on one server would. The students' jobs are rows put
into the server's database (ended or paused ones, which no worker or reaper touches), with their
epochs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from backend.db.models import Job, JobEpoch, Network, Project, User
from backend.db.session import engine_for, session_factory
from netcanvas.predictions import FORMAT
from tests.e2e.accounts import Accounts, add_users
from tests.e2e.editor import Editor
from tests.e2e.test_sign_in import open_signed_out, sign_in
from tests.serving import ROOT

XOR = json.loads((ROOT / "netcanvas" / "samples" / "xor_mlp.json").read_text())
EVALUATION: dict[str, Any] = {
    "task": "classification",
    "split": "validation",
    "class_names": ["0", "1"],
    "confusion_matrix": [[30, 2], [1, 31]],
    "per_class": [
        {"class": "0", "precision": 0.968, "recall": 0.938, "f1": 0.952, "support": 32},
        {"class": "1", "precision": 0.939, "recall": 0.969, "f1": 0.954, "support": 32},
    ],
    "accuracy": 0.953,
}


CLASS = "lab1-"  # this file's students' prefix: the class filtered by it is theirs alone
AMY, BEN = f"{CLASS}amy", f"{CLASS}ben"
CURVE = [
    {"train_loss": 0.69, "val_loss": 0.68, "train_accuracy": 0.5, "val_accuracy": 0.5},
    {"train_loss": 0.4, "val_loss": 0.35, "train_accuracy": 0.85, "val_accuracy": 0.875},
    {"train_loss": 0.2, "val_loss": 0.18, "train_accuracy": 0.95, "val_accuracy": 0.953},
    {"train_loss": 0.15, "val_loss": 0.2, "train_accuracy": 0.96, "val_accuracy": 0.938},
]

SLOWER = [  # another student's start, paused after two epochs
    {"train_loss": 0.9, "val_loss": 0.86, "train_accuracy": 0.45, "val_accuracy": 0.5},
    {"train_loss": 0.62, "val_loss": 0.58, "train_accuracy": 0.8, "val_accuracy": 0.875},
]


@dataclass
class Class:
    url: str
    database: str
    jobs: dict[str, int]  # the inserted jobs by what they are
    network: int


def add_job(database: str, owner: str, epochs: list[dict[str, float]], **fields: object) -> int:
    """A job row of the user named `owner`, on XOR, with one epoch row per item of `epochs`."""
    config = {"epochs": 4, "batch_size": 16}
    engine = engine_for(database)
    try:
        with session_factory(database)() as session:
            user = session.scalars(select(User).where(User.name == owner)).one()
            row = Job(owner_id=user.id, graph=XOR, config=config, dataset="xor", **fields)
            session.add(row)
            session.flush()
            for number, metrics in enumerate(epochs, start=1):
                session.add(JobEpoch(job_id=row.id, epoch=number, metrics=metrics))
            session.commit()
            return row.id
    finally:
        engine.dispose()


def insert_work(database: str) -> tuple[dict[str, int], int]:
    """Amy's finished classification job and her network; Ben's paused and failed jobs."""
    jobs = {
        "amy": add_job(database, AMY, CURVE, status="succeeded", evaluation=EVALUATION),
        "ben_failed": add_job(database, BEN, [], status="failed", reason="a test row"),
        "ben_paused": add_job(database, BEN, SLOWER, status="paused",
                              reason="paused by its owner", progress={"epoch": 2, "epochs": 4}),
    }  # fmt: skip
    with session_factory(database)() as session:
        amy = session.scalars(select(User).where(User.name == AMY)).one()
        project = Project(owner_id=amy.id, name="homework")
        session.add(project)
        session.flush()
        network = Network(owner_id=amy.id, project_id=project.id, name="my xor", graph=XOR)
        session.add(network)
        session.commit()
        return jobs, network.id


def write_results(folder: Path) -> None:
    """What the worker leaves beside an evaluation (EVALUATION's matrix): every prediction
    (`predictions.npz`) and the samples of each cell (`samples.json`)."""
    cells = [(r, c) for r, row in enumerate(EVALUATION["confusion_matrix"]) for c, n in
             enumerate(row) for _ in range(n)]  # fmt: skip
    label, predicted = (np.array(side, np.int32) for side in zip(*cells, strict=True))
    folder.mkdir(parents=True)
    np.savez_compressed(
        folder / "predictions.npz", format=FORMAT, task="classification", evaluated=len(cells),
        index=np.arange(len(cells), dtype=np.int32), class_names=np.array(["0", "1"]),
        label=label, predicted=predicted, top_class=predicted[:, None],
        top_p=np.full((len(cells), 1), 0.75, np.float32),
    )  # fmt: skip
    samples = [{"index": i, "values": [a, 1 - a], "label": str(a), "predicted": str(p)}
               for i, (a, p) in enumerate(cells)]  # fmt: skip
    (folder / "samples.json").write_text(
        json.dumps({"kind": "values", "samples": samples, "per_cell": 64})
    )


@pytest.fixture(scope="module")
def klass(accounts_server: Accounts) -> Iterator[Class]:
    server = add_users(accounts_server, {"tess": "teacher", AMY: "student", BEN: "student"})
    database = server.database
    try:
        jobs, network = insert_work(database)
        write_results(server.folder / "var" / "artifacts" / str(jobs["amy"]))
    finally:
        engine_for(database).dispose()
    yield Class(server.url, database, jobs, network)


def class_of(editor: Editor) -> None:
    """Open Class and filter it to this file's students: the table shows only them."""
    editor.testid("nav-class").click()
    expect(editor.testid("class-filter")).to_be_visible(timeout=15_000)
    editor.testid("class-filter-student").fill(CLASS)
    others = editor.page.locator(f"tr[data-student]:not([data-student^='{CLASS}'])")
    expect(editor.testid("class-students")).to_be_visible(timeout=15_000)
    expect(others).to_have_count(0)
    expect(editor.page.locator(f"tr[data-name]:not([data-name^='{CLASS}'])")).to_have_count(0)


def test_a_teacher_sees_the_class_and_a_students_job_and_network(page: Page, klass: Class) -> None:
    editor = open_signed_out(page, klass)  # type: ignore[arg-type]  # it reads .url only
    sign_in(editor, "tess")
    editor.wait_ready()
    class_of(editor)
    table = editor.testid("class-students")
    amy = editor.testid(f"class-job-{klass.jobs['amy']}")
    expect(amy).to_have_attribute("data-status", "succeeded")
    expect(amy).to_contain_text("amy")
    expect(amy.get_by_test_id("class-network-name")).to_have_text(XOR["name"])
    expect(amy.get_by_test_id("class-best")).to_have_text("val. accuracy 95.3 % (best epoch)")
    expect(amy.get_by_test_id("class-epoch")).to_have_text("4/4")
    # the dataset by its title (an upload by its name), its key in the tooltip
    expect(amy.get_by_test_id("class-dataset")).to_have_text("XOR")
    expect(amy.get_by_test_id("class-dataset")).to_have_attribute("title", "xor")
    paused = editor.testid(f"class-job-{klass.jobs['ben_paused']}")
    expect(paused.get_by_test_id("class-epoch")).to_have_text("2/4")
    expect(paused.get_by_test_id("class-best")).to_have_text("val. accuracy 87.5 % (best epoch)")
    expect(paused.get_by_test_id("class-reason")).to_have_text("paused by its owner")  # why
    # the column says which figure it is: the best epoch's, not the kept weights' evaluation
    head = editor.testid("class-best-head")
    expect(head).to_have_attribute("title", re.compile("weights it kept"))
    failed = editor.testid(f"class-job-{klass.jobs['ben_failed']}")
    expect(failed.get_by_test_id("class-best")).to_have_text("–")

    editor.testid(f"class-job-link-{klass.jobs['amy']}").click()
    shown = editor.testid("class-job")
    expect(shown).to_have_attribute("data-status", "succeeded", timeout=15_000)
    expect(shown).to_contain_text("amy")
    expect(editor.testid("curve-loss")).to_be_visible()
    evaluation = editor.testid("evaluation")
    expect(evaluation).to_have_attribute("data-task", "classification")
    expect(evaluation.get_by_test_id("eval-accuracy")).to_have_text("95.3 %")  # as in the table
    # whose weights it is of: the last epoch's (no keep-best), not the table's best epoch
    weights = evaluation.get_by_test_id("eval-weights")
    expect(weights).to_have_text("Of the weights of epoch 4, which the job kept")
    expect(weights).to_have_attribute("title", re.compile("best epoch's own figure"))
    expect(shown.get_by_role("button", name="Cancel")).to_have_count(0)  # read-only
    # labelled as the launch form labels them, in the UI's language
    settings = editor.testid("class-job-settings")
    expect(settings).to_have_text("Settings: Epochs 4, Batch size 16")
    editor.testid("language").select_option("ja")
    expect(settings).to_have_text("設定: エポック数 4, バッチサイズ 16")
    expect(weights).to_have_text("ジョブが残したエポック 4 の重みによる評価です")
    editor.testid("language").select_option("en")
    trained = editor.testid("class-job-network")  # what the job trained, saved or not
    expect(trained.get_by_test_id("node-type")).to_have_count(len(XOR["nodes"]))
    editor.testid("cm-0-1").click()  # a cell lists its samples, through the class's routes
    cell = editor.testid("cell-samples")
    expect(cell.get_by_test_id("cell-sample")).to_have_count(2)
    expect(cell.get_by_test_id("cell-rows-row")).to_have_count(2)
    expect(cell.get_by_test_id("cell-rows-count")).to_have_text("All 2 predictions listed")

    page.go_back()
    expect(table).to_be_visible()
    expect(editor.testid("class-filter-student")).to_have_value(CLASS)  # kept, as it was left
    rows = table.locator("tr[data-student]")  # by newest job: ben's jobs came after amy's
    expect(rows.first).to_have_attribute("data-student", BEN)
    amy.locator("[data-testid^=class-networks-toggle-]").click()
    page.get_by_role("link", name="my xor").click()
    network = editor.testid("class-network")
    expect(network).to_contain_text("amy")
    picture = editor.testid("class-network-picture")  # drawn as on the canvas, read-only
    expect(picture.get_by_test_id("node-type")).to_have_count(len(XOR["nodes"]))
    expect(picture.get_by_test_id("node-shape").first).to_have_text("[2]")
    # Each node's box and ports are given with it, so the nodes show and the edges are drawn at
    # once, never waiting on a measurement that a new validation answer could drop for good.
    for node in picture.locator(".react-flow__node").all():
        expect(node).to_be_visible()  # not left `visibility: hidden`, as an unmeasured node is
    expect(picture.locator(".react-flow__edge")).to_have_count(len(XOR["edges"]))
    expect(editor.testid("class-network-nodes")).to_contain_text("Linear")
    expect(editor.testid("class-network-total")).to_contain_text(f"{len(XOR['nodes'])} layers")

    editor.testid("language").select_option("ja")  # the class in Japanese
    editor.testid("nav-class").click()
    expect(editor.testid("nav-class")).to_have_text("クラス")
    expect(
        editor.testid(f"class-job-{klass.jobs['amy']}").get_by_test_id("class-best")
    ).to_have_text("検証精度 95.3 %（最良エポック）")


def test_a_students_class_shows_only_what_is_published(page: Page, klass: Class) -> None:
    editor = open_signed_out(page, klass)  # type: ignore[arg-type]
    sign_in(editor, AMY)
    editor.wait_ready()
    editor.testid("nav-class").click()
    expect(editor.testid("published")).to_be_visible(timeout=15_000)
    expect(editor.testid("class-students")).to_have_count(0)
    page.goto(f"{klass.url}/#/class/jobs/{klass.jobs['ben_failed']}")  # typed in by hand
    expect(editor.testid("class-teachers-only")).to_be_visible()  # said, not a blank page
    expect(editor.testid("published")).to_be_visible()
    expect(editor.testid("class-job")).to_have_count(0)


def test_a_teacher_publishes_a_sample_with_its_settings_and_a_student_copies_it(
    page: Page, klass: Class
) -> None:
    editor = open_signed_out(page, klass)  # type: ignore[arg-type]
    sign_in(editor, "tess")
    editor.wait_ready()
    editor.open_sample("xor_mlp")
    editor.testid("train").click()
    editor.testid("launch-dataset").select_option("xor")
    editor.testid("launch-epochs").fill("150")
    editor.testid("launch-lr").fill("0.02")
    editor.testid("publish-open").click()
    # the dataset by its title, as the class shows it; not its key
    expect(editor.testid("publish-form")).to_contain_text("With the dataset (XOR) and the settings")
    editor.testid("publish-title").fill("XOR needs a hidden layer")
    editor.testid("publish-note").fill("Train it, then remove the hidden layer and compare.")
    editor.testid("publish-send").click()
    expect(editor.testid("publish-done")).to_contain_text("XOR needs a hidden layer")
    class_of(editor)
    published = page.locator("[data-title='XOR needs a hidden layer']")
    expect(published).to_contain_text("Epochs 150", timeout=15_000)
    dataset = published.get_by_test_id("published-dataset")  # its title, its key in the tooltip
    expect(dataset).to_have_text("Dataset: XOR")
    expect(dataset).to_have_attribute("title", "xor")
    page.screenshot(path=str(ROOT / "docs" / "images" / "class-published.png"))
    editor.testid("sign-out").click()

    expect(editor.testid("sign-in")).to_be_visible(timeout=15_000)
    sign_in(editor, BEN)
    editor.wait_ready()
    editor.testid("nav-class").click()
    published = page.locator("[data-title='XOR needs a hidden layer']")
    expect(published).to_contain_text("remove the hidden layer", timeout=15_000)
    expect(published.locator("[data-testid^=published-withdraw-]")).to_have_count(0)
    editor.testid("language").select_option("ja")  # asked again: the title in Japanese
    expect(published.get_by_test_id("published-dataset")).to_have_text(
        "データセット: XOR（排他的論理和）"
    )
    editor.testid("language").select_option("en")
    published.locator("[data-testid^=published-copy-]").click()

    expect(editor.testid("launch-panel")).to_be_visible(timeout=15_000)  # ready to train
    expect(editor.testid("launch-dataset")).to_have_value("xor")
    expect(editor.testid("launch-epochs")).to_have_value("150")
    expect(editor.testid("launch-lr")).to_have_value("0.02")
    # The teacher's note comes along, headed by what it was published as (it used to stay behind).
    note = editor.testid("launch-note")
    expect(note).to_contain_text("From the class: XOR needs a hidden layer")
    expect(note).to_contain_text("Train it, then remove the hidden layer and compare.")
    editor.testid("language").select_option("ja")
    expect(note).to_contain_text("クラスから: XOR needs a hidden layer")
    editor.testid("language").select_option("en")
    expect(editor.nodes()).to_have_count(len(XOR["nodes"]))
    expect(page).to_have_url(re.compile(r"#/networks/\d+$"))  # saved: Ben's own network
    expect(editor.testid("publish-open")).to_have_count(0)  # students do not publish


def test_a_teacher_filters_the_class_and_overlays_two_students_curves(
    page: Page, klass: Class
) -> None:
    """The table keeps refreshing under its filter: a job that comes to match shows, one that
    does not stays out. Two students' jobs picked in it open their curves in one chart, each
    line named by student and job. (Last here: the rows it adds would show in the others.)"""
    editor = open_signed_out(page, klass)  # type: ignore[arg-type]
    sign_in(editor, "tess")
    editor.wait_ready()
    class_of(editor)
    editor.testid("class-filter-status").select_option("paused")
    rows = page.locator("tr[data-student]")
    expect(rows).to_have_count(1)
    expect(editor.testid(f"class-job-{klass.jobs['ben_paused']}")).to_be_visible()
    paused = add_job(klass.database, AMY, CURVE[:1], status="paused", reason="paused")
    failed = add_job(klass.database, AMY, [], status="failed", reason="a test row")
    expect(editor.testid(f"class-job-{paused}")).to_be_visible(timeout=30_000)  # a later poll
    expect(rows).to_have_count(2)
    expect(editor.testid(f"class-job-{failed}")).to_have_count(0)

    editor.testid("class-filter-status").select_option("")
    amy, ben = klass.jobs["amy"], klass.jobs["ben_paused"]
    expect(editor.testid(f"class-job-{failed}")).to_be_visible()
    expect(editor.testid("class-compare-open")).to_be_disabled()
    editor.testid(f"class-pick-{amy}").check()
    editor.testid(f"class-pick-{ben}").check()
    expect(editor.testid("class-compare-open")).to_have_text("Compare curves (2 jobs picked)")
    editor.testid("class-compare-open").click()
    expect(page).to_have_url(re.compile(rf"#/class/compare/{amy},{ben}$"))
    expect(editor.testid(f"class-compare-job-{amy}")).to_contain_text(AMY)
    expect(editor.testid(f"class-compare-job-{ben}")).to_contain_text(BEN)
    loss = editor.testid("class-compare-loss")  # uPlot's legend names every line
    for line in (f"{AMY} #{amy} Training loss", f"{AMY} #{amy} Validation loss",
                 f"{BEN} #{ben} Training loss", f"{BEN} #{ben} Validation loss"):  # fmt: skip
        expect(loss).to_contain_text(line)
    expect(loss).not_to_contain_text("train_loss")  # the metric's name, not its key
    expect(loss).to_have_attribute("data-points", str(len(CURVE)))
    accuracy = editor.testid("class-compare-accuracy")
    expect(accuracy).to_contain_text(f"{BEN} #{ben} Validation accuracy")
    expect(accuracy).to_contain_text(f"{AMY} #{amy} Validation accuracy")
    # the legend's swatches are drawn as the lines are: training dashed, validation solid
    for name, dashed in (("Training loss", True), ("Validation loss", False)):
        marker = loss.locator(".u-series", has_text=f"{AMY} #{amy} {name}").locator(".u-marker")
        drawn = marker.evaluate(
            "m => [getComputedStyle(m).backgroundImage, m.offsetWidth, m.offsetHeight]"
        )
        assert ("repeating-linear-gradient" in drawn[0]) is dashed, (name, drawn)
        assert drawn[1] > 3 * drawn[2], (name, drawn)  # a piece of line, not a square
    # the loss on a log scale, as a job's own curves have it; the accuracy stays linear
    expect(loss).to_have_attribute("data-log", "false")
    editor.testid("class-compare-log").check()
    expect(loss).to_have_attribute("data-log", "true")
    expect(accuracy).to_have_attribute("data-log", "false")
    expect(loss).to_contain_text(f"{BEN} #{ben} Validation loss")  # redrawn, every line still there
    editor.testid("class-compare-log").uncheck()
    page.screenshot(path=str(ROOT / "docs" / "images" / "class-compare.png"))
    editor.testid("language").select_option("ja")  # the legends in the page's language
    expect(loss).to_contain_text(f"{AMY} #{amy} 学習損失")
    expect(accuracy).to_contain_text(f"{BEN} #{ben} 検証精度")
    editor.testid("language").select_option("en")

    page.go_back()  # the class as it was left: filtered, the two jobs still picked
    expect(editor.testid(f"class-pick-{amy}")).to_be_checked()
    expect(editor.testid("class-filter-student")).to_have_value(CLASS)
