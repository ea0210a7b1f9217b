"""Jobs are sent to the workers as they have room, users taking turns: with one worker,
Bob's first job runs before Alice's second and third, though she queued them first.
A real worker, a real Redis, a real database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from backend.db.models import Job
from backend.db.session import session_factory
from tests.service.flow import follow, launch
from tests.service.stack import Stack, stack, wait_for


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("fair")
    with stack(folder, f"sqlite:///{folder / 'netcanvas.db'}") as running:
        yield running


def rows(s: Stack, *ids: int) -> list[Job]:
    with session_factory(s.database)() as session:
        found = [session.get(Job, job_id) for job_id in ids]
        for job in found:
            session.expunge(job)
        return found  # type: ignore[return-value]


def test_users_take_turns_for_one_worker(one_worker: Stack) -> None:
    first = launch(one_worker, "alice", epochs=200, batch_size=1).json()["id"]
    wait_for(lambda: rows(one_worker, first)[0].status == "running", 60, "Alice's first job")
    second = launch(one_worker, "alice", epochs=2).json()["id"]
    third = launch(one_worker, "alice", epochs=2).json()["id"]
    bobs = launch(one_worker, "bob", epochs=2).json()["id"]
    waiting = rows(one_worker, second, third, bobs)
    assert [(job.status, job.dispatched_to) for job in waiting] == [("queued", None)] * 3
    one_worker.client.post(f"/api/jobs/{first}/cancel", headers=one_worker.users["alice"])
    for job_id in (second, third):
        follow(one_worker, job_id)
    follow(one_worker, bobs, user="bob")
    done = rows(one_worker, second, third, bobs)
    assert all(job.status == "succeeded" for job in done), [job.reason for job in done]
    order = [job.id for job in sorted(done, key=lambda job: job.started_at)]  # type: ignore[arg-type, return-value]
    assert order == [bobs, second, third]
