"""A real stack for service tests: Redis on 127.0.0.1:6379 (one DB number per module),
a SQL database, a data folder, a real Celery worker process, and the API in a TestClient."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient

from backend.app import create_app
from backend.db.models import Base, User
from backend.db.session import engine_for, session_factory
from backend.queue import make_app
from backend.settings import get_settings
from tests.service.passes import watch_first_passes

ROOT = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379"
DB_NUMBERS = range(6, 16)  # one per module that runs a worker, even in parallel sessions
LOCK = "netcanvas-test:lock"
LOCK_S = 900  # an interrupted session frees its DB after this
# A deadline for a worker to answer a ping: it imports torch and forks its pool, for which
# 60 s was too short on a machine with a load above 20.
WORKER_START_S = 180


@dataclass
class Stack:
    database: str
    redis_url: str
    data_dir: Path
    client: TestClient
    worker: subprocess.Popen[bytes]
    log: Path
    users: dict[str, dict[str, str]] = field(default_factory=dict)  # name -> auth header

    @property
    def redis(self) -> redis.Redis:
        return redis.Redis.from_url(self.redis_url, decode_responses=True)


@contextmanager
def redis_db() -> Iterator[str]:
    """A Redis DB number no other running test session holds (a lock key), emptied."""
    try:
        redis.Redis.from_url(f"{REDIS}/0").ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    token = uuid.uuid4().hex
    for db in DB_NUMBERS:
        r = redis.Redis.from_url(f"{REDIS}/{db}", decode_responses=True)
        if r.set(LOCK, token, nx=True, ex=LOCK_S):
            break
    else:
        pytest.skip("every test Redis DB is held by another test session")
    try:
        clear(r)
        yield f"{REDIS}/{db}"
    finally:
        clear(r)
        if r.get(LOCK) == token:
            r.delete(LOCK)


def clear(r: redis.Redis) -> None:
    for key in r.scan_iter():
        if key != LOCK:
            r.delete(key)


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    get_settings.cache_clear()
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()


def start_worker(
    env: dict[str, str],
    log: Path,
    redis_url: str,
    alone: bool = True,
    slots: int | None = 1,
    queues: str = "cpu,predict",
) -> subprocess.Popen[bytes]:
    """`celery -A worker.celery_app worker -Q cpu,predict -c 1` (`slots` sets `-c`; None
    leaves it out, as `netcanvas serve` does; `queues` sets `-Q`), ready to take tasks; with
    `alone`, workers an interrupted run left on this Redis DB are shut down first."""
    name = f"test-{uuid.uuid4().hex[:8]}@%h"
    concurrency = [] if slots is None else ["-c", str(slots)]
    command = [sys.executable, "-m", "celery", "-A", "worker.celery_app", "worker",
               "-Q", queues, *concurrency, "--pool=prefork", "-n", name,
               "--without-gossip", "--without-mingle", "--loglevel", "INFO"]  # fmt: skip
    control = make_app(redis_url).control
    if alone and control.ping(timeout=0.5):  # left by an interrupted run: they'd take our tasks
        control.shutdown()
        time.sleep(1)
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + WORKER_START_S
    while not any(name.split("@")[0] in str(answer) for answer in control.ping(timeout=0.5)):
        if process.poll() is not None or time.monotonic() > deadline:
            kill(process)
            raise RuntimeError("the Celery worker did not start:\n" + log.read_text()[-3000:])
    return process


def pool_child(process: subprocess.Popen[bytes]) -> int:
    """The pid of a `-c 1` worker's pool process: the one that runs its tasks."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    assert len(children) == 1, children
    return int(children[0])


def kill(process: subprocess.Popen[bytes]) -> None:
    """The worker and its pool children: the process group this test started."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def add_user(database: str, name: str) -> dict[str, str]:
    with session_factory(database)() as session:
        user = User(name=name)
        session.add(user)
        session.commit()
        return {"authorization": f"Bearer {user.token}"}


@contextmanager
def stack(
    folder: Path, database: str, slots: int = 1, queues: str = "cpu,predict"
) -> Iterator[Stack]:
    """Everything running, the worker with `slots`, serving `queues`, the API's first
    scheduling and reaping passes over (`passes`); torn down (worker killed, Redis DB
    emptied) at the end."""
    Base.metadata.create_all(engine_for(database))
    with redis_db() as redis_url:
        values = {"DATABASE_URL": database, "REDIS_URL": redis_url,
                  "NETCANVAS_DATA_DIR": str(folder)}  # fmt: skip
        with environment(values):
            env = {**os.environ, **values}
            worker = start_worker(env, folder / "worker.log", redis_url, slots=slots, queues=queues)
            try:
                with pytest.MonkeyPatch.context() as patch:
                    first_passes = watch_first_passes(patch)
                    with TestClient(create_app()) as client:
                        first_passes()
                        found = Stack(
                            database, redis_url, folder, client, worker, folder / "worker.log"
                        )
                        found.users = {n: add_user(database, n) for n in ("alice", "bob")}
                        yield found
            finally:
                kill(worker)
                engine_for(database).dispose()


def wait_for(check: Any, timeout: float, what: str, every_s: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(every_s)
