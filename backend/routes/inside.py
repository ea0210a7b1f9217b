"""Inside a trained image network: feature maps and filters, and Grad-CAM, of one image.

Both reach the job through `OwnedJob` (another owner's job is a 404), check the request
without torch (`backend/inside.py`) and ask a worker on the predict queue.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ..deps import OwnedJob, SessionDep, SettingsDep
from ..inside import (
    FeatureMapsAnswer,
    GradCamAnswer,
    InsideRequest,
    ask_worker,
    check_gradcam,
    checked_image,
)
from ..queue import FEATURE_MAPS, GRADCAM
from ..trained import trained_folder

router = APIRouter(prefix="/api", tags=["jobs"])

REFUSALS: dict[int | str, dict[str, Any]] = {
    409: {"description": "The job has no weights: not ended, or cancelled before any."},
    422: {"description": "Not an image network, no Conv2d, a sample not stored, a bad image."},
    503: {"description": "No worker answered in time."},
}


@router.post(
    "/jobs/{job_id}/feature-maps",
    operation_id="jobFeatureMaps",
    response_model=FeatureMapsAnswer,
    response_model_exclude_none=True,
    responses=REFUSALS,
)
def job_feature_maps(
    job: OwnedJob, body: InsideRequest, settings: SettingsDep, session: SessionDep
) -> dict[str, Any]:
    """Every Conv2d's feature maps (16 channels at most each) and the first one's filters
    (64 at most), for a stored validation sample or an image; with several Inputs, those
    computed from the looked-at image Input (`input`)."""
    folder = trained_folder(settings, job)
    checked = checked_image(job, folder, body, session)
    args = [job.id, checked.image, body.head, checked.feed]
    return ask_worker(settings.broker, FEATURE_MAPS, args)


@router.post(
    "/jobs/{job_id}/gradcam",
    operation_id="jobGradCam",
    response_model=GradCamAnswer,
    response_model_by_alias=True,
    responses=REFUSALS,
)
def job_gradcam(
    job: OwnedJob, body: InsideRequest, settings: SettingsDep, session: SessionDep
) -> dict[str, Any]:
    """Grad-CAM's heat map of a class (default: the predicted one) at a Conv2d layer (default:
    the last before the output), for a stored validation sample or an image; with several
    Inputs, on the looked-at image Input (`input`)."""
    folder = trained_folder(settings, job)
    checked = checked_image(job, folder, body, session)
    check_gradcam(job, checked, body)
    args = [job.id, checked.image, body.klass, body.layer, body.head, checked.feed]
    return ask_worker(settings.broker, GRADCAM, args)
