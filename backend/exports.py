"""A job's exports (ONNX, model.py, the bundle) come after its `finished` event: its run
writes them once its results are published. When that run died first, the job has its
weights but no bundle and nothing writes them; the first look at its artifacts then asks
a worker (the predict queue's) to write them, once (`events.exporting_key`). Torch-free.
"""

from __future__ import annotations

import logging
import time

import redis

from netcanvas.artifacts import BUNDLE, WEIGHTS

from . import events
from .db.models import Job
from .queue import EXPORT, send
from .settings import Settings

log = logging.getLogger(__name__)

ENDED_WITH_WEIGHTS = ("succeeded", "cancelled")
WAIT_S = 30  # the longest a deletion waits for a job's exports to be written


def pending(settings: Settings, job: Job) -> bool:
    """Whether the job has its weights and not yet all its exports (no bundle)."""
    folder = settings.data_dir / "artifacts" / str(job.id)
    return (
        job.status in ENDED_WITH_WEIGHTS
        and (folder / WEIGHTS).is_file()
        and not (folder / BUNDLE).is_file()
    )


def ensure(settings: Settings, job: Job) -> None:
    """Ask a worker for the job's exports if they are missing and nobody is writing them."""
    if not pending(settings, job):
        return
    try:
        r = events.client(settings.broker)
        if r.set(events.exporting_key(job.id), "api", nx=True, ex=events.EXPORTING_S):
            send(settings.broker, EXPORT, [job.id], queue="predict")
    except Exception:  # Redis away: the next look asks again
        log.exception("job %s: could not ask for its exports", job.id)


def wait(r: redis.Redis, job_id: int, timeout_s: float = WAIT_S) -> None:
    """Until nothing writes the job's exports (or `timeout_s`): what is deleted then stays
    deleted, the writer adding no file or event after it."""
    deadline = time.monotonic() + timeout_s
    try:
        while r.exists(events.exporting_key(job_id)) and time.monotonic() < deadline:
            time.sleep(0.05)
    except redis.RedisError:
        pass  # Redis away: nothing to wait for that it could tell
