"""A job's artifact folder, its saved weights, and asking a worker on the predict queue.

Prediction, inference over a dataset, the augmentation and layer previews and the views
inside a trained network all take the same two steps: a job they read must have finished
with weights (409 `job.no_weights` otherwise), and the API sends a task by name to the
`predict` queue and waits a bounded time for the answer (503 when no worker answers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from celery.exceptions import TimeoutError as CeleryTimeout

from netcanvas.artifacts import WEIGHTS

from .db.models import Job
from .localise import refused
from .queue import make_app
from .settings import Settings


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
    """The answer of a worker on the predict queue; 503 when none answers in `timeout_s`.
    A refusal comes back as the answer's `error`, which each caller words its own way."""
    result = make_app(broker).send_task(task, args=args, queue="predict")
    try:
        answer: dict[str, Any] = result.get(timeout=timeout_s)
    except CeleryTimeout:
        raise refused(503, "job.no_worker_answer") from None
    finally:
        result.forget()
    return answer
