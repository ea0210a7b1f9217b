"""`POST /api/layers/preview`: a few images of a dataset through an augmentation layer.

The API checks everything it can without torch (the layer is a data augmentation
layer, its parameters, the dataset is built in or the user's own upload of
images) and asks a worker on the predict queue (`netcanvas.augment_preview`,
`worker/augment_preview.py`), waiting `PREVIEW_TIMEOUT_S` at most. The answer
is small PNG data URLs: at most 4 images, 8 augmented copies of each.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from netcanvas.layers import LAYERS
from netcanvas.layers.augmentation import CATEGORY

from .db.models import Dataset, User
from .held_out import preview_split
from .jobs import resolve_dataset
from .localise import invalid_value, refused
from .queue import AUGMENT_PREVIEW
from .trained import ask_predict_worker

PREVIEW_TIMEOUT_S = 30
DEFAULT_DATASET = "digits"  # a built-in image set, when the editor has none chosen


class PreviewRequest(BaseModel):
    """An augmentation node's type and parameters, and the images to show it on."""

    type: str = Field(description="an augmentation layer's type, e.g. 'ImageAugmentation'")
    params: dict[str, Any] = Field(default_factory=dict, description="the node's parameters")
    dataset: str | int | None = Field(
        default=None,
        description="a built-in dataset's name or an upload's id; none: the built-in 'digits'",
    )
    images: int = Field(default=4, ge=1, le=4, description="how many of its images")
    copies: int = Field(default=8, ge=1, le=8, description="augmented copies of each")
    seed: int = Field(default=0, ge=0, le=2**31 - 1, description="the same seed, the same copies")


class PreviewAnswer(BaseModel):
    shape: list[int] = Field(description="each image's [C, H, W], as the layer saw it")
    originals: list[str] = Field(description="one PNG data URL per image")
    augmented: list[list[str]] = Field(description="per image, its augmented copies as PNGs")


def checked(request: PreviewRequest) -> None:
    """422 naming what is wrong with the layer or its parameters."""
    layer = LAYERS.get(request.type)
    if layer is None or layer.category != CATEGORY:
        names = ", ".join(name for name, entry in LAYERS.items() if entry.category == CATEGORY)
        raise refused(422, "preview.not_augmentation", layer=request.type, layers=names)
    try:
        layer.params.model_validate(request.params)
    except ValueError as error:
        raise refused(422, "preview.bad_params", text=invalid_value(error, "")) from None


def dataset_source(
    session: Session, user: User, ref: str | int | None
) -> tuple[str, dict[str, Any]]:
    """What the worker loads: a built-in name, or the stored path of the user's own upload,
    and the rows it never shows (`backend/held_out.py preview_split`: an upload's test split;
    on a built-in set, every row a test fraction could hold out)."""
    name, facts = resolve_dataset(session, user, DEFAULT_DATASET if ref is None else ref)
    shape = facts.sample_shape
    if shape and len(shape) != 3:
        raise refused(422, "preview.not_images", dataset=name, shape=list(shape))
    if not name.startswith("upload:"):
        return name, preview_split(None, name)
    row = session.get(Dataset, int(name.removeprefix("upload:")))
    assert row is not None  # resolve_dataset found it, owned by this user
    return row.path, preview_split(row, name)


def ask_worker(
    broker: str, request: PreviewRequest, source: str, split: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The worker's answer; 503 when none answers in time, 422 with its reason on a refusal.
    `split`: `dataset_source`'s rows never shown."""
    split = split or {}
    args = [request.type, request.params, source, request.images, request.copies, request.seed,
            split.get("test"), split.get("avoid")]  # fmt: skip
    answer = ask_predict_worker(broker, AUGMENT_PREVIEW, args, PREVIEW_TIMEOUT_S)
    if "error" in answer:
        raise refused(422, "preview.failed", text=answer["error"])
    return answer
