"""A job's artifact folder, its saved weights, and asking a worker on the predict queue.

Prediction, inference over a dataset, the augmentation and layer previews and the views
inside a trained network all take the same two steps: a job they read must have finished
with weights (409 `job.no_weights` otherwise), and the API sends a task by name to the
`predict` queue and waits a bounded time for the answer (503 when no worker answers).

A worker that died is not waited for: before the task is sent, a worker announced on the
predict queue (`backend.heartbeat`) must answer a ping within `PING_S` (a killed worker's
announcement outlives it by up to half a minute, so the ping decides), or the answer is a
503 `job.no_predict_worker` at once and nothing is sent. A positive answer is trusted for
`TRUST_S` by every request of this API process (the check cost a quarter of a try-it
request, `bench/predict_check.py`), so a worker that died within that second is sent one
more task. While it waits, the API asks again every `WATCH_S`, always afresh, so a worker
that dies meanwhile ends the wait too (and the next request checks again). The task expires
with the wait (`expires`): a message no worker took by then is discarded by the next worker
that sees it instead of running for nobody. The whole wait stays bounded by `timeout_s`
for a worker that is alive but slow (503 `job.no_worker_answer`). Redis gone at any step,
the trusted second included, is a 503 `job.queue_down` within a few seconds
(`backend.queue.send`).
"""

from __future__ import annotations

import logging
import threading
import time
from functools import cache
from pathlib import Path
from typing import Any

import redis
from celery.exceptions import TimeoutError as CeleryTimeout
from celery.result import AsyncResult

from netcanvas.artifacts import WEIGHTS

from . import events
from .db.models import Job
from .heartbeat import alive
from .localise import refused
from .queue import make_app, reaching, send
from .settings import Settings

log = logging.getLogger(__name__)

PING_S = 1.0  # how long a live worker has to answer a ping (its main process answers at once)
WATCH_S = 2.0  # how often a wait for an answer checks that a predict worker is still alive
TRUST_S = 1.0  # how long a request takes another's word that a predict worker is alive


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
    503 when none answers in `timeout_s`; Redis going away meanwhile raises within a few
    seconds (`backend.queue.send`), which the app answers 503 `job.queue_down`
    (`backend.localise`). A refusal comes back as the answer's
    `error`, which each caller words its own way."""
    if not predict_worker_trusted(broker):
        raise refused(503, "job.no_predict_worker")
    result = send(broker, task, args, queue="predict", expires=timeout_s)
    try:
        return _answer(broker, result, timeout_s)
    finally:
        _forget(result)


def _answer(broker: str, result: AsyncResult, timeout_s: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise refused(503, "job.no_worker_answer")
        try:
            with reaching(broker):
                answer: dict[str, Any] = result.get(timeout=min(WATCH_S, left))
            return answer
        except CeleryTimeout:
            if not predict_worker_alive(broker):
                raise refused(503, "job.no_predict_worker") from None


def _forget(result: AsyncResult) -> None:
    """Drop the answer from Redis; when Redis is away, it expires there (`result_expires`)."""
    try:
        result.forget()
    except redis.RedisError as error:
        log.warning("an answer of the predict queue was not forgotten: %s", error)


class Trust:
    """The latest answer to "is a predict worker alive?", shared by the requests (threads)
    of one API process: a positive answer holds for `TRUST_S`, a negative one ends it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._asked_at = 0.0  # time.monotonic() when the answer held was asked for
        self._until = 0.0

    def holds(self) -> bool:
        with self._lock:
            return time.monotonic() < self._until

    def record(self, alive: bool, asked_at: float) -> None:
        with self._lock:
            if asked_at < self._asked_at:  # a slow answer, older than the one held
                return
            self._asked_at = asked_at
            self._until = asked_at + TRUST_S if alive else 0.0


@cache
def trust(broker: str) -> Trust:
    return Trust()


def predict_worker_trusted(broker: str) -> bool:
    """Whether a predict worker is alive, by an answer of the last `TRUST_S`, else afresh."""
    return trust(broker).holds() or predict_worker_alive(broker)


def predict_worker_alive(broker: str) -> bool:
    """Whether a worker announced on the predict queue answers a ping within `PING_S`,
    asked afresh (and remembered, `trust`); 503 `job.queue_down` when Redis does not answer
    (its error, naming its address, is logged)."""
    asked_at = time.monotonic()
    answer = _answers_ping(broker)
    trust(broker).record(answer, asked_at)
    return answer


def _answers_ping(broker: str) -> bool:
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
