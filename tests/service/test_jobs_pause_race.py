"""Pause and resume write the row with a compare-and-set (`backend.jobs.move`), as the
worker's claim does: a claim or a cancel that comes between the route's read and its write
is kept, and the request is a 409 `job.moved_on` naming the job's status now.

The other party acts at that very moment: when the route asks for its Redis client, right
after it read the job. A real Redis of the test's own, SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from backend import events
from backend.db.models import Job, User
from backend.db.session import session_factory
from backend.routes import jobs as job_routes
from backend.serve import start_redis
from netcanvas import samples
from tests.service.conftest import add_user, app_client
from worker.jobs import claim


@dataclass
class Own:
    client: TestClient
    database: str
    alice: dict[str, str]


@pytest.fixture(params=["sqlite", "postgresql"])
def own(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Own]:
    """The service on a Redis of its own; no scheduling pass but the first."""
    process, url = start_redis(tmp_path / "redis")
    env = {"REDIS_URL": url, "NETCANVAS_SCHEDULE_INTERVAL_S": "3600"}
    try:
        with app_client(request, tmp_path, monkeypatch, env) as (client, database):
            yield Own(client, database, add_user(database, "alice"))
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def add_job(own: Own, status: str) -> int:
    token = own.alice["Authorization"].removeprefix("Bearer ")
    with session_factory(own.database)() as session:
        owner = session.query(User).filter(User.token == token).one()
        job = Job(owner_id=owner.id, graph=samples.load("xor_mlp"), config={}, dataset="xor",
                  status=status, dispatched_to="cpu" if status == "queued" else None)  # fmt: skip
        session.add(job)
        session.commit()
        return job.id


def row(own: Own, job_id: int) -> Job:
    with session_factory(own.database)() as session:
        found = session.get(Job, job_id)
        assert found is not None
        session.expunge(found)
        return found


def meanwhile(monkeypatch: pytest.MonkeyPatch, act: Callable[[], None]) -> None:
    """`act` runs once, when the job route next asks for its Redis client: after its read."""
    done: list[bool] = []

    def client(url: str) -> Any:
        if not done:
            done.append(True)
            act()
        return events.client(url)

    routes_events = SimpleNamespace(**{**vars(events), "client": client})
    monkeypatch.setattr(job_routes, "events", routes_events)


def test_a_pause_that_a_workers_claim_overtook_is_a_409_and_the_run_goes_on(
    own: Own, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id = add_job(own, "queued")
    lease: list[int | None] = []
    meanwhile(monkeypatch, lambda: lease.append(claim(session_factory(own.database), job_id,
                                                      "worker-a", "cpu")))  # fmt: skip
    answer = own.client.post(
        f"/api/jobs/{job_id}/pause", headers={**own.alice, "Accept-Language": "ja"}
    )
    assert lease == [1]  # the worker's claim came in between
    assert answer.status_code == 409, answer.text
    detail = answer.json()["detail"]
    assert (detail["code"], detail["params"]) == ("job.moved_on", {"status": "running"})
    assert "その間にジョブの状態が変わりました" in detail["message"]
    job = row(own, job_id)
    assert (job.status, job.lease, job.worker) == ("running", 1, "worker-a")
    assert job.reason != "paused before it started"


def test_a_resume_that_a_cancel_overtook_is_a_409_and_the_job_stays_cancelled(
    own: Own, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id = add_job(own, "paused")

    def cancel() -> None:  # what `POST .../cancel` of a paused job writes
        with session_factory(own.database)() as session:
            session.execute(
                update(Job)
                .where(Job.id == job_id)
                .values(status="cancelled", cancel_requested=True, reason="cancelled while paused")
            )
            session.commit()

    meanwhile(monkeypatch, cancel)
    answer = own.client.post(f"/api/jobs/{job_id}/resume", headers=own.alice)
    assert answer.status_code == 409, answer.text
    detail = answer.json()["detail"]
    assert (detail["code"], detail["params"]) == ("job.moved_on", {"status": "cancelled"})
    assert detail["message"].startswith("the job changed meanwhile: it is cancelled now")
    job = row(own, job_id)
    assert (job.status, job.dispatched_to) == ("cancelled", None)


def test_a_pause_and_a_resume_with_nothing_in_between_still_work(own: Own) -> None:
    job_id = add_job(own, "queued")
    paused = own.client.post(f"/api/jobs/{job_id}/pause", headers=own.alice)
    assert paused.status_code == 200 and paused.json()["status"] == "paused", paused.text
    assert row(own, job_id).reason == "paused before it started"
    resumed = own.client.post(f"/api/jobs/{job_id}/resume", headers=own.alice)
    assert resumed.status_code == 200 and resumed.json()["status"] == "queued", resumed.text
    logs = own.client.get(f"/api/jobs/{job_id}/events", headers=own.alice).json()
    codes = [m["event"].get("code") for m in logs if m["event"]["type"] == "log"]
    assert codes == ["log.paused_queued", "log.requeued"]
