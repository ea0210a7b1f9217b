"""The Redis that `netcanvas serve` starts itself keeps what it holds through a kill."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import redis

from backend.serve import start_redis


def test_a_killed_embedded_redis_comes_back_with_its_data(tmp_path: Path) -> None:
    folder = tmp_path / "redis"
    process, url = start_redis(folder)
    try:
        client = redis.Redis.from_url(url)
        client.xadd("job:1:events", {"data": '{"type": "queued"}'})
        client.lpush("cpu", "a queued task")
        assert client.config_get("appendonly") == {"appendonly": "yes"}
        time.sleep(1.5)  # the append-only file is synced every second
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
