"""A job sent while the worker is busy with a long run waits in its queue as one message
however long it waits: the scheduler renews its mark while the message is in Redis
(`backend.scheduler._expire_marks`) instead of sending it again every `resend_after_s`;
once the worker is free it takes that message and runs the job.

A real Celery worker (`-c 1`), a real Redis, a real database; a second worker announced
with a slot but never taking a message is what lets the scheduler send the job while the
real one is busy (each `resend_after_s` before, one more message)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from backend.db.models import Job
from backend.heartbeat import announce
from backend.settings import get_settings
from tests.service.flow import follow, launch
from tests.service.rows import job_row
from tests.service.stack import Stack, stack, wait_for


@pytest.fixture
def busy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Stack]:
    """One worker with one slot; a mark 1 s old is renewed or expires."""
    monkeypatch.setenv("NETCANVAS_RESEND_AFTER_S", "1")
    with stack(tmp_path, f"sqlite:///{tmp_path / 'netcanvas.db'}") as running:
        yield running


def row(s: Stack, job_id: int) -> Job:
    return job_row(s.database, job_id)


def renewed_since(s: Stack, job_id: int, since: datetime) -> bool:
    """Whether the queued job's mark is 2 s or more newer than `since`: renewed twice or
    more, each renewal over `resend_after_s` (1 s) after the one before."""
    job = row(s, job_id)
    assert job.status == "queued" and job.dispatched_at is not None
    return job.dispatched_at >= since + timedelta(seconds=2)


def test_a_job_waiting_for_a_busy_worker_is_one_message_and_runs_once_it_is_free(
    busy: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    s, r = busy, busy.redis
    long = launch(s, "alice", epochs=300, batch_size=1).json()["id"]
    wait_for(lambda: row(s, long).status == "running", 90, "the long job running")
    announce(r, "busy-elsewhere", ["cpu"], cuda=False)  # a slot, and no one behind it
    waiting = launch(s, "bob", epochs=2).json()["id"]
    since = wait_for(lambda: row(s, waiting).dispatched_at, 30, "Bob's job sent")
    wait_for(lambda: renewed_since(s, waiting, since), 60, "Bob's mark renewed, twice")
    assert r.llen("cpu") == 1  # its one message, not one more a second
    assert row(s, long).status == "running"

    # From here a worker's claim may take over 1 s on a loaded machine: a message taken
    # that long ago would count as lost (its worker dead) and be sent again.
    monkeypatch.setenv("NETCANVAS_RESEND_AFTER_S", "3600")
    get_settings.cache_clear()
    s.client.post(f"/api/jobs/{long}/cancel", headers=s.users["alice"])
    assert follow(s, waiting, user="bob")[-1]["event"]["status"] == "succeeded"
    assert r.llen("cpu") == 0
    received = [line for line in s.log.read_text().splitlines() if "] received" in line]
    assert len(received) == 2, received  # the long job's message and Bob's one
