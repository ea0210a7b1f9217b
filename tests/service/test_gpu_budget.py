"""Many small jobs share one GPU worker: the scheduler sends jobs to the `gpu` queue while
their memory estimates fit in the budget the worker announces, holds a large one until
there is room (no smaller job passes it), and runs one larger than the whole budget
alone. Real heartbeats (`backend.heartbeat.announce`) in a real Redis, real job rows in
SQLite and PostgreSQL (migrated), the real scheduler; no worker takes the messages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import update

from backend.app import create_app
from backend.db.migrate import upgrade
from backend.db.models import Job, User
from backend.db.session import engine_for, session_factory
from backend.heartbeat import announce
from backend.scheduler import schedule
from backend.settings import get_settings
from netcanvas import memory
from netcanvas.datasets import DATASETS
from netcanvas.graph import load_graph
from netcanvas.training_config import TrainingConfig
from netcanvas.validation import analyse
from tests.graphs import lenet
from tests.service.conftest import postgres_database
from tests.service.stack import environment, redis_db

BUDGET = 4000  # MiB the GPU worker offers
SMALL, LARGE, HUGE = 700, 3000, 10_000


@dataclass
class Place:
    database: str
    redis: redis.Redis
    users: list[int]
    clock: list[datetime]

    def job(self, user: int, memory_mb: int | None, device: str = "cuda") -> int:
        """A queued job of `user` needing `memory_mb`, launched after the ones before."""
        self.clock[0] += timedelta(seconds=1)
        with session_factory(self.database)() as session:
            job = Job(owner_id=self.users[user], graph={}, config={"device": device},
                      dataset="xor", memory_mb=memory_mb, created_at=self.clock[0])  # fmt: skip
            session.add(job)
            session.commit()
            return job.id

    def end(self, *ids: int) -> None:
        with session_factory(self.database)() as session:
            session.execute(update(Job).where(Job.id.in_(ids)).values(status="succeeded"))
            session.commit()

    def reason(self, job_id: int) -> str:
        with session_factory(self.database)() as session:
            job = session.get(Job, job_id)
            assert job is not None
            return job.reason


@pytest.fixture(params=["sqlite", "postgresql"])
def place(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Place]:
    with _database(request.param, tmp_path) as database, redis_db() as redis_url:
        upgrade(database)  # the migrations, 0007's memory_mb included
        values = {"DATABASE_URL": database, "REDIS_URL": redis_url,
                  "NETCANVAS_DATA_DIR": str(tmp_path), "NETCANVAS_MAX_RUNNING_JOBS": "50",
                  "NETCANVAS_MAX_ACTIVE_JOBS": "50"}  # fmt: skip
        with environment(values):
            with session_factory(database)() as session:
                users = [User(name=f"student{n}") for n in range(8)]
                session.add_all(users)
                session.commit()
                ids = [user.id for user in users]
            r = redis.Redis.from_url(redis_url, decode_responses=True)
            yield Place(database, r, ids, [datetime.now(UTC)])


@contextmanager
def _database(kind: str, tmp_path: Path) -> Iterator[str]:
    if kind == "postgresql":
        with postgres_database() as url:
            yield url
        return
    url = f"sqlite:///{tmp_path / 'netcanvas.db'}"
    try:
        yield url
    finally:
        engine_for(url).dispose()


def gpu_worker(p: Place, memory_mb: int | None = BUDGET, slots: int = 16) -> None:
    announce(p.redis, "gpu@box", ["gpu"], cuda=True, slots=slots, memory_mb=memory_mb)


def test_small_jobs_go_together_and_a_large_one_waits_for_room(place: Place) -> None:
    p = place
    gpu_worker(p)
    smalls = [p.job(n, SMALL) for n in range(4)]  # 2,800 MiB together
    large = p.job(4, LARGE)
    assert schedule(get_settings()) == smalls  # one pass sends all four
    assert "3,000 MiB" in p.reason(large) and "1,200 MiB" in p.reason(large)
    assert "4,000 MiB" in p.reason(large)

    p.end(*smalls[:2])  # 1,400 MiB left in flight: 4,400 with the large one
    assert schedule(get_settings()) == []
    assert "2,600 MiB" in p.reason(large)
    p.end(smalls[2])  # 700 + 3,000 fit in 4,000
    assert schedule(get_settings()) == [large]
    assert p.reason(large) == ""


def test_no_small_job_passes_a_large_one_waiting_for_room(place: Place) -> None:
    """A stream of small jobs never starves the large one before them; the cpu queue
    goes on while the gpu queue waits."""
    p = place
    gpu_worker(p)
    announce(p.redis, "cpu@box", ["cpu"], cuda=False, slots=2)
    running = [p.job(n, SMALL) for n in range(3)]
    assert schedule(get_settings()) == running
    large = p.job(3, 3500)  # not beside the 2,100 MiB in flight
    later = [p.job(4, SMALL), p.job(5, SMALL)]  # would fit: they wait behind it
    on_cpu = p.job(6, None, device="cpu")
    assert schedule(get_settings()) == [on_cpu]
    p.end(*running[:2])
    assert schedule(get_settings()) == []  # 700 + 3,500 > 4,000
    p.end(running[2])
    assert schedule(get_settings()) == [large]
    assert schedule(get_settings()) == []  # 3,500 + 700 > 4,000
    p.end(large)
    assert schedule(get_settings()) == later


def test_a_job_larger_than_the_whole_budget_runs_alone(place: Place) -> None:
    p = place
    gpu_worker(p)
    first = p.job(0, SMALL)
    assert schedule(get_settings()) == [first]
    huge = p.job(1, HUGE)
    small = p.job(2, SMALL)
    assert schedule(get_settings()) == []  # it waits for the GPU to be idle
    assert "10,000 MiB" in p.reason(huge)
    p.end(first)
    assert schedule(get_settings()) == [huge]  # idle: it goes, though it is over the budget
    assert schedule(get_settings()) == []  # and nothing beside it
    p.end(huge)
    assert schedule(get_settings()) == [small]


def test_a_job_without_an_estimate_takes_the_whole_budget(place: Place) -> None:
    """A job launched before estimates (`memory_mb` null) runs as GPU jobs did before."""
    p = place
    gpu_worker(p)
    old, small = p.job(0, None), p.job(1, SMALL)
    assert schedule(get_settings()) == [old]
    assert schedule(get_settings()) == []
    p.end(old)
    assert schedule(get_settings()) == [small]


def test_a_gpu_worker_without_a_budget_counts_slots_only(place: Place) -> None:
    """An old heartbeat, or a worker that cannot tell its memory: as before budgets."""
    p = place
    gpu_worker(p, memory_mb=None, slots=2)
    jobs = [p.job(n, HUGE) for n in range(3)]
    assert schedule(get_settings()) == jobs[:2]
    p.redis.flushdb()
    p.redis.set(  # a heartbeat from before slots and budgets
        "netcanvas:worker:old", '{"name": "old", "queues": ["gpu"], "cuda": true}', ex=30
    )
    p.end(*jobs[:2])
    assert schedule(get_settings()) == [jobs[2]]


def test_a_launch_keeps_its_estimate_on_the_job(place: Place) -> None:
    with TestClient(create_app()) as client, session_factory(place.database)() as session:
        user = session.get(User, place.users[7])
        assert user is not None
        body = {"graph": lenet(), "dataset": "mnist5k", "config": {"batch_size": 128}}
        answer = client.post(
            "/api/jobs", json=body, headers={"authorization": f"Bearer {user.token}"}
        )
        assert answer.status_code == 201, answer.text
        job = session.get(Job, answer.json()["id"])
        assert job is not None
    config = TrainingConfig(batch_size=128)
    samples = DATASETS["mnist5k"].samples
    expected = memory.estimate(analyse(load_graph(lenet())), config, samples)
    assert job.memory_mb == expected.total_mb
    assert expected.data_mb > 10  # 5,000 images of 28×28 on the device


def test_a_job_waiting_for_a_free_slot_says_so(place: Place) -> None:
    """In a class on one CPU worker, the jobs past its slots say what they wait for (the
    teacher's class table and the student's job page show it), and stop saying it once sent."""
    p = place
    announce(p.redis, "cpu@box", ["cpu"], cuda=False, slots=2)
    first, second, third = (p.job(n, None, device="cpu") for n in range(3))
    assert schedule(get_settings()) == [first, second]
    assert p.reason(third) == (
        "waiting for a free training slot (the workers have 2, each busy with another job): "
        "it starts when one ends"
    )
    p.end(first)
    assert schedule(get_settings()) == [third]
    assert p.reason(third) == ""
