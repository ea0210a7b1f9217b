"""The layer catalogue, from which the editor builds its palette and property forms, and the
preview of an augmentation layer's effect (`backend/augment_preview.py`)."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter

from netcanvas.layers import Catalogue, catalogue

from ..augment_preview import PreviewAnswer, PreviewRequest, ask_worker, checked, dataset_source
from ..deps import CurrentUser, SessionDep, SettingsDep

router = APIRouter(prefix="/api/layers", tags=["layers"])


@router.get("", response_model=Catalogue, operation_id="listLayers")
def list_layers() -> Catalogue:
    """Every layer type with its category, ports, parameter schema and defaults."""
    return catalogue()


@router.post(
    "/preview",
    response_model=PreviewAnswer,
    operation_id="previewAugmentation",
    responses={503: {"description": "No worker answered in time."}},
)
async def preview_augmentation(
    body: PreviewRequest, session: SessionDep, user: CurrentUser, settings: SettingsDep
) -> dict[str, Any]:
    """A few images of a dataset, each with augmented copies made by the layer in training."""
    checked(body)
    source, split = dataset_source(session, user, body.dataset)
    return await asyncio.to_thread(ask_worker, settings.broker, body, source, split)
