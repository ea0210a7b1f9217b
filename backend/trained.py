"""A job's artifact folder, its saved weights, and asking a worker on the predict queue.

Prediction, inference over a dataset, the augmentation and layer previews and the views
inside a trained network all take the same two steps: a job they read must have finished
with weights (409 `job.no_weights` otherwise), and the API sends a task by name to the
`predict` queue and waits a bounded time for the answer (503 when no worker answers).

A worker that died is not waited for: before the task is sent, a worker announced on the
predict queue (`backend.heartbeat`) must answer a ping within `PING_S` (a killed worker's
announcement outlives it by up to half a minute, so the ping decides), or the answer is a
503 `job.no_predict_worker` at once and nothing is sent. While it waits, the API asks again
every `WATCH_S`, so a worker that dies meanwhile ends the wait too. The task expires with
the wait (`expires`): a message no worker took by then is discarded by the next worker
that sees it instead of running for nobody. The whole wait stays bounded by `timeout_s`
for a worker that is alive but slow (503 `job.no_worker_answer`).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import redis
from celery.exceptions import TimeoutError as CeleryTimeout

from netcanvas.artifacts import WEIGHTS

from . import events
from .db.models import Job
from .heartbeat import alive
from .localise import refused
from .queue import make_app
from .settings import Settings

log = logging.getLogger(__name__)

PING_S = 1.0  # how long a live worker has to answer a ping (its main process answers at once)
WATCH_S = 2.0  # how often a wait for an answer checks that a predict worker is still alive


def job_folder(settings: Settings, job_id: int) -> Path:
    """Where the worker writes a job's artifacts."""
    return settings.data_dir / "artifacts" / str(job_id)


def trained_folder(settings: Settings, job: Job) -> Path:
    """The job's artifact folder, when it finished with weights; a 409 otherwise."""
    folder = job_folder(settings, job.id)
    if job.status not in ("succeeded", "cancelled") or not (folder / WEIGHTS).is_file():
        raise refused(409, "job.no_weights", status=job.status)
    return folder


def ask_predict_worker(broker: str, task: str, args: list[Any], timeout_s: float) -> dict[str, Any]:
    """The answer of a worker on the predict queue; 503 at once when no such worker is alive,
    503 when none answers in `timeout_s`. A refusal comes back as the answer's `error`,
    which each caller words its own way."""
    if not predict_worker_alive(broker):
        raise refused(503, "job.no_predict_worker")
    app = make_app(broker)
    result = app.send_task(task, args=args, queue="predict", expires=timeout_s)
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise refused(503, "job.no_worker_answer")
            try:
                answer: dict[str, Any] = result.get(timeout=min(WATCH_S, left))
                return answer
            except CeleryTimeout:
                if not predict_worker_alive(broker):
                    raise refused(503, "job.no_predict_worker") from None
    finally:
        result.forget()


def predict_worker_alive(broker: str) -> bool:
    """Whether a worker announced on the predict queue answers a ping within `PING_S`;
    503 `job.queue_down` when Redis does not answer (its error, naming its address, is logged)."""
    try:
        workers = alive(events.client(broker))
    except redis.RedisError as error:
        log.warning("the job queue is not reachable: %s", error)
        raise refused(503, "job.queue_down") from None
    names = [w["name"] for w in workers if "predict" in w.get("queues", [])]
    if not names:
        return False
    control = make_app(broker).control
    return bool(control.ping(destination=names, timeout=PING_S, limit=1))
