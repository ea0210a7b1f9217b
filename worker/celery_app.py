"""What `celery -A worker.celery_app worker` runs: the service's Celery app and the worker's tasks.

The app itself (`backend.queue`) lives below the worker, so the API can send
tasks by name without importing this package; it lists `worker.tasks` in its
`include`, which the worker process imports when it starts.

A worker started without `-c` runs as many jobs at once as `worker.slots` says (one per
core on a CPU; one with a GPU, or as many as `NETCANVAS_GPU_JOB_MB` fit in its free
memory; or `NETCANVAS_WORKER_SLOTS`); the predict worker and the tests' workers say `-c 1`.
"""

from __future__ import annotations

from backend.queue import app
from backend.settings import get_settings

from .slots import worker_slots

app.conf.worker_concurrency = worker_slots(get_settings().worker_slots, get_settings().gpu_job_mb)

__all__ = ["app"]
