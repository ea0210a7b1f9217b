"""What `celery -A worker.celery_app worker` runs: the service's Celery app and the worker's tasks.

The app itself (`backend.queue`) lives below the worker, so the API can send
tasks by name without importing this package; it lists `worker.tasks` in its
`include`, which the worker process imports when it starts.

A worker started without `-c` runs as many jobs at once as `worker.slots` says (one per
core on a CPU, and on a GPU whose memory it knows; one with a GPU otherwise, or as many
as `NETCANVAS_GPU_JOB_MB` fit in its free memory; or `NETCANVAS_WORKER_SLOTS`); the
predict worker and the tests' workers say `-c 1`. Its pool is prefork with a finished
run's child replaced at once (`worker.pool`).
"""

from __future__ import annotations

from backend.queue import app
from backend.settings import get_settings

from .log_summary import install as summarise_images_in_log
from .slots import capacity

_settings = get_settings()
app.conf.worker_concurrency = capacity(
    _settings.worker_slots, _settings.gpu_job_mb, _settings.gpu_memory_mb
).slots
app.conf.worker_pool = "worker.pool:TaskPool"
summarise_images_in_log()  # Generate's answer is PNGs: the log says how many characters

__all__ = ["app"]
