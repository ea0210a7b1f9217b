"""The class view (`/api/class`): a teacher reads every student's jobs and networks, never
writes them; a student gets 403, and so does everyone without accounts. SQLite and PostgreSQL.

Jobs are rows put straight into the database (no worker here), with their epochs."""

from __future__ import annotations

import json
import uuid
from typing import Any

import numpy as np
import pytest
from sqlalchemy import event

from backend.accounts import add_user
from backend.db.models import Job, JobEpoch, Network, Project
from backend.db.session import engine_for, session_factory
from backend.settings import get_settings
from netcanvas.predictions import FORMAT
from tests.service.conftest import PASSWORD, Class, Service
from tests.service.test_ownership import requests
from tests.service.test_projects_networks import small


def add_job(database: str, owner: int, epochs: list[dict[str, float]], **fields: Any) -> int:
    """A job row of `owner`'s with one `job_epochs` row per item of `epochs`."""
    with session_factory(database)() as session:
        values: dict[str, Any] = {"graph": small(), "config": {"epochs": 5}, "dataset": "xor",
                                  "status": "succeeded", **fields}  # fmt: skip
        job = Job(owner_id=owner, **values)
        session.add(job)
        session.flush()
        for number, metrics in enumerate(epochs, start=1):
            session.add(JobEpoch(job_id=job.id, epoch=number, metrics=metrics))
        session.commit()
        return job.id


def add_network(database: str, owner: int) -> dict[str, int]:
    with session_factory(database)() as session:
        project = Project(owner_id=owner, name="homework")
        session.add(project)
        session.flush()
        network = Network(owner_id=owner, project_id=project.id, name="mlp", graph=small())
        session.add(network)
        session.commit()
        return {"project_id": project.id, "network_id": network.id}


EVALUATION = {"task": "classification", "class_names": ["0", "1"],
              "confusion_matrix": [[5, 1], [0, 6]], "accuracy": 0.9167}  # fmt: skip


def students_of(klass: Class, who: str = "teacher") -> dict[int, Any]:
    answer = klass.client.get("/api/class/students", headers=klass.headers[who])
    assert answer.status_code == 200, answer.text
    return {student["id"]: student for student in answer.json()}


def test_a_teacher_sees_every_students_jobs_with_their_best_metric(klass: Class) -> None:
    db, ids = klass.database, klass.ids
    classified = add_job(
        db, ids["alice"],
        [{"train_loss": 0.9, "val_loss": 0.7, "val_accuracy": 0.5},
         {"train_loss": 0.5, "val_loss": 0.4, "val_accuracy": 0.875},
         {"train_loss": 0.3, "val_loss": 0.45, "val_accuracy": 0.75}],
        evaluation=EVALUATION,
    )  # fmt: skip
    regressed = add_job(
        db,
        ids["bob"],
        [{"train_loss": 1.0, "val_loss": 0.3}, {"train_loss": 0.5, "val_loss": 0.125}],
    )
    running = add_job(db, ids["bob"], [], status="running",
                      progress={"epoch": 2, "epochs": 8, "step": 1, "steps": 4})  # fmt: skip
    evaluated_only = add_job(db, ids["bob"], [{"train_loss": 0.2}], evaluation=EVALUATION)
    add_job(db, ids["other"], [{"train_loss": 0.1, "val_accuracy": 1.0}])  # a teacher's own

    students = students_of(klass)
    assert ids["teacher"] not in students and ids["other"] not in students
    assert ids["admin"] not in students
    alice, bob = students[ids["alice"]], students[ids["bob"]]
    assert alice["name"].startswith("alice-")
    (job,) = alice["jobs"]
    assert job["id"] == classified and job["status"] == "succeeded" and job["dataset"] == "xor"
    assert (job["best_metric"], job["best_value"]) == ("val_accuracy", 0.875)
    assert (job["epoch"], job["epochs"]) == (3, 5)
    assert [j["id"] for j in bob["jobs"]] == [evaluated_only, running, regressed]  # newest first
    by_id = {j["id"]: j for j in bob["jobs"]}
    assert (by_id[regressed]["best_metric"], by_id[regressed]["best_value"]) == ("val_loss", 0.125)
    assert by_id[running]["best_metric"] is None and by_id[running]["best_value"] is None
    assert (by_id[running]["epoch"], by_id[running]["epochs"]) == (2, 8)
    assert by_id[evaluated_only]["best_metric"] == "accuracy"
    assert by_id[evaluated_only]["best_value"] == pytest.approx(0.9167)
    assert students_of(klass, "admin") == students  # an admin sees the class too


