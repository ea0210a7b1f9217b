"""One trainer at a time: a job's lease is its fencing token. A second delivery of a running
job exits without writing; a trainer that stalled past its heartbeat, and whose job another
worker took over, wakes up to find its lease gone and stops without writing an event, a
checkpoint or an artifact. Real Celery workers, a real Redis, a real database."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from backend import events
from backend.db.models import Job, JobEpoch, User
from backend.db.session import session_factory
from backend.jobs import reap_stale_jobs
from backend.queue import TRAIN, make_app
from backend.settings import get_settings
from netcanvas.events import LogEvent
from tests.service.flow import follow, history, launch, wait_for_exports
from tests.service.stack import Stack, kill, pool_child, stack, start_worker, wait_for
from worker.jobs import HEARTBEAT_S, LeaseLost, Recorder, claim

# The stalled run is stopped once its third epoch is seen and the takeover resumes it after
# epoch 2 or later: twelve epochs at batch 1 leave it running through `stop_outside_a_write`'s
# tries (seconds at most), and the takeover several to train.
EPOCHS = 12


@pytest.fixture(scope="module")
def lease_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("lease")
    with stack(folder, f"sqlite:///{folder / 'netcanvas.db'}") as running:
        yield running


def kinds(s: Stack, job_id: int) -> list[str]:
    return [m["event"]["type"] for m in history(s, job_id)]


def epochs(s: Stack, job_id: int) -> list[int]:
    found = [m["event"] for m in history(s, job_id)]
    return [event["epoch"] for event in found if event["type"] == "epoch"]


def row(s: Stack, job_id: int) -> Job:
    with session_factory(s.database)() as session:
        job = session.get(Job, job_id)
        assert job is not None
        session.expunge(job)
        return job


def test_a_claim_takes_the_next_lease_and_a_lost_lease_writes_nothing(lease_stack: Stack) -> None:
    sessions = session_factory(lease_stack.database)
    with sessions() as session:
        owner = session.scalars(select(User.id).where(User.name == "alice")).one()
        # For CUDA, which no worker of this stack serves: once "the reaper" below queues it
        # again, the API's scheduler leaves it queued (on the CPU worker, that run's own log
        # lines reached the history read below on a loaded machine)
        job = Job(owner_id=owner, graph={}, config={"device": "cuda"}, dataset="xor")
        session.add(job)
        session.commit()
        job_id = job.id
    assert claim(sessions, job_id, "first") == 1
    assert claim(sessions, job_id, "second") is None  # running: a second delivery skips
    recorder = Recorder(get_settings(), job_id, lease=1)
    recorder.emit(LogEvent(message="written while the lease is held").wire())
    with sessions() as session:  # the reaper takes the job back: the lease goes up
        session.execute(update(Job).where(Job.id == job_id).values(lease=2, status="queued"))
        session.commit()
    with pytest.raises(LeaseLost):
        recorder.emit(LogEvent(message="never written").wire())
    assert recorder.should_stop() and recorder.pausing()  # it stops, writing no artifacts
    with pytest.raises(LeaseLost):
        recorder.emit({"type": "epoch", "epoch": 1, "train_loss": 0.5})
    messages = [m["event"].get("message") for m in history(lease_stack, job_id)]
    assert messages == ["written while the lease is held"]
    with sessions() as session:
        assert session.scalars(select(JobEpoch).where(JobEpoch.job_id == job_id)).all() == []
    assert claim(sessions, job_id, "third") == 3
    with sessions() as session:  # nobody is to run it
        session.execute(update(Job).where(Job.id == job_id).values(status="cancelled"))
        session.commit()


def test_a_second_delivery_of_a_running_job_exits_without_writing(lease_stack: Stack) -> None:
    # Long enough to be still running while a second worker starts on a loaded machine;
    # it is cancelled at the end.
    job_id = launch(lease_stack, epochs=500, batch_size=1).json()["id"]
    wait_for(lambda: len(epochs(lease_stack, job_id)) >= 1, 120, "the first epoch")
    second = start_worker(
        dict(os.environ), lease_stack.data_dir / "second.log", lease_stack.redis_url, alone=False
    )
    try:
        before = kinds(lease_stack, job_id).count("started")
        redelivered = make_app(lease_stack.redis_url).send_task(TRAIN, args=[job_id], queue="cpu")
        assert redelivered.get(timeout=60) == "skipped"
        assert kinds(lease_stack, job_id).count("started") == before == 1
        job = row(lease_stack, job_id)
        assert job.status == "running" and job.lease == 1 and "second" not in job.worker
    finally:
        kill(second)
        post = lease_stack.client.post
        post(f"/api/jobs/{job_id}/cancel", headers=lease_stack.users["alice"])
        follow(lease_stack, job_id)


def stop_outside_a_write(s: Stack, pid: int) -> None:
    """SIGSTOP the trainer at a moment it holds no database lock (SQLite locks the file):
    a write of ours must go through while it is stopped, or it goes on a moment and we
    try again."""
    for _ in range(20):
        os.kill(pid, signal.SIGSTOP)
        try:
            with session_factory(s.database)() as session:
                session.execute(update(User).where(User.name == "bob").values(name="bob"))
                session.commit()
            return
        except OperationalError:
            os.kill(pid, signal.SIGCONT)
            time.sleep(0.2)
    raise AssertionError("the trainer always held the database lock")


def test_a_stalled_trainer_that_wakes_after_a_takeover_writes_nothing(lease_stack: Stack) -> None:
    job_id = launch(lease_stack, epochs=EPOCHS, batch_size=1).json()["id"]
    # Three epoch events: epoch 2's checkpoint is written before epoch 3 ends, so the takeover
    # resumes after epoch 2 at least (with two, a stall before that checkpoint resumed after 1).
    wait_for(lambda: len(epochs(lease_stack, job_id)) >= 3, 120, "three epochs")
    stalled, first_worker = pool_child(lease_stack.worker), row(lease_stack, job_id).worker
    stop_outside_a_write(lease_stack, stalled)
    takeover: list[object] = []
    try:
        time.sleep(HEARTBEAT_S + 1.5)
        assert job_id in reap_stale_jobs(get_settings(), stale_s=HEARTBEAT_S + 1)
        assert row(lease_stack, job_id).lease == 2  # the stalled run's token is void
        second = start_worker(
            dict(os.environ), lease_stack.data_dir / "takeover.log", lease_stack.redis_url,
            alone=False,
        )  # fmt: skip
        takeover.append(second)
        wait_for(lambda: row(lease_stack, job_id).lease == 3, 120, "the takeover's claim")
        resumed = wait_for(lambda: _resumed_after(lease_stack, job_id), 120, "the resume")
        # the events up to the takeover's resume line (a fast takeover may already be done now)
        before = _events_until_resume(lease_stack, job_id)
    finally:
        os.kill(stalled, signal.SIGCONT)  # the stalled trainer wakes up
    try:
        wait_for(lambda: "is no longer this run's" in lease_stack.log.read_text(), 120, "fencing")
        last = follow(lease_stack, job_id)[-1]["event"]
        assert (last["type"], last["status"]) == ("finished", "succeeded"), last
        wait_for_exports(lease_stack, job_id)  # the takeover writes them after `finished`
    finally:
        for process in takeover:
            kill(process)  # type: ignore[arg-type]
    log = lease_stack.log.read_text()
    assert f"job {job_id}: lease 1 is no longer this run's" in log
    assert epochs(lease_stack, job_id) == list(range(1, EPOCHS + 1))  # once each, in order
    assert len(history(lease_stack, job_id)) > before
    assert kinds(lease_stack, job_id).count("finished") == 1
    job = row(lease_stack, job_id)
    assert job.status == "succeeded" and job.lease == 3 and job.progress["attempt"] == 2
    assert resumed >= 2
    artifacts = lease_stack.data_dir / "artifacts" / str(job_id)
    assert (artifacts / "model.safetensors").is_file()
    assert [p.name for p in artifacts.iterdir() if p.name.startswith(".")] == []  # no staging
    assert not (lease_stack.data_dir / "checkpoints" / str(job_id)).exists()
    # the woken trainer let its job go: it takes the next one
    after = launch(lease_stack, epochs=2, batch_size=32).json()["id"]
    last = follow(lease_stack, after)[-1]["event"]
    assert (last["type"], last["status"]) == ("finished", "succeeded"), last
    assert row(lease_stack, after).worker == first_worker != job.worker


def _events_until_resume(s: Stack, job_id: int) -> int:
    """How many of the job's events come before and with the takeover's resume line."""
    for index, message in enumerate(history(s, job_id)):
        if str(message["event"].get("message", "")).startswith("resumed from the checkpoint"):
            return index + 1
    raise AssertionError("no resume line")


def _resumed_after(s: Stack, job_id: int) -> int | None:
    for message in history(s, job_id):
        text = str(message["event"].get("message", ""))
        if text.startswith("resumed from the checkpoint after epoch "):
            return int(text.removeprefix("resumed from the checkpoint after epoch ").split()[0])
    return None


def test_events_of_a_lost_lease_never_reach_the_stream(lease_stack: Stack) -> None:
    """The stream key of a job nobody runs stays empty when a stale recorder tries it."""
    sessions = session_factory(lease_stack.database)
    with sessions() as session:
        owner = session.scalars(select(User.id).where(User.name == "alice")).one()
        job = Job(owner_id=owner, graph={}, config={}, dataset="xor", lease=5)
        session.add(job)
        session.commit()
        job_id = job.id
    stale = Recorder(get_settings(), job_id, lease=4)
    for event in ({"type": "progress", "epoch": 1, "epochs": 2, "step": 1, "steps": 2,
                   "samples_per_s": 1.0}, {"type": "started", "device": "cpu"}):  # fmt: skip
        with pytest.raises(LeaseLost):
            stale.emit(event)
    assert lease_stack.redis.exists(events.stream_key(job_id)) == 0
