"""A user's `max_running_jobs` (`backend.user_limits`) in the scheduler: with two workers,
Alice's limit of one keeps her second job queued (not an error; its reason says why)
while Bob's job starts on the free worker, and hers starts once her first ends.
A real Redis, two real Celery workers, a real database."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from backend.db.models import Job, User
from backend.db.session import session_factory
from backend.heartbeat import alive
from tests.service.flow import follow, launch
from tests.service.stack import Stack, kill, stack, start_worker, wait_for


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("running")
    with stack(folder, f"sqlite:///{folder / 'netcanvas.db'}") as running:
        second = start_worker(dict(os.environ), folder / "worker2.log", running.redis_url, False)
        try:
            wait_for(lambda: len(alive(running.redis)) >= 2, 60, "two workers announced")
            yield running
        finally:
            kill(second)


def row(s: Stack, job_id: int) -> Job:
    with session_factory(s.database)() as session:
        job = session.get(Job, job_id)
        assert job is not None
        session.expunge(job)
        return job


def limit_running(s: Stack, name: str, count: int) -> None:
    with session_factory(s.database)() as session:
        user = session.scalars(select(User).where(User.name == name)).one()
        user.limits = {"max_running_jobs": count}
        session.commit()


def test_a_running_limit_of_one_keeps_the_second_job_queued_while_another_user_runs(
    two_workers: Stack,
) -> None:
    s = two_workers
    limit_running(s, "alice", 1)
    first = launch(s, "alice", epochs=200, batch_size=1).json()["id"]
    wait_for(lambda: row(s, first).status == "running", 60, "Alice's first job")
    second = launch(s, "alice", epochs=2).json()["id"]
    wait_for(lambda: row(s, second).reason, 60, "the reason her second job waits")
    waiting = s.client.get(f"/api/jobs/{second}", headers=s.users["alice"]).json()
    assert waiting["status"] == "queued" and row(s, second).dispatched_to is None
    assert waiting["reason"] == (
        "waiting for your own jobs: 1 of them running, and you may run 1 at once "
        "(your own max_running_jobs, set by an admin)"
    )

    bobs = launch(s, "bob", epochs=2).json()["id"]  # the other worker is free: Bob's runs
    assert follow(s, bobs, user="bob")[-1]["event"]["status"] == "succeeded"
    assert row(s, second).status == "queued" and row(s, first).status == "running"

    s.client.post(f"/api/jobs/{first}/cancel", headers=s.users["alice"])
    assert follow(s, second)[-1]["event"]["status"] == "succeeded"
    done, bob = row(s, second), row(s, bobs)
    assert done.started_at is not None and bob.started_at is not None
    assert done.started_at > bob.started_at
    assert "max_running_jobs" not in done.reason