def test_the_class_table_takes_the_same_few_queries_for_many_jobs(klass: Class) -> None:
    for n in range(40):
        owner = klass.ids["alice" if n % 2 else "bob"]
        add_job(klass.database, owner, [{"train_loss": 1.0, "val_loss": 1.0 / (n + 1)}] * 3)
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    engine = engine_for(klass.database)
    event.listen(engine, "before_cursor_execute", count)
    try:
        students = students_of(klass)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(students[klass.ids["bob"]]["jobs"]) == 20
    reading = [s for s in statements if "job" in s.lower() or "FROM users" in s]
    # who asks (the session and the user, twice: the router's guard and the route), then
    # the students and their jobs: no query per job or per student
    assert len(reading) <= 8, statements


def test_a_student_gets_403_from_every_class_route(klass: Class) -> None:
    job = add_job(klass.database, klass.ids["bob"], [])
    network = add_network(klass.database, klass.ids["bob"])["network_id"]
    bob = klass.ids["bob"]
    paths = ["/api/class/students", f"/api/class/jobs/{job}", f"/api/class/jobs/{job}/graph",
             f"/api/class/students/{bob}/networks", f"/api/class/networks/{network}"]  # fmt: skip
    for path in paths:
        answer = klass.client.get(path, headers=klass.headers["alice"])
        assert answer.status_code == 403, path
        assert answer.json()["detail"]["code"] == "class.teachers_only"
    japanese = klass.client.get(
        paths[0], headers={**klass.headers["alice"], "Accept-Language": "ja"}
    )
    assert "教員" in japanese.json()["detail"]["message"]
    assert klass.client.get(paths[0]).status_code == 401  # signed out


def test_a_teacher_sees_why_a_job_waits_and_the_network_it_trained(klass: Class) -> None:
    """A student changed a layer and trained without saving: the job's own graph shows it."""
    db, ids, client = klass.database, klass.ids, klass.client
    trained = {**small(), "name": "changed, not saved"}
    # paused: no scheduling pass rewrites its reason, as it does a queued job's
    waiting = add_job(db, ids["alice"], [], status="paused", reason="paused", graph=trained)
    (brief,) = students_of(klass)[ids["alice"]]["jobs"]
    assert (brief["id"], brief["status"], brief["reason"]) == (waiting, "paused", "paused")
    paused = add_job(db, ids["bob"], [], status="paused", reason="paused after epoch 3")
    ja = {**klass.headers["teacher"], "Accept-Language": "ja"}
    listed = {s["id"]: s for s in client.get("/api/class/students", headers=ja).json()}
    (brief,) = listed[ids["bob"]]["jobs"]
    assert (brief["id"], brief["reason"]) == (paused, "エポック 3 の後で一時停止しました")
    assert client.get(f"/api/class/jobs/{paused}", headers=ja).json()["reason"] == (
        "エポック 3 の後で一時停止しました"
    )
    answer = client.get(f"/api/class/jobs/{waiting}/graph", headers=klass.headers["teacher"])
    assert answer.status_code == 200 and answer.json() == {"graph": trained}
    teachers = add_job(db, ids["other"], [])
    for job in (teachers, 0, 9223372036854775808):  # a teacher's own, none, none can be
        missing = client.get(f"/api/class/jobs/{job}/graph", headers=klass.headers["teacher"])
        assert missing.status_code in (404, 422), job
        assert missing.status_code == 422 or missing.json()["detail"]["code"] == "class.unknown_job"


def test_the_class_lists_students_by_name_whatever_their_case(klass: Class) -> None:
    amy = f"Amy {uuid.uuid4().hex[:6]}"  # a capital, sorted first by bytes, and a space
    with session_factory(klass.database)() as session:
        add_user(session, amy, PASSWORD)
    listed = klass.client.get("/api/class/students", headers=klass.headers["teacher"]).json()
    mine = {klass.ids["alice"], klass.ids["bob"]}
    names = [s["name"] for s in listed if s["id"] in mine or s["name"] == amy]
    assert [name.split("-")[0] for name in names] == ["alice", amy, "bob"]


