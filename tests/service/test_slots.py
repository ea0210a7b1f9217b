"""A worker with two slots runs two jobs at once, each in its own pool child, and the
scheduler sends it no third while both run: a waiting job starts once one of them ends.
A real Celery worker (`-c 2`), a real Redis, a real database."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

import pytest

from backend.db.models import Job
from backend.db.session import session_factory
from backend.heartbeat import alive, withdraw
from backend.scheduler import schedule
from backend.settings import get_settings
from tests.service.flow import follow, launch
from tests.service.stack import Stack, kill, stack, start_worker, wait_for
from worker.slots import cores


@pytest.fixture(scope="module")
def two_slots(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("slots")
    with stack(folder, f"sqlite:///{folder / 'netcanvas.db'}", slots=2) as running:
        yield running


def rows(s: Stack, *ids: int) -> list[Job]:
    with session_factory(s.database)() as session:
        found = [session.get(Job, job_id) for job_id in ids]
        for job in found:
            session.expunge(job)
        return found  # type: ignore[return-value]


def test_the_worker_announces_its_slots(two_slots: Stack) -> None:
    workers = alive(two_slots.redis)
    assert [w["slots"] for w in workers] == [2]
    health = two_slots.client.get("/api/health").json()
    assert [w["slots"] for w in health["workers"]] == [2]


def test_two_jobs_run_at_once_on_two_slots_and_a_third_waits(two_slots: Stack) -> None:
    s = two_slots
    long: dict[str, Any] = {"epochs": 300, "batch_size": 1}
    first, second = (launch(s, "alice", **long).json()["id"] for _ in range(2))
    wait_for(
        lambda: [job.status for job in rows(s, first, second)] == ["running", "running"],
        90,
        "both of Alice's jobs running at once",
    )
    workers = {job.worker for job in rows(s, first, second)}
    assert len(workers) == 1  # one worker, two of its pool children

    bobs = launch(s, "bob", epochs=2).json()["id"]
    deadline = time.monotonic() + 3  # a few of the API's scheduling passes
    while time.monotonic() < deadline:
        assert schedule(get_settings()) == []
        waiting = rows(s, bobs)[0]
        assert (waiting.status, waiting.dispatched_to) == ("queued", None)
        assert waiting.reason.startswith("waiting for a free training slot (the workers have 2")
        time.sleep(0.2)
    assert [job.status for job in rows(s, first, second)] == ["running", "running"]

    s.client.post(f"/api/jobs/{first}/cancel", headers=s.users["alice"])
    assert follow(s, bobs, user="bob")[-1]["event"]["status"] == "succeeded"
    s.client.post(f"/api/jobs/{second}/cancel", headers=s.users["alice"])
    follow(s, second)
    done = rows(s, first, second, bobs)
    assert [job.status for job in done] == ["cancelled", "cancelled", "succeeded"]
    bob_started, first_ended = done[2].started_at, done[0].finished_at
    assert bob_started is not None and first_ended is not None and bob_started >= first_ended


def test_each_run_has_its_share_of_the_cores_threads(two_slots: Stack) -> None:
    """Two runs at once, each in its own child: each says in its log the torch threads it
    runs with (`torch.get_num_threads()` there), the cores divided by the slots."""
    s = two_slots
    ids = [launch(s, user, epochs=2).json()["id"] for user in ("alice", "bob")]
    for job_id, user in zip(ids, ("alice", "bob"), strict=True):
        events = [m["event"] for m in follow(s, job_id, user=user)]
        assert events[-1]["status"] == "succeeded", events[-1]
        shares = [e["params"] for e in events if e.get("code") == "log.threads"]
        assert shares == [{"threads": max(1, cores() // 2), "cores": cores(), "slots": 2}]


def test_a_worker_started_without_c_takes_its_slots_from_the_setting(two_slots: Stack) -> None:
    env = {**os.environ, "NETCANVAS_WORKER_SLOTS": "3"}
    log = two_slots.data_dir / "worker-setting.log"
    worker = start_worker(env, log, two_slots.redis_url, alone=False, slots=None)
    try:
        wait_for(lambda: len(alive(two_slots.redis)) == 2, 60, "the second worker announced")
        assert sorted(w["slots"] for w in alive(two_slots.redis)) == [2, 3]
    finally:
        kill(worker)
        for w in alive(two_slots.redis):  # killed: its heartbeat would count for 30 s more
            if w["slots"] == 3:
                withdraw(two_slots.redis, w["name"])
