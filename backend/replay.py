"""What a client resuming a job's events after a stream id is sent: every later event in the
Redis stream, and from the database what the stream no longer has.

Redis can lose events: a server without persistence restarts, a flush, the last
second before a crash with an append-only file. The database keeps each epoch
with the stream id its event got (or an id from the clock when the stream
never took it), the evaluation and the final status. So a replay after `after`
is the stream's later entries, plus each later epoch the stream lacks, plus the
evaluation and a `finished` event made from the row when the stream has none
(for a job that has ended), in stream-id order, each once. Torch-free.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

import redis
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from netcanvas.events import stored

from . import events
from .db.models import Job, JobEpoch

FINAL = ("succeeded", "failed", "cancelled")
TAIL = 200  # the stream's last entries, where an evaluation and a `finished` would be


def replay(r: redis.Redis, session: Session, job: Job, after: str | None) -> list[events.Entry]:
    """Every event after `after` (all without it), oldest first, each once."""
    entries = events.history(r, job.id, after)
    kept = _recovered(r, session, job, after or "0-0", entries)
    return sorted(entries + kept, key=lambda entry: order(entry[0])) if kept else entries


def order(stream_id: str) -> tuple[int, int]:
    """A stream id as a sortable pair: `<ms>-<seq>`, or `<ms>` as `<ms>-0`."""
    ms, _, seq = stream_id.partition("-")
    return int(ms), int(seq or 0)


def _recovered(
    r: redis.Redis, session: Session, job: Job, after: str, entries: list[events.Entry]
) -> list[events.Entry]:
    """The events after `after` that the database holds and the stream lost."""
    start = order(after)
    ids = {stream_id for stream_id, _ in entries}
    epochs = {int(event["epoch"]) for _, event in entries if event.get("type") == "epoch"}
    rows = session.scalars(
        select(JobEpoch).where(JobEpoch.job_id == job.id).order_by(JobEpoch.epoch)
    )
    lost = [
        _rebuilt(row.stream_id, {"type": "epoch", "epoch": row.epoch, **row.metrics})
        for row in rows
        if row.stream_id is not None
        and order(row.stream_id) > start
        and row.stream_id not in ids
        and row.epoch not in epochs
    ]
    if job.status not in FINAL:
        return lost
    tail = _tail(r, job.id)
    kinds = {event.get("type") for _, event in tail}
    if "finished" in kinds:
        return lost
    ended = _end_id(job, start, max([order(i) for i, _ in entries + lost + tail] + [start]))
    if ended is None:
        return lost  # the client has read past the end
    if job.evaluation is not None and "evaluation" not in kinds:
        with suppress(ValidationError):  # kept by an older worker in another shape: skipped
            lost.append(_rebuilt(f"{ended}-0", {**job.evaluation, "type": "evaluation"}))
    end = {"type": "finished", "status": job.status, "reason": job.reason}
    lost.append(_rebuilt(f"{ended}-1", end))
    return lost


def _rebuilt(stream_id: str, fields: dict[str, Any]) -> events.Entry:
    """An event as the stream had it, from the database; its `ts` is its id's time."""
    return stream_id, stored({**fields, "ts": order(stream_id)[0] / 1000}).wire()


def _end_id(job: Job, start: tuple[int, int], latest: tuple[int, int]) -> int | None:
    """The milliseconds of the ids given to an ended job's evaluation and `finished`: its
    end time, or just after the latest event known when the clocks disagree; None when the
    client (`start`) has read past the end."""
    if job.finished_at is None:
        return latest[0] + 1
    ended = int(job.finished_at.timestamp() * 1000)
    if (ended, 1) <= start:
        return None
    return ended if (ended, 0) > latest else latest[0] + 1


def _tail(r: redis.Redis, job_id: int) -> list[events.Entry]:
    return events.decode(r.xrevrange(events.stream_key(job_id), count=TAIL))
