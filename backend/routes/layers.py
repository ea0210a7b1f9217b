"""The layer catalogue, from which the editor builds its palette and property forms."""

from __future__ import annotations

from fastapi import APIRouter

from netcanvas.layers import Catalogue, catalogue

router = APIRouter(prefix="/api/layers", tags=["layers"])


@router.get("", response_model=Catalogue, operation_id="listLayers")
def list_layers() -> Catalogue:
    """Every layer type with its category, ports, parameter schema and defaults."""
    return catalogue()
