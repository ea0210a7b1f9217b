"""What a job has to show: the artifacts it wrote, its predictions page by page, and the
latest decision boundary of a classifier of 2-D inputs (while it runs, too).

The worker keeps every evaluated prediction in `predictions.npz` (`netcanvas/predictions.py`);
`GET .../predictions` filters it by true and predicted class (a confusion-matrix cell) and
answers one page, so the browser can list every sample of a cell. Jobs are reached through
`OwnedJob`, as on every job route.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic.json_schema import SkipJsonSchema

from netcanvas.artifacts import ARTIFACTS, BOUNDARY, PREDICTIONS, ArtifactName
from netcanvas.events import BoundaryEvent
from netcanvas.issues import param_issues
from netcanvas.predictions import PredictionsError, read
from netcanvas.reports import PredictionPage

from .. import exports
from ..deps import OwnedJob, SettingsDep
from ..localise import refused
from ..settings import Settings
from ..trained import job_folder

router = APIRouter(prefix="/api", tags=["jobs"])

PAGE_MAX = 500


class PredictionQuery(BaseModel):
    """Which predictions to answer: a confusion-matrix cell (or row, or column), one page.
    Classes are indices into the evaluation's `class_names`."""

    model_config = ConfigDict(extra="forbid")

    actual: int | SkipJsonSchema[None] = Field(None, ge=0, description="Only this true class.")
    predicted: int | SkipJsonSchema[None] = Field(
        None, ge=0, description="Only this predicted class."
    )
    offset: int = Field(0, ge=0, description="Rows of the match to skip.")
    limit: int = Field(50, ge=1, le=PAGE_MAX, description="Rows to answer at most.")


def parse_query(data: Any) -> PredictionQuery:
    """The query, or a coded 422 naming each bad parameter (`errors[].field`)."""
    if isinstance(data, PredictionQuery):
        return data
    try:
        return PredictionQuery.model_validate(data)
    except ValidationError as error:
        issues = param_issues(None, error, PredictionQuery.model_fields)
        raise refused(422, "job.predictions_query", errors=issues) from None


CheckedQuery = Annotated[PredictionQuery, BeforeValidator(parse_query), Query()]


@router.get(
    "/jobs/{job_id}/artifacts",
    operation_id="jobArtifacts",
    response_model=list[ArtifactName],
)
def job_artifacts(job: OwnedJob, settings: SettingsDep) -> list[str]:
    """The artifacts the job has, to download (none for a job cancelled before it wrote any).

    An ended job has its weights, graph, evaluation and metrics at once; `model.onnx`,
    `model.py` and `bundle.zip` follow within seconds (each announced by an `artifact`
    event after `finished`), the bundle last."""
    exports.ensure(settings, job)
    folder = job_folder(settings, job.id)
    return [name for name in ARTIFACTS if (folder / name).is_file()]


@router.get(
    "/jobs/{job_id}/predictions",
    operation_id="jobPredictions",
    response_model=PredictionPage,
    response_model_exclude_unset=True,
    responses={
        404: {"description": "The job has no stored predictions (it has no evaluation)."},
        422: {"description": "A parameter is out of range; the message names it."},
    },
)
def job_predictions(job: OwnedJob, settings: SettingsDep, query: CheckedQuery) -> dict[str, Any]:
    """Every evaluated prediction (the whole validation split, up to 50,000), filtered by
    true class `actual` and predicted class `predicted`, `limit` rows from `offset`, in
    index order; `total` counts the rows that match."""
    return predictions_page(settings, job.id, query)


def predictions_page(settings: Settings, job_id: int, query: PredictionQuery) -> dict[str, Any]:
    """One page of a job's stored predictions (for its owner here, for a teacher in the class)."""
    path = job_folder(settings, job_id) / PREDICTIONS
    if not path.is_file():
        raise refused(404, "job.no_predictions", job=job_id)
    try:
        table = read(path)
    except PredictionsError as error:
        raise refused(500, "job.predictions_unreadable", job=job_id, error=str(error)) from None
    for param in ("actual", "predicted"):
        value = getattr(query, param)
        if value is None:
            continue
        if table.task != "classification":
            raise refused(422, "job.predictions_not_classes", param=param, task=table.task)
        if value >= len(table.class_names):
            last = len(table.class_names) - 1
            raise refused(422, "job.predictions_class", param=param, value=value, last=last)
    return table.page(query.actual, query.predicted, query.offset, query.limit)


@router.get(
    "/jobs/{job_id}/boundary",
    operation_id="jobBoundary",
    response_model=BoundaryEvent,
    response_model_exclude_none=True,
    responses={404: {"description": "The job draws no decision boundary, or none yet."}},
)
def job_boundary(job: OwnedJob, settings: SettingsDep) -> dict[str, Any]:
    """The latest decision boundary of a classifier of 2-D inputs, with its training points:
    what the job's `boundary` events carry, kept on disk so a reload shows it after the
    stream is gone (`worker/boundary_store.py`)."""
    path = job_folder(settings, job.id) / BOUNDARY
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return BoundaryEvent.model_validate(data).wire()
    except (OSError, ValueError):  # none yet, or (never: it is written atomically) unreadable
        raise refused(404, "job.no_boundary", job=job.id) from None
