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
"""

from __future__ import annotations

from functools import cache

from celery import Celery
from kombu.entity import Queue

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
        result_backend_transport_options=transport,
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


def current_app() -> Celery:
    return make_app(get_settings().broker)


app = current_app()
