"""What `celery -A worker.celery_app worker` runs: the service's Celery app and the worker's tasks.

The app itself (`backend.queue`) lives below the worker, so the API can send
tasks by name without importing this package; it lists `worker.tasks` in its
`include`, which the worker process imports when it starts.
"""

from __future__ import annotations

from backend.queue import app

__all__ = ["app"]
