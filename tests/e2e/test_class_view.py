"""The class view in the browser, against `netcanvas serve` with accounts: a teacher sees every
student's jobs (status, epoch, best metric), opens one read-only with its curves and evaluation,
and a student's network; a student's Class shows only what is published. A teacher publishes a
sample with its dataset and settings from the launch panel, and a student copies it into their own
work, where it opens ready to train with those settings.

The users are added as `netcanvas users add` adds them (`tests/e2e/accounts.py`), on a server of
this file's own (a teacher's class lists every student on it); the students' jobs are rows put
into the server's database (ended or paused ones, which no worker or reaper touches), with their
epochs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from backend.db.models import Job, JobEpoch, Network, Project, User
from backend.db.session import engine_for, session_factory
from netcanvas.predictions import FORMAT
from tests.e2e.accounts import ACCOUNTS, Accounts, add_users
from tests.e2e.test_sign_in import open_signed_out, sign_in
from tests.serving import ROOT, served

XOR = json.loads((ROOT / "netcanvas" / "samples" / "xor_mlp.json").read_text())
EVALUATION = {
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


@dataclass
class Class:
    url: str
    jobs: dict[str, int]  # the inserted jobs by what they are
    network: int


def insert_work(database: str) -> tuple[dict[str, int], int]:
    """Amy's finished classification job and her network; Ben's paused and failed jobs."""
    with session_factory(database)() as session:
        ids = {u.name: u.id for u in session.scalars(select(User))}
        config = {"epochs": 4, "batch_size": 16}

        def job(owner: str, epochs: list[dict[str, float]], **fields: object) -> int:
            row = Job(owner_id=ids[owner], graph=XOR, config=config, dataset="xor", **fields)
            session.add(row)
            session.flush()
            for number, metrics in enumerate(epochs, start=1):
                session.add(JobEpoch(job_id=row.id, epoch=number, metrics=metrics))
            return row.id

        curve = [
            {"train_loss": 0.69, "val_loss": 0.68, "train_accuracy": 0.5, "val_accuracy": 0.5},
            {"train_loss": 0.4, "val_loss": 0.35, "train_accuracy": 0.85, "val_accuracy": 0.875},
            {"train_loss": 0.2, "val_loss": 0.18, "train_accuracy": 0.95, "val_accuracy": 0.953},
            {"train_loss": 0.15, "val_loss": 0.2, "train_accuracy": 0.96, "val_accuracy": 0.938},
        ]
        jobs = {
            "amy": job("amy", curve, status="succeeded", evaluation=EVALUATION),
            "ben_failed": job("ben", [], status="failed", reason="a test row"),
            "ben_paused": job("ben", curve[:2], status="paused", reason="paused by its owner",
                              progress={"epoch": 2, "epochs": 4}),
        }  # fmt: skip
        project = Project(owner_id=ids["amy"], name="homework")
        session.add(project)
        session.flush()
        network = Network(owner_id=ids["amy"], project_id=project.id, name="my xor", graph=XOR)
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
def klass(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Class]:
    folder = tmp_path_factory.mktemp("e2e-class")
    with served(folder, env=ACCOUNTS) as url:
        server = add_users(
            Accounts(url, folder), {"tess": "teacher", "amy": "student", "ben": "student"}
        )
        database = server.database
        try:
            jobs, network = insert_work(database)
            write_results(folder / "var" / "artifacts" / str(jobs["amy"]))
        finally:
            engine_for(database).dispose()
        yield Class(url, jobs, network)


def test_a_teacher_sees_the_class_and_a_students_job_and_network(page: Page, klass: Class) -> None:
    editor = open_signed_out(page, klass)  # type: ignore[arg-type]  # it reads .url only
    sign_in(editor, "tess")
    editor.wait_ready()
    editor.testid("nav-class").click()
    table = editor.testid("class-students")
    expect(table).to_be_visible(timeout=15_000)
    amy = editor.testid(f"class-job-{klass.jobs['amy']}")
    expect(amy).to_have_attribute("data-status", "succeeded")
    expect(amy).to_contain_text("amy")
    expect(amy.get_by_test_id("class-best")).to_have_text("val. accuracy 95.3%")
    expect(amy.get_by_test_id("class-epoch")).to_have_text("4/4")
    paused = editor.testid(f"class-job-{klass.jobs['ben_paused']}")
    expect(paused.get_by_test_id("class-epoch")).to_have_text("2/4")
    expect(paused.get_by_test_id("class-best")).to_have_text("val. accuracy 87.5%")
    expect(paused.get_by_test_id("class-reason")).to_have_text("paused by its owner")  # why
    failed = editor.testid(f"class-job-{klass.jobs['ben_failed']}")
    expect(failed.get_by_test_id("class-best")).to_have_text("–")

    editor.testid(f"class-job-link-{klass.jobs['amy']}").click()
    shown = editor.testid("class-job")
    expect(shown).to_have_attribute("data-status", "succeeded", timeout=15_000)
    expect(shown).to_contain_text("amy")
    expect(editor.testid("curve-loss")).to_be_visible()
    evaluation = editor.testid("evaluation")
    expect(evaluation).to_have_attribute("data-task", "classification")
    expect(evaluation).to_contain_text("0.953")
    expect(shown.get_by_role("button", name="Cancel")).to_have_count(0)  # read-only
    expect(editor.testid("class-job-settings")).to_have_text("Settings: epochs=4, batch_size=16")
    trained = editor.testid("class-job-network")  # what the job trained, saved or not
    expect(trained.get_by_test_id("node-type")).to_have_count(len(XOR["nodes"]))
    editor.testid("cm-0-1").click()  # a cell lists its samples, through the class's routes
    cell = editor.testid("cell-samples")
    expect(cell.get_by_test_id("cell-sample")).to_have_count(2)
    expect(cell.get_by_test_id("cell-rows-row")).to_have_count(2)
    expect(cell.get_by_test_id("cell-rows-count")).to_have_text("All 2 predictions listed")

    page.go_back()
    expect(table).to_be_visible()
    page.locator("[data-testid^=class-networks-toggle-]").first.click()  # by name: amy's
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
    ).to_have_text("検証精度 95.3%")


def test_a_students_class_shows_only_what_is_published(page: Page, klass: Class) -> None:
    editor = open_signed_out(page, klass)  # type: ignore[arg-type]
    sign_in(editor, "amy")
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
    editor.testid("publish-title").fill("XOR needs a hidden layer")
    editor.testid("publish-note").fill("Train it, then remove the hidden layer and compare.")
    editor.testid("publish-send").click()
    expect(editor.testid("publish-done")).to_contain_text("XOR needs a hidden layer")
    editor.testid("nav-class").click()
    published = page.locator("[data-title='XOR needs a hidden layer']")
    expect(published).to_contain_text("epochs=150", timeout=15_000)
    page.screenshot(path=str(ROOT / "docs" / "images" / "class-published.png"))
    editor.testid("sign-out").click()

    expect(editor.testid("sign-in")).to_be_visible(timeout=15_000)
    sign_in(editor, "ben")
    editor.wait_ready()
    editor.testid("nav-class").click()
    published = page.locator("[data-title='XOR needs a hidden layer']")
    expect(published).to_contain_text("remove the hidden layer", timeout=15_000)
    expect(published.locator("[data-testid^=published-withdraw-]")).to_have_count(0)
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
    assert page.url.split("#/networks/")[1].isdigit()  # saved: Ben's own network
    expect(editor.testid("publish-open")).to_have_count(0)  # students do not publish