def test_a_teacher_reads_a_students_job_and_networks(klass: Class) -> None:
    db, ids, client = klass.database, klass.ids, klass.client
    job = add_job(db, ids["alice"], [{"train_loss": 0.5, "val_accuracy": 0.75}],
                  evaluation=EVALUATION, finished_at=None)  # fmt: skip
    answer = client.get(f"/api/class/jobs/{job}", headers=klass.headers["teacher"])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["id"] == job and body["owner_id"] == ids["alice"]
    assert body["owner_name"].startswith("alice-") and body["status"] == "succeeded"
    assert body["epochs"] == [{"epoch": 1, "train_loss": 0.5, "val_accuracy": 0.75}]
    assert body["evaluation"] == EVALUATION  # no fields the evaluation did not have
    assert body["config"] == {"epochs": 5} and "graph" not in body

    made = add_network(db, ids["alice"])
    listed = client.get(
        f"/api/class/students/{ids['alice']}/networks", headers=klass.headers["teacher"]
    )
    assert listed.status_code == 200, listed.text
    (network,) = listed.json()
    assert network["id"] == made["network_id"] and network["project_name"] == "homework"
    assert "graph" not in network
    one = client.get(f"/api/class/networks/{made['network_id']}", headers=klass.headers["admin"])
    assert one.status_code == 200 and one.json()["graph"] == small()
    assert client.get(f"/api/class/students/{ids['bob']}/networks",
                      headers=klass.headers["teacher"]).json() == []  # fmt: skip


def write_results(job: int) -> None:
    """What the worker leaves for an evaluated job: every prediction, and the samples."""
    folder = get_settings().data_dir / "artifacts" / str(job)
    folder.mkdir(parents=True)
    label, predicted = np.array([0, 0, 1, 1], np.int32), np.array([0, 1, 1, 1], np.int32)
    np.savez_compressed(
        folder / "predictions.npz", format=FORMAT, task="classification", evaluated=4,
        index=np.arange(4, dtype=np.int32), class_names=np.array(["0", "1"]), label=label,
        predicted=predicted, top_class=predicted[:, None], top_p=np.ones((4, 1), np.float32),
    )  # fmt: skip
    samples = {"kind": "values", "samples": [{"index": 1, "values": [0.0, 1.0]}]}
    (folder / "samples.json").write_text(json.dumps(samples))


def test_a_teacher_lists_a_confusion_cell_of_a_students_job(klass: Class) -> None:
    db, ids, client = klass.database, klass.ids, klass.client
    job = add_job(db, ids["alice"], [], evaluation=EVALUATION)
    write_results(job)
    teacher = klass.headers["teacher"]
    cell = client.get(f"/api/class/jobs/{job}/predictions?actual=0&predicted=1", headers=teacher)
    assert cell.status_code == 200, cell.text
    assert cell.json()["total"] == 1 and [r["index"] for r in cell.json()["rows"]] == [1]
    samples = client.get(f"/api/class/jobs/{job}/samples", headers=klass.headers["admin"])
    assert samples.status_code == 200 and samples.json()["samples"][0]["index"] == 1
    wrong = client.get(f"/api/class/jobs/{job}/predictions?actual=5", headers=teacher)
    assert wrong.status_code == 422 and wrong.json()["detail"]["code"] == "job.predictions_class"
    for path in (f"/api/class/jobs/{job}/predictions", f"/api/class/jobs/{job}/samples"):
        assert client.get(path, headers=klass.headers["bob"]).status_code == 403  # a student
    teachers_job = add_job(db, ids["other"], [], evaluation=EVALUATION)
    write_results(teachers_job)  # a teacher's own job is not the class's
    for path in (f"/api/class/jobs/{teachers_job}/predictions",
                 f"/api/class/jobs/{teachers_job}/samples",
                 "/api/class/jobs/9223372036854775808/samples"):  # fmt: skip
        answer = client.get(path, headers=teacher)
        assert answer.status_code == 404 and answer.json()["detail"]["code"] == "class.unknown_job"
    unevaluated = add_job(db, ids["alice"], [])
    answer = client.get(f"/api/class/jobs/{unevaluated}/predictions", headers=teacher)
    assert answer.status_code == 404 and answer.json()["detail"]["code"] == "job.no_predictions"


