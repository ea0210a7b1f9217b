"""Cancel writes a queued or paused job's end with the compare-and-set of pause and resume
(`backend.jobs.move`): a worker's claim that comes between the route's read and its write
is kept, and the running job is cancelled the normal way, by its cancel flag. Resume clears
the pause flag only once the job is queued again. Every answer of a job names its dataset.

The other party acts when the route asks for its Redis client, right after it read the job
(`meanwhile`). A real Redis of the test's own, SQLite and PostgreSQL."""

from __future__ import annotations

import os
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import update

from backend import events
from backend.db.models import Job
from backend.db.session import session_factory
from backend.routes import jobs as job_routes
from netcanvas import samples
from netcanvas.datasets import DATASETS
from tests.service.test_jobs_pause_race import Own, add_job, meanwhile, own, row
from worker.jobs import claim

__all__ = ["own"]  # the fixture, shared with the pause and resume races


def redis_of(monkeypatch: pytest.MonkeyPatch, act: Any = None) -> list[Any]:
    """Like `meanwhile`, keeping the route's Redis client for the test to read."""
    clients: list[Any] = []

    def client(url: str) -> Any:
        if not clients and act is not None:
            act()
        clients.append(events.client(url))
        return clients[-1]

    monkeypatch.setattr(job_routes, "events", SimpleNamespace(**{**vars(events), "client": client}))
    return clients


def test_a_cancel_that_a_workers_claim_overtook_cancels_the_running_job_by_its_flag(
    own: Own, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id = add_job(own, "queued")
    lease: list[int | None] = []
    clients = redis_of(monkeypatch, lambda: lease.append(
        claim(session_factory(own.database), job_id, "worker-a", "cpu")))  # fmt: skip
    answer = own.client.post(f"/api/jobs/{job_id}/cancel", headers=own.alice)
    assert lease == [1]  # the worker's claim came in between
    assert answer.status_code == 200, answer.text
    assert (answer.json()["status"], answer.json()["cancel_requested"]) == ("running", True)
    job = row(own, job_id)  # the claim stands: the row says what runs
    assert (job.status, job.lease, job.worker, job.cancel_requested) == (
        "running", 1, "worker-a", True)  # fmt: skip
    assert job.finished_at is None and job.reason != "cancelled before it started"
    assert clients[0].exists(events.cancel_key(job_id))  # what its worker stops at


def test_a_cancel_of_a_paused_job_resumed_meanwhile_still_cancels_it(
    own: Own, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id = add_job(own, "paused")

    def resume() -> None:  # what `POST .../resume` writes
        with session_factory(own.database)() as session:
            session.execute(update(Job).where(Job.id == job_id).values(status="queued"))
            session.commit()

    meanwhile(monkeypatch, resume)
    answer = own.client.post(f"/api/jobs/{job_id}/cancel", headers=own.alice)
    assert answer.status_code == 200 and answer.json()["status"] == "cancelled", answer.text
    job = row(own, job_id)
    assert (job.status, job.reason) == ("cancelled", "cancelled before it started")
    assert claim(session_factory(own.database), job_id, "worker-a", "cpu") is None


def test_a_resume_that_a_cancel_overtook_leaves_the_pause_flag(
    own: Own, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id = add_job(own, "paused")

    def cancel() -> None:
        events.client(os.environ["REDIS_URL"]).set(events.pause_key(job_id), "1")  # its pause's
        with session_factory(own.database)() as session:
            session.execute(update(Job).where(Job.id == job_id).values(status="cancelled"))
            session.commit()

    routes = redis_of(monkeypatch, cancel)
    answer = own.client.post(f"/api/jobs/{job_id}/resume", headers=own.alice)
    assert answer.status_code == 409, answer.text
    assert answer.json()["detail"]["code"] == "job.moved_on"
    assert routes[0].exists(events.pause_key(job_id)) == 1  # not cleared by a refused resume


def test_every_answer_of_a_job_names_its_dataset(own: Own) -> None:
    graph = samples.load("xor_mlp")
    created = own.client.post("/api/jobs", json={"graph": graph, "dataset": "xor"},
                              headers=own.alice)  # fmt: skip
    assert created.status_code == 201, created.text
    job_id, title = created.json()["id"], DATASETS["xor"].title
    answers = [created]
    for action in ("pause", "resume", "cancel"):
        answers.append(own.client.post(f"/api/jobs/{job_id}/{action}", headers=own.alice))
    answers.append(own.client.get(f"/api/jobs/{job_id}", headers=own.alice))
    assert [a.status_code for a in answers] == [201, 200, 200, 200, 200]
    assert [a.json()["status"] for a in answers] == [
        "queued", "paused", "queued", "cancelled", "cancelled"]  # fmt: skip
    assert [a.json()["dataset_name"] for a in answers] == [title] * 5
    ja_headers = {**own.alice, "Accept-Language": "ja"}
    ja = own.client.post(f"/api/jobs/{job_id}/cancel", headers=ja_headers)
    assert ja.json()["dataset_name"] == DATASETS["xor"].title_ja
