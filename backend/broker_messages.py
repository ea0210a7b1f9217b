"""Which jobs' training messages are still in the broker, read straight from Redis.

kombu's Redis transport keeps a queue's messages as JSON in a Redis LIST named after the
queue (`LPUSH`; a worker `BRPOP`s from it), and a message a worker has taken but not yet
acknowledged (`acks_late`) in the `unacked` hash, with when it was taken in the
`unacked_index` sorted set. The scheduler sends a job again only when its message is in
neither (`backend.scheduler._expire_marks`), so a job that waits for a busy worker never
piles duplicates up in its queue, and one whose message Redis lost goes again.

Messages are sent without a priority, so they wait in the queue's own list (kombu puts a
prioritised one in a list of its own).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from typing import Any, cast

import redis

from .queue import TRAIN

UNACKED, UNACKED_INDEX = "unacked", "unacked_index"  # kombu's `unacked_key`, `..._index_key`


def jobs_in_broker(r: redis.Redis, queues: Iterable[str], taken_since: float) -> set[int]:
    """The ids of the jobs whose training message waits in one of `queues`, or was taken by
    a worker at `taken_since` (Unix seconds) or later and is not acknowledged yet. A message
    taken earlier whose job is still queued is counted gone: its worker died before it
    claimed the job (kombu would give it back only after the visibility timeout)."""
    waiting = [_read(raw) for queue in sorted(set(queues)) for raw in r.lrange(queue, 0, -1)]
    tags = cast(list[str], r.zrangebyscore(UNACKED_INDEX, taken_since, "+inf"))
    entries = r.hmget(UNACKED, tags) if tags else []  # each `[message, exchange, key]`
    taken = [entry[0] for entry in map(_read, entries) if isinstance(entry, list) and entry]
    found = (job_of(message) for message in [*waiting, *taken])
    return {job_id for job_id in found if job_id is not None}


def job_of(message: Any) -> int | None:
    """The job id a training message (kombu's JSON, read) carries, its task's first
    argument; None for any other task's message, or one that cannot be read."""
    try:
        if message["headers"]["task"] != TRAIN:
            return None
        body = message["body"]
        if message.get("properties", {}).get("body_encoding") == "base64":
            body = base64.b64decode(body)
        job_id = json.loads(body)[0][0]
    except (ValueError, TypeError, LookupError, AttributeError):
        return None
    return job_id if isinstance(job_id, int) and not isinstance(job_id, bool) else None


def _read(raw: bytes | str | None) -> Any:
    try:
        return json.loads(raw) if raw is not None else None
    except ValueError:
        return None
