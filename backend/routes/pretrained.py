"""The pretrained weights that ship with NetCanvas (`netcanvas/pretrained/`), to start from.

A training config takes one as `init_from: "pretrained:<name>"`; the launch panel offers
them beside the user's own earlier jobs. Shared by every user, like the samples: nobody
owns them and nobody can change them.
"""

from __future__ import annotations

from fastapi import APIRouter

from netcanvas import pretrained
from netcanvas.pretrained import PretrainedInfo

router = APIRouter(prefix="/api", tags=["pretrained"])


@router.get("/pretrained", operation_id="listPretrained")
def list_pretrained() -> list[PretrainedInfo]:
    """Each shipped set of weights: the sample it fits, what it was trained on, its accuracy
    on held-out images and its sha256."""
    return list(pretrained.catalogue().values())
