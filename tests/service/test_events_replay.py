"""A client that resumes a job's events after a stream id gets every later event once, in
order, even when Redis lost them: the database serves each lost epoch (with the id its event
had), the evaluation and `finished`. Real worker, real Redis, real database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from backend import events
from backend.db.models import JobEpoch
from backend.db.session import session_factory
from backend.replay import order
from tests.service.flow import follow, history, launch, wait_for_exports
from tests.service.stack import Stack, stack

EPOCHS = 6


@pytest.fixture(scope="module")
def replay_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("replay")
    with stack(folder, f"sqlite:///{folder / 'netcanvas.db'}") as running:
        yield running


@pytest.fixture(scope="module")
def finished_job(replay_stack: Stack) -> tuple[int, list[dict[str, Any]]]:
    """A finished job and its whole history, before anything is lost."""
    job_id = launch(replay_stack, epochs=EPOCHS, batch_size=32, seed=1).json()["id"]
    last = follow(replay_stack, job_id)[-1]["event"]
    assert (last["type"], last["status"]) == ("finished", "succeeded"), last
    wait_for_exports(replay_stack, job_id)  # their artifact events follow `finished`
    return job_id, history(replay_stack, job_id)


def kinds(messages: list[dict[str, Any]]) -> list[str]:
    return [m["event"]["type"] for m in messages]


def epoch_ids(messages: list[dict[str, Any]]) -> dict[int, str]:
    return {m["event"]["epoch"]: m["id"] for m in messages if m["event"]["type"] == "epoch"}


def test_each_epoch_row_keeps_the_stream_id_of_its_event(
    replay_stack: Stack, finished_job: tuple[int, list[dict[str, Any]]]
) -> None:
    job_id, whole = finished_job
    with session_factory(replay_stack.database)() as session:
        rows = session.scalars(select(JobEpoch).where(JobEpoch.job_id == job_id))
        kept = {row.epoch: row.stream_id for row in rows}
    assert kept == epoch_ids(whole) and len(kept) == EPOCHS


def test_an_intact_stream_is_replayed_as_it_is(
    replay_stack: Stack, finished_job: tuple[int, list[dict[str, Any]]]
) -> None:
    job_id, whole = finished_job
    after = epoch_ids(whole)[2]
    stream = events.history(replay_stack.redis, job_id, after)
    assert [m["id"] for m in history(replay_stack, job_id, after)] == [i for i, _ in stream]
    served = follow(replay_stack, job_id, after=after)
    assert served == history(replay_stack, job_id, after)[: len(served)]  # then the exports
    assert served[-1]["event"]["type"] == "finished"


def test_events_redis_lost_are_served_from_the_database(
    replay_stack: Stack, finished_job: tuple[int, list[dict[str, Any]]]
) -> None:
    job_id, whole = finished_job
    after = epoch_ids(whole)[2]
    lost = [m["id"] for m in whole if order(m["id"]) > order(after)]
    assert replay_stack.redis.xdel(events.stream_key(job_id), *lost) == len(lost)

    served = history(replay_stack, job_id, after), follow(replay_stack, job_id, after=after)
    for replayed in served:
        assert kinds(replayed) == ["epoch"] * (EPOCHS - 2) + ["evaluation", "finished"]
        assert epoch_ids(replayed) == {n: i for n, i in epoch_ids(whole).items() if n > 2}
        ids = [order(m["id"]) for m in replayed]
        assert ids == sorted(set(ids)) and ids[0] > order(after)  # in order, each once
        assert replayed[-1]["event"]["status"] == "succeeded"
        evaluation = next(m["event"] for m in whole if m["event"]["type"] == "evaluation")
        assert replayed[-2]["event"]["confusion_matrix"] == evaluation["confusion_matrix"]
        for message in replayed[:-2]:
            original = next(m["event"] for m in whole if m["id"] == message["id"])
            assert message["event"]["train_loss"] == original["train_loss"]
    resumed = history(replay_stack, job_id, history(replay_stack, job_id, after)[-1]["id"])
    assert resumed == []  # read to the end: nothing again


def test_a_stream_lost_whole_replays_every_epoch_and_the_end(
    replay_stack: Stack, finished_job: tuple[int, list[dict[str, Any]]]
) -> None:
    job_id, _ = finished_job
    replay_stack.redis.delete(events.stream_key(job_id))
    replayed = follow(replay_stack, job_id)
    assert kinds(replayed) == ["epoch"] * EPOCHS + ["evaluation", "finished"]
    assert [m["event"]["epoch"] for m in replayed[:EPOCHS]] == list(range(1, EPOCHS + 1))
    assert replayed == history(replay_stack, job_id)
    assert [m["event"]["ts"] for m in replayed] == [order(m["id"])[0] / 1000 for m in replayed]
