"""A job claimed from a message whose send "failed" (its mark taken back by
`scheduler._unmark`) but reached Redis after all: the claim writes the queue the message
came from (`worker.jobs.claim`), so the scheduler counts the run against the queue it runs
on, not against `cpu`. A real Celery worker serving `gpu` only, a real Redis, a real
database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from backend import scheduler
from backend.db.models import Job
from backend.heartbeat import announce
from backend.settings import get_settings
from tests.service.rows import job_row, queued_xor_job
from tests.service.stack import Stack, stack, wait_for

LONG = {"epochs": 300, "batch_size": 1}  # runs until it is cancelled


@pytest.fixture(scope="module")
def gpu_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("claim_queue")
    with stack(folder, f"sqlite:///{folder / 'netcanvas.db'}", queues="gpu") as running:
        yield running


def add_job(s: Stack, config: dict[str, int]) -> int:
    """A queued job of alice's that no pass has marked sent."""
    token = s.users["alice"]["authorization"].removeprefix("Bearer ")
    return queued_xor_job(s.database, token, config)


def row(s: Stack, job_id: int) -> Job:
    return job_row(s.database, job_id)


def test_a_claim_records_the_queue_its_message_came_from(gpu_stack: Stack) -> None:
    s = gpu_stack
    # The worker serves `gpu` alone and has no GPU: no pass sends it an `auto` job (those
    # go to `cpu`, which nothing serves yet), so this one runs only from the message below.
    job_id = add_job(s, LONG)
    scheduler.dispatch(get_settings(), job_id, "gpu")  # the send that "failed" went after all
    wait_for(lambda: row(s, job_id).status == "running", 60, "the worker's claim")
    assert row(s, job_id).dispatched_to == "gpu"

    # A CPU worker with one slot comes: the run on `gpu` leaves it free for the next job.
    announce(s.redis, "cpu-worker", ["cpu"], cuda=False)
    other = add_job(s, {"epochs": 1})
    wait_for(lambda: row(s, other).dispatched_to == "cpu", 30, "the next job marked for cpu")
    # the pass marks the job sent, commits, then sends: its message comes a moment later
    wait_for(lambda: s.redis.llen("cpu"), 30, "the next job's message on cpu")
    assert s.redis.llen("cpu") == 1

    s.client.post(f"/api/jobs/{job_id}/cancel", headers=s.users["alice"])
    wait_for(lambda: row(s, job_id).status == "cancelled", 60, "the cancel")
