"""A job's events in the Redis Stream `job:<id>:events`: append, history and live follow.

Each entry holds one event as JSON in the field `event`. History is `XRANGE`
after an id; live events come from `XREAD BLOCK`, so a client that resumes
from the last id it saw gets every later event exactly once. Torch-free.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from typing import Any

import redis
import redis.asyncio as aredis

FIELD = "event"
Entry = tuple[str, dict[str, Any]]  # (stream id, event)
MAX_EVENTS = 100_000  # per job; older ones are trimmed (the DB keeps epochs and evaluation)
OUTAGE_S = 60.0  # how long a worker keeps retrying an event while Redis is away


def stream_key(job_id: int) -> str:
    return f"job:{job_id}:events"


def cancel_key(job_id: int) -> str:
    return f"job:{job_id}:cancel"


def pause_key(job_id: int) -> str:
    return f"job:{job_id}:pause"


EXPORTING_S = 120  # how long a claim on writing a job's exports holds before it is written
WRITING_S = 15  # how long it holds once a writer keeps it alive (`kept_alive`): a killed
KEEP_ALIVE_S = 3  # writer's claim goes within seconds, and the API asks another for them


def exporting_key(job_id: int) -> str:
    """Held (SET NX, `EXPORTING_S`) while something writes the job's exports: its run, or the
    worker the API asked when they were missing (`backend/exports.py`). The writer keeps it
    for `WRITING_S` at a time while it writes (`kept_alive`)."""
    return f"job:{job_id}:exporting"


@contextmanager
def kept_alive(
    r: redis.Redis, key: str, ttl_s: float = WRITING_S, every_s: float = KEEP_ALIVE_S
) -> Iterator[None]:
    """Hold `key` (set by the caller) for `ttl_s` at a time while the block runs, renewed every
    `every_s` by a thread: a process killed meanwhile stops renewing it, so it goes within
    `ttl_s`, not after the whole of its first expiry. A key that is gone is not made again."""
    stop = threading.Event()

    def renew() -> None:
        while True:
            with suppress(redis.RedisError):  # Redis away: the next renewal tries again
                r.expire(key, math.ceil(ttl_s))
            if stop.wait(every_s):
                return

    thread = threading.Thread(target=renew, name=f"keep {key}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


@cache
def client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, decode_responses=True)


def async_client(url: str) -> aredis.Redis:
    """A fresh asyncio client; the caller closes it (`aclose`)."""
    return aredis.Redis.from_url(url, decode_responses=True)


def append(r: redis.Redis, job_id: int, event: dict[str, Any]) -> str:
    """Add one event; returns its stream id."""
    entry = {FIELD: json.dumps(event, allow_nan=False, default=str)}
    stream_id = r.xadd(stream_key(job_id), entry, maxlen=MAX_EVENTS, approximate=True)  # type: ignore[arg-type]
    return str(stream_id)


def append_patiently(
    r: redis.Redis, job_id: int, event: dict[str, Any], patience_s: float = OUTAGE_S
) -> str | None:
    """`append`, retried while Redis is unreachable for up to `patience_s` (a restart, a
    blip); None when it stayed away, so a run outlives a broker outage instead of failing."""
    deadline = time.monotonic() + patience_s
    wait = 0.2
    while True:
        try:
            return append(r, job_id, event)
        except (redis.ConnectionError, redis.TimeoutError):
            if time.monotonic() + wait > deadline:
                return None
            time.sleep(wait)
            wait = min(wait * 2, 2.0)


TAIL = 200  # the stream's last entries, where a run's evaluation and `finished` are


def tail(r: redis.Redis, job_id: int, count: int = TAIL) -> list[Entry]:
    """The stream's last `count` events, newest first."""
    return decode(r.xrevrange(stream_key(job_id), count=count))


def history(r: redis.Redis, job_id: int, after: str | None = None) -> list[Entry]:
    """Every event after `after` (exclusive), or all of them."""
    if after == LAST_ID:  # Redis refuses an interval after the last id there is
        return []
    start = f"({after}" if after else "-"
    return decode(r.xrange(stream_key(job_id), min=start))


async def follow(r: aredis.Redis, job_id: int, after: str, block_ms: int | None) -> list[Entry]:
    """Events after `after`, waiting up to `block_ms` for the first one (None: no wait)."""
    answer = await r.xread({stream_key(job_id): after or "0-0"}, block=block_ms, count=500)
    streams: Any = answer or []
    return [entry for _, entries in streams for entry in decode(entries)]


def delete(r: redis.Redis, job_id: int) -> None:
    r.delete(stream_key(job_id), cancel_key(job_id), pause_key(job_id))


MAX_ID_PART = 2**64 - 1  # both parts of a stream id are 64-bit in Redis; past it, XRANGE errs
LAST_ID = f"{MAX_ID_PART}-{MAX_ID_PART}"


def valid_id(value: str) -> bool:
    """A stream id as clients send it back: `<ms>-<seq>` or `<ms>`, each part a number
    Redis can take."""
    parts = value.split("-")
    return 1 <= len(parts) <= 2 and all(
        part.isascii() and part.isdigit() and len(part) <= 20 and int(part) <= MAX_ID_PART
        for part in parts
    )


def decode(entries: Any) -> list[Entry]:
    """Stream entries as (id, event) pairs."""
    return [(stream_id, json.loads(fields[FIELD])) for stream_id, fields in entries]
