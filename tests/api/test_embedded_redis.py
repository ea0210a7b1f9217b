"""The Redis that `netcanvas serve` starts itself keeps what it holds through a kill."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
import redis

from backend import events
from backend.db.models import Base, Job, User
from backend.db.session import engine_for, session_factory
from backend.jobs import _seen_redis, redispatch_queued_jobs
from backend.serve import free_port, start_redis
from backend.settings import get_settings


def written(folder: Path, *values: bytes) -> None:
    """Wait until Redis has written `values` into its append-only file in `folder` (what a kill
    of the process then keeps): each second, or later while a slow disk delays it."""
    deadline = time.monotonic() + 30
    while True:
        files = b"".join(f.read_bytes() for f in folder.rglob("*.aof") if f.is_file())
        if all(value in files for value in values):
            return
        assert time.monotonic() < deadline, f"{values} not in the append-only file"
        time.sleep(0.1)


def test_a_killed_embedded_redis_comes_back_with_its_data(tmp_path: Path) -> None:
    folder = tmp_path / "redis"
    process, url = start_redis(folder)
    try:
        client = redis.Redis.from_url(url)
        client.xadd("job:1:events", {"data": '{"type": "queued"}'})
        client.lpush("cpu", "a queued task")
        assert client.config_get("appendonly") == {"appendonly": "yes"}
        written(folder, b"job:1:events", b"a queued task")
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # as the OOM killer would
        process.wait()
    process, url = start_redis(folder)
    try:
        client = redis.Redis.from_url(url)
        assert client.xlen("job:1:events") == 1
        assert client.lrange("cpu", 0, -1) == [b"a queued task"]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()


def test_an_event_sent_while_redis_restarts_arrives_once_it_is_back(tmp_path: Path) -> None:
    folder = tmp_path / "redis"
    process, url = start_redis(folder)
    port = redis.Redis.from_url(url).connection_pool.connection_kwargs["port"]
    client = redis.Redis.from_url(url, decode_responses=True)
    events.append(client, 7, {"type": "queued"})
    written(folder, b"job:7:events")
    os.killpg(process.pid, signal.SIGTERM)
    process.wait()
    sent: list[str | None] = []
    sender = threading.Thread(
        target=lambda: sent.append(events.append_patiently(client, 7, {"type": "log"}, 30))
    )
    sender.start()
    time.sleep(3)  # Redis is away; the sender keeps trying
    assert sender.is_alive()
    process, url = start_redis(folder, port)
    try:
        sender.join(30)
        assert sent and sent[0] is not None
        assert [event["type"] for _, event in events.history(client, 7)] == ["queued", "log"]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()


def test_an_outage_longer_than_the_patience_gives_up_with_none(tmp_path: Path) -> None:
    client = redis.Redis(port=free_port(), socket_connect_timeout=0.2)
    assert events.append_patiently(client, 1, {"type": "log"}, patience_s=1.0) is None


def test_queued_jobs_are_sent_again_when_redis_has_restarted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sent when the API first sees its Redis and when that Redis lost its queue; an API
    started again on a Redis that still holds the job's message sends no duplicate."""
    database = f"sqlite:///{tmp_path / 'netcanvas.db'}"
    Base.metadata.create_all(engine_for(database))
    with session_factory(database)() as session:
        owner = User(name="alice")
        session.add(owner)
        session.flush()
        job = Job(
            owner_id=owner.id, graph={}, config={}, dataset="xor", dispatched_to="cpu"
        )  # sent
        session.add(job)
        session.commit()
        job_id = job.id
    folder = tmp_path / "redis"
    process, url = start_redis(folder)
    port = redis.Redis.from_url(url).connection_pool.connection_kwargs["port"]
    monkeypatch.setenv("DATABASE_URL", database)
    monkeypatch.setenv("REDIS_URL", url)
    get_settings.cache_clear()
    client = redis.Redis.from_url(url)
    try:
        assert redispatch_queued_jobs() == [job_id]  # the API's first look
        assert client.llen("cpu") == 1
        assert redispatch_queued_jobs() == []  # the same Redis: nothing to do
        _seen_redis.clear()  # as an API started again, on the same Redis
        assert redispatch_queued_jobs() == []  # the job's message is there still
        assert client.llen("cpu") == 1  # and alone
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()
        process, url = start_redis(folder, port)
        client.delete("cpu")  # as a broker that lost its queue
        assert redispatch_queued_jobs() == [job_id]
        assert client.llen("cpu") == 1
    finally:
        get_settings.cache_clear()
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()
