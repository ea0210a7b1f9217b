"""Inference over a dataset: start a run of a trained job, follow it, download its CSV.

The API checks the request (the job has weights, the dataset is the user's or built in
and fits the network's Input, no other run of the job is going), writes the run's state
file (`netcanvas/inference.py`) and sends `netcanvas.infer` to the `predict` queue; the
worker does the rest (`worker/inference.py`). Jobs are reached through `OwnedJob`, so
another user's job, and its runs, are a 404.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import redis
from fastapi import APIRouter
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from kombu.exceptions import OperationalError
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from netcanvas.heads import variable_of
from netcanvas.inference import (
    MAX_RUNS,
    InferenceRun,
    csv_path,
    list_runs,
    new_run_id,
    now,
    read_state,
    shown,
    state_path,
    write_state_atomically,
)
from netcanvas.layers.base import fmt
from netcanvas.messages import render
from netcanvas.validation import Analysis

from .. import events
from ..db.models import Dataset
from ..deps import CurrentUser, Language, OwnedJob, SessionDep, SettingsDep
from ..jobs import DatasetFacts, check_fit, checked_graph, input_shape, reads_x, resolve_dataset
from ..localise import refused
from ..queue import INFER, send
from ..settings import Settings
from ..trained import job_folder, trained_folder

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api", tags=["jobs"])

START_CLAIM_S = 30
RunId = Annotated[str, PathParam(pattern=r"^[0-9a-f]{16}$", description="The run's id.")]


class InferenceCreate(BaseModel):
    """Which dataset to run the job over."""

    model_config = ConfigDict(extra="forbid")

    dataset: str | int = Field(description="A built-in dataset's name or an uploaded dataset's id.")


@router.post(
    "/jobs/{job_id}/inference",
    status_code=202,
    response_model=InferenceRun,
    operation_id="startInference",
    responses={
        404: {"description": "No such job, or no such dataset of yours."},
        409: {"description": "The job has no weights, or a run of it is starting or going."},
        422: {
            "description": "The dataset lacks a variable an Input reads, or its samples do "
            "not fit an Input (the Input is named)."
        },
    },
)
def start_inference(
    body: InferenceCreate,
    job: OwnedJob,
    session: SessionDep,
    user: CurrentUser,
    settings: SettingsDep,
) -> InferenceRun:
    """Run the trained job over every sample of a dataset (the first 100,000 at most,
    `MAX_ROWS`) in a worker, each Input fed the variable it reads (x, x2, ...); follow it
    with `GET .../inference/{run_id}` and download its CSV from `.../csv`.
    One run of a job at a time; its newest 20 runs are kept."""
    folder = trained_folder(settings, job)
    dataset, facts = resolve_dataset(session, user, body.dataset)
    check_run_inputs(checked_graph(job.graph), facts, dataset)
    with _one_start(settings, job.id):
        run = _queued_run(folder, job.id, dataset)
    seed = int(job.config.get("seed") or 0)
    try:
        path = _upload_path(session, dataset)
        send(settings.broker, INFER, [job.id, run.id, path, seed])
    except (redis.RedisError, OperationalError, OSError) as error:
        # The error names the broker's address: the log has it, the user a plain reason.
        log.warning("inference of job %s: the job queue is not reachable: %s", job.id, error)
        failed = run.model_copy(
            update={"status": "failed", "error": render("job.queue_down"), "finished_at": now()}
        )
        write_state_atomically(state_path(folder, run.id), failed)
        raise refused(503, "job.queue_down") from None
    return run


def check_run_inputs(analysis: Analysis, facts: DatasetFacts, dataset: str) -> None:
    """Every Input finds its variable in the dataset (x, or an upload's `x2:` columns) with
    its shape: 422 `inference.input_missing` or `dataset.input_shape` naming the Input and
    the variable (the column prefix); the Input reading x against the samples as before."""
    if reads_x(analysis):
        check_fit(facts.sample_shape, input_shape(analysis), dataset)
    if facts.targets is None or not facts.targets.inputs:
        return
    shapes = dict(facts.targets.inputs)
    for node in analysis.input_nodes:
        variable = variable_of(analysis.params.get(node))
        if variable not in shapes:
            raise refused(422, "inference.input_missing", node=node, variable=variable,
                          dataset=dataset, variables=", ".join(shapes))  # fmt: skip
        shape, given = tuple(analysis.shapes[node]), tuple(shapes[variable])
        if given and given != shape:
            raise refused(422, "dataset.input_shape", node=node, dataset=dataset,
                          sample=fmt(given), shape=fmt(shape))  # fmt: skip


@contextmanager
def _one_start(settings: Settings, job_id: int) -> Iterator[None]:
    """Two requests at once never both start a run of the job: a short Redis claim."""
    r = events.client(settings.broker)
    key = f"job:{job_id}:inference-start"
    try:
        claimed = r.set(key, "1", nx=True, ex=START_CLAIM_S)
    except redis.RedisError as error:
        log.warning("inference of job %s: the job queue is not reachable: %s", job_id, error)
        raise refused(503, "job.queue_down") from None
    if not claimed:
        raise refused(409, "inference.starting", job=job_id)
    try:
        yield
    finally:
        r.delete(key)


def _queued_run(folder: Path, job_id: int, dataset: str) -> InferenceRun:
    """A new run's state, written; 409 while another run of the job has not ended."""
    runs = [shown(run) for run in list_runs(folder)]
    going = [run for run in runs if run.status in ("queued", "running")]
    if going:
        raise refused(409, "inference.busy", job=job_id, run=going[0].id)
    _forget_oldest(folder, runs)
    run = InferenceRun(
        id=new_run_id(), job_id=job_id, dataset=dataset, status="queued",
        created_at=now(), updated_at=now(),
    )  # fmt: skip
    write_state_atomically(state_path(folder, run.id), run)
    return run


def _upload_path(session: Session, dataset: str) -> str | None:
    """The stored file of an upload (`resolve_dataset` checked its owner); None for a built-in."""
    if not dataset.startswith("upload:"):
        return None
    row = session.get(Dataset, int(dataset.removeprefix("upload:")))
    return row.path if row is not None else None


def _forget_oldest(folder: Path, runs: list[InferenceRun]) -> None:
    """Make room for one more run: delete the oldest ended ones beyond `MAX_RUNS - 1`."""
    for run in runs[MAX_RUNS - 1 :]:
        csv_path(folder, run.id).unlink(missing_ok=True)
        state_path(folder, run.id).unlink(missing_ok=True)


@router.get(
    "/jobs/{job_id}/inference",
    response_model=list[InferenceRun],
    operation_id="listInference",
)
def list_inference(job: OwnedJob, settings: SettingsDep, lang: Language) -> list[InferenceRun]:
    """The job's runs over datasets, newest first."""
    return [worded(shown(run), lang) for run in list_runs(job_folder(settings, job.id))]


@router.get(
    "/jobs/{job_id}/inference/{run_id}",
    response_model=InferenceRun,
    operation_id="readInference",
    responses={404: {"description": "The job has no such run."}},
)
def read_inference(
    job: OwnedJob, run_id: RunId, settings: SettingsDep, lang: Language
) -> InferenceRun:
    """One run: its status, the rows done and, when it failed, why (in the request's language
    when the worker gave a code)."""
    return worded(_run(settings, job.id, run_id), lang)


def worded(run: InferenceRun, lang: str) -> InferenceRun:
    """The run with a coded failure's `error` in `lang` (English is what the worker wrote)."""
    if run.error_code is None or lang == "en":
        return run
    return run.model_copy(update={"error": render(run.error_code, run.error_params or {}, lang)})


@router.get(
    "/jobs/{job_id}/inference/{run_id}/csv",
    operation_id="inferenceCsv",
    response_class=FileResponse,
    responses={
        200: {"content": {"text/csv": {}}, "description": "The predictions, one row a sample."},
        404: {"description": "No such run, or it has not succeeded (yet)."},
    },
)
def inference_csv(job: OwnedJob, run_id: RunId, settings: SettingsDep) -> FileResponse:
    """The run's CSV: `id`, the true `y` when the dataset has one, the prediction `y'`
    and, for a classification, one `p_<class>` probability column per class."""
    run = _run(settings, job.id, run_id)
    path = csv_path(job_folder(settings, job.id), run.id)
    if run.status != "succeeded" or not path.is_file():
        raise refused(404, "inference.no_csv", run=run.id, status=run.status)
    name = f"job{job.id}-{run.dataset.replace(':', '')}-inference.csv"
    return FileResponse(path, media_type="text/csv", filename=name)


def _run(settings: Settings, job_id: int, run_id: str) -> InferenceRun:
    run = read_state(state_path(job_folder(settings, job_id), run_id))
    if run is None:
        raise refused(404, "inference.unknown_run", run=run_id, job=job_id)
    return shown(run)
