"""The Celery application the API sends tasks to and the worker (`worker.celery_app`) runs.

Torch-free and below the worker, so the API sends tasks by name without loading
the worker's code (`worker.tasks` is imported by the worker process only). The
broker message only wakes a worker: the job row in the database is the truth.

- JSON only, never pickle.
- `acks_late` with `task_reject_on_worker_lost`: a message is acknowledged when
  its run ends, so a worker that dies does not lose it; the task refuses a job
  that is no longer `queued`, so a redelivered message never runs a job twice.
- Redis redelivers unacknowledged messages after `visibility_timeout`, which is
  set above the longest run.
- Prefetch 1: a worker takes one task at a time per pool process, so a worker with
  N slots (`-c N`, `worker.slots`) holds at most N; the scheduler sends no more.
- Queues `cpu` and `gpu`: a job asking for CUDA goes to `gpu`, one on `auto` too
  when a worker with a GPU is announced (`backend.heartbeat`), the rest to `cpu`.
- Queue `predict`: inference from saved weights (one input, or a whole dataset:
  `netcanvas.infer`), served by its own worker so it never waits behind a training run;
  also the augmentation preview, the layer previews, and feature maps, filters and
  Grad-CAM.
- A send is bounded: Redis gone between a check and the send is known within a few
  seconds (the broker's publish retries, the result backend's reconnects, `RESULT_RETRY`)
  instead of the result backend's default 20, and `send` raises it as kombu's
  `OperationalError`, as a failed publish does: the API answers 503 `job.queue_down`
  (`backend.localise`). A worker storing a result retries as briefly: only the predict
  queue's answers are read, and their asker has answered 503 by then.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from celery import Celery
from celery.result import AsyncResult
from kombu.entity import Queue
from kombu.exceptions import OperationalError

from .settings import get_settings

TRAIN = "netcanvas.train"
PREDICT = "netcanvas.predict"
EXPORT = "netcanvas.export"
INFER = "netcanvas.infer"
AUGMENT_PREVIEW = "netcanvas.augment_preview"  # a few augmented images for the editor
LAYER_PREVIEW = "netcanvas.layer_preview"  # every node's output for one sample, for the editor
FEATURE_MAPS = "netcanvas.feature_maps"  # inside a trained network: its feature maps, filters
GRADCAM = "netcanvas.gradcam"  # and Grad-CAM (worker/inside.py, worker/gradcam.py)
GENERATE = "netcanvas.generate"  # new images from a trained generative network (worker/samples.py)
QUEUES = ("cpu", "gpu", "predict")
VISIBILITY_TIMEOUT_S = 7 * 24 * 3600  # above the longest run
# The result backend's reconnects (a send subscribes to its result first, a wait reads it):
# three, half a second apart, not Celery's twenty a second apart.
RESULT_RETRY = {"max_retries": 3, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}


@cache
def make_app(broker_url: str) -> Celery:
    """One Celery app per broker URL (Redis), also its result backend for predictions."""
    app = Celery("netcanvas", broker=broker_url, backend=broker_url, include=["worker.tasks"])
    transport = {"visibility_timeout": VISIBILITY_TIMEOUT_S}
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_transport_options=transport,
        result_backend_transport_options={**transport, "retry_policy": RESULT_RETRY},
        result_expires=3600,
        task_queues=[Queue(name) for name in QUEUES],  # type: ignore[no-untyped-call]
        task_default_queue="cpu",
        task_routes={
            PREDICT: {"queue": "predict"},
            EXPORT: {"queue": "predict"},
            INFER: {"queue": "predict"},
            AUGMENT_PREVIEW: {"queue": "predict"},
            LAYER_PREVIEW: {"queue": "predict"},
            FEATURE_MAPS: {"queue": "predict"},
            GRADCAM: {"queue": "predict"},
        },
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
    )
    return app


def send(broker_url: str, name: str, args: list[Any], **options: Any) -> AsyncResult:
    """Send task `name`; kombu's `OperationalError` when Redis does not take it (within a few
    seconds: `RESULT_RETRY`), as a failed publish raises it, or the result backend gives up."""
    with reaching(broker_url) as app:
        return app.send_task(name, args=args, **options)


@contextmanager
def reaching(broker_url: str) -> Iterator[Celery]:
    """The app of `broker_url`; inside, the result backend giving up on Redis (a
    `RuntimeError` caused by a connection error) is raised as kombu's `OperationalError`."""
    app = make_app(broker_url)
    try:
        yield app
    except RuntimeError as error:
        if not isinstance(error.__cause__, app.backend.connection_errors):
            raise
        raise OperationalError(str(error.__cause__)) from error


def current_app() -> Celery:
    return make_app(get_settings().broker)


app = current_app()
