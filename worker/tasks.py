"""Celery tasks, thin on purpose: each calls a plain function that tests can call directly.

Sent by name from the API (`netcanvas.train`, `netcanvas.predict`), which never
imports this module or torch.
"""

from __future__ import annotations

from typing import Any

from celery import Task

from . import run  # noqa: F401  # loads torch once in the worker's parent, before it forks
from .celery_app import PREDICT, TRAIN, app
from .jobs import artifacts_dir, run_job


@app.task(name=TRAIN, bind=True)  # type: ignore[untyped-decorator]
def train(self: Task, job_id: int) -> str:
    """Run job `job_id` if it is still queued; the job row records everything."""
    return run_job(int(job_id), str(self.request.hostname or "worker"))


@app.task(name=PREDICT, acks_late=False)  # type: ignore[untyped-decorator]
def predict(job_id: int, inputs: list[Any]) -> dict[str, Any]:
    """Class probabilities or values from job `job_id`'s saved weights."""
    from backend.settings import get_settings

    from .predict import PredictError
    from .predict import predict as run_predict

    try:
        return run_predict(artifacts_dir(get_settings(), int(job_id)), inputs)
    except PredictError as error:
        return {"error": str(error)}
