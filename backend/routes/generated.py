"""Generated samples of a generative network (a VAE; docs/GRAPH_UNITS_AND_NETWORKS.md §3).

`GET /api/jobs/{id}/generated` answers the latest `samples` event the run sent (a grid of
images drawn from noise, and a 2-D latent space's map), kept on disk by the worker so a
reload shows it (`worker/boundary_store.py`). `POST /api/jobs/{id}/generate` asks a worker
on the predict queue to draw new images from the trained weights (`worker/samples.py`).
(`/jobs/{id}/samples` was taken already: the evaluated validation samples.) Jobs are
reached through `OwnedJob`: another user's job is a 404.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from netcanvas.artifacts import GENERATED
from netcanvas.events import SamplesEvent

from ..deps import OwnedJob, SettingsDep
from ..localise import refused
from ..queue import GENERATE
from ..trained import ask_predict_worker, job_folder, trained_folder

router = APIRouter(prefix="/api", tags=["jobs"])

GENERATE_TIMEOUT_S = 60


class GenerateRequest(BaseModel):
    count: int = Field(16, ge=1, le=64, description="How many images to draw.")
    seed: int | None = Field(
        None, ge=0, le=2**31 - 1, description="The same seed draws the same images; none: new."
    )


class Generated(BaseModel):
    head: str = Field(description="The node whose output the images are.")
    shape: list[int] = Field(description="One image's [C, H, W].")
    images: list[str] = Field(description="One PNG data URL per image.")


@router.get(
    "/jobs/{job_id}/generated",
    operation_id="jobGenerated",
    response_model=SamplesEvent,
    response_model_exclude_none=True,
    responses={404: {"description": "The job draws no samples, or none yet."}},
)
def job_generated(job: OwnedJob, settings: SettingsDep) -> dict[str, Any]:
    """The latest grid of generated images (and latent map) of the job's run."""
    path = job_folder(settings, job.id) / GENERATED
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return SamplesEvent.model_validate(data).wire()
    except (OSError, ValueError):  # none yet, or (never: it is written atomically) unreadable
        raise refused(404, "job.no_generated", job=job.id) from None


@router.post(
    "/jobs/{job_id}/generate",
    operation_id="generateJob",
    response_model=Generated,
    responses={
        409: {"description": "The job has no weights: not ended, or cancelled before any."},
        422: {"description": "The job's network draws nothing from noise."},
    },
)
async def generate(job: OwnedJob, body: GenerateRequest, settings: SettingsDep) -> dict[str, Any]:
    """New images from the trained generator, drawn by a worker on the predict queue."""
    trained_folder(settings, job)
    args = [job.id, body.count, body.seed]
    answer = await asyncio.to_thread(
        ask_predict_worker, settings.broker, GENERATE, args, GENERATE_TIMEOUT_S
    )
    if answer.get("error") == "not_generative":
        raise refused(422, "job.not_generative", job=job.id)
    if "error" in answer:
        raise refused(422, "job.generate_failed", text=answer["error"])
    return answer
