"""A worker killed mid-job leaves its job failed (the reaper), never running forever."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.app import create_app
from backend.db.models import Job, User
from backend.db.session import session_factory
from backend.jobs import WORKER_LOST, reap_stale_jobs
from backend.settings import get_settings
from tests.service.flow import follow, history, launch
from tests.service.stack import Stack, kill, stack, wait_for
from worker.jobs import HEARTBEAT_S, run_job


@pytest.fixture(scope="module")
def lost_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("lost")
    with stack(folder, f"sqlite:///{folder / 'netcanvas.db'}") as running:
        yield running


def test_reaper_fails_a_running_job_without_heartbeat(lost_stack: Stack) -> None:
    with session_factory(lost_stack.database)() as session:
        owner = session.scalars(select(User.id).where(User.name == "alice")).one()
        job = Job(
            owner_id=owner, graph={}, config={}, dataset="xor", status="running",
            started_at=datetime.now(UTC) - timedelta(minutes=5),
            progress={"heartbeat": time.time() - 120},
        )  # fmt: skip
        fresh = Job(owner_id=owner, graph={}, config={}, dataset="xor", status="running",
                    progress={"heartbeat": time.time()})  # fmt: skip
        session.add_all([job, fresh])
        session.commit()
        stale_id, fresh_id = job.id, fresh.id
    reaped = reap_stale_jobs(get_settings(), stale_s=60)
    assert stale_id in reaped and fresh_id not in reaped
    with session_factory(lost_stack.database)() as session:
        row = session.get(Job, stale_id)
        assert row is not None and row.status == "failed" and row.reason == WORKER_LOST
        assert session.get(Job, fresh_id).status == "running"  # type: ignore[union-attr]
    assert history(lost_stack, stale_id)[-1]["event"]["type"] == "finished"
    assert run_job(stale_id, "redelivered") == "skipped"  # a job runs from `queued` only
    assert run_job(fresh_id, "twice") == "skipped"


def test_killing_the_worker_mid_job_leaves_the_job_failed(lost_stack: Stack) -> None:
    created = launch(lost_stack, epochs=3000, batch_size=4)
    job_id = created.json()["id"]
    wait_for(
        lambda: any(m["event"]["type"] == "epoch" for m in history(lost_stack, job_id)), 60, "epoch"
    )
    kill(lost_stack.worker)
    time.sleep(HEARTBEAT_S + 1.5)
    assert job_id in reap_stale_jobs(get_settings(), stale_s=HEARTBEAT_S + 1)
    job = lost_stack.client.get(f"/api/jobs/{job_id}", headers=lost_stack.users["alice"]).json()
    assert job["status"] == "failed" and job["reason"] == WORKER_LOST
    last = follow(lost_stack, job_id)[-1]["event"]
    assert last == {
        "type": "finished",
        "status": "failed",
        "reason": WORKER_LOST,
        "seconds": None,
        "ts": pytest.approx(time.time(), abs=60),
    }


def test_the_api_reaps_on_startup(lost_stack: Stack) -> None:
    with session_factory(lost_stack.database)() as session:
        owner = session.scalars(select(User.id).where(User.name == "alice")).one()
        job = Job(owner_id=owner, graph={}, config={}, dataset="xor", status="running",
                  progress={"heartbeat": time.time() - 3600})  # fmt: skip
        session.add(job)
        session.commit()
        job_id = job.id
    with TestClient(create_app()) as client:
        auth = lost_stack.users["alice"]
        wait_for(
            lambda: client.get(f"/api/jobs/{job_id}", headers=auth).json()["status"] == "failed",
            10,
            "the startup reaper",
        )