def test_what_is_not_a_students_is_a_404_in_the_class(klass: Class) -> None:
    db, ids, client = klass.database, klass.ids, klass.client
    teachers_job = add_job(db, ids["other"], [])
    teachers_network = add_network(db, ids["other"])["network_id"]
    missing = [
        f"/api/class/jobs/{teachers_job}",
        "/api/class/jobs/2147483000",
        "/api/class/jobs/99999999999999999999",
        "/api/class/jobs/9223372036854775808",
        "/api/class/jobs/-1",
        "/api/class/networks/-1",
        "/api/class/students/9223372036854775808/networks",
        f"/api/class/networks/{teachers_network}",
        "/api/class/networks/2147483000",
        f"/api/class/students/{ids['other']}/networks",
        f"/api/class/students/{ids['admin']}/networks",
        "/api/class/students/2147483000/networks",
    ]
    for path in missing:
        answer = client.get(path, headers=klass.headers["teacher"])
        assert answer.status_code in (404, 422), path
        if answer.status_code == 404:
            assert answer.json()["detail"]["code"].startswith("class.unknown_"), path


def test_a_teacher_cannot_change_a_students_objects_through_any_route(klass: Class) -> None:
    db, ids, client = klass.database, klass.ids, klass.client
    objects = add_network(db, ids["alice"])
    job = add_job(db, ids["alice"], [{"train_loss": 0.5}], status="running")
    objects["dataset_id"] = 2147483000  # no dataset: the routes' 404 is the same
    job_routes = [
        ("GET", f"/api/jobs/{job}", None),
        ("POST", f"/api/jobs/{job}/cancel", None),
        ("POST", f"/api/jobs/{job}/pause", None),
        ("POST", f"/api/jobs/{job}/resume", None),
        ("DELETE", f"/api/jobs/{job}", None),
        ("GET", f"/api/jobs/{job}/events", None),
        ("GET", f"/api/jobs/{job}/evaluation", None),
        ("GET", f"/api/jobs/{job}/graph", None),
        ("GET", f"/api/jobs/{job}/artifacts", None),
        ("POST", f"/api/jobs/{job}/predict", {"inputs": [[0, 1]]}),
    ]
    for name in ("teacher", "admin"):
        for method, path, body in requests(objects) + job_routes:
            answer = client.request(method, path, json=body, headers=klass.headers[name])
            assert answer.status_code == 404, f"{name} {method} {path}: {answer.text}"
        for path in ("/api/class/students", f"/api/class/jobs/{job}"):
            for method in ("POST", "PUT", "PATCH", "DELETE"):
                assert client.request(method, path, headers=klass.headers[name]).status_code == 405
    launched = client.post(
        "/api/jobs",
        json={"network_id": objects["network_id"], "dataset": "xor"},
        headers=klass.headers["teacher"],
    )
    assert launched.status_code == 404, launched.text  # not even training a student's network
    with session_factory(db)() as session:
        row = session.get(Job, job)
        assert row is not None and row.status == "running" and not row.cancel_requested
        network = session.get(Network, objects["network_id"])
        assert network is not None and network.name == "mlp" and network.revision == 1


def test_without_accounts_there_is_no_class(service: Service) -> None:
    for headers in ({}, service.alice):
        answer = service.client.get("/api/class/students", headers=headers)
        assert answer.status_code == 403
        assert answer.json()["detail"]["code"] == "class.no_accounts"


@pytest.mark.parametrize("klass", ["sqlite"], indirect=True)  # PostgreSQL takes no NaN row
def test_an_epoch_whose_metrics_are_not_finite_does_not_break_the_class(klass: Class) -> None:
    """Python's json writes NaN, which SQLite keeps but its JSON functions refuse: the table
    skips that epoch, the job still reads."""
    nan, inf = float("nan"), float("inf")
    job = add_job(
        klass.database, klass.ids["alice"],
        [{"train_loss": 0.5, "val_loss": 0.25}, {"train_loss": 0.4, "val_loss": nan},
         {"train_loss": 0.3, "val_loss": inf}],
        evaluation={**EVALUATION, "accuracy": nan},
    )  # fmt: skip
    (brief,) = students_of(klass)[klass.ids["alice"]]["jobs"]
    assert brief["id"] == job and (brief["best_metric"], brief["best_value"]) == ("val_loss", 0.25)
    answer = klass.client.get(f"/api/class/jobs/{job}", headers=klass.headers["teacher"])
    assert answer.status_code == 200, answer.text
    assert [row["val_loss"] for row in answer.json()["epochs"]] == [0.25, None, None]
