"""What an augmentation layer does to a few images: the Preview in the editor's properties.

The API checks the request (the layer is an augmentation layer, its parameters,
the user's own dataset of images) and sends `netcanvas.augment_preview` to the
predict queue; this runs it: the first `images` training samples of the dataset,
each repeated `copies` times into one batch, through the layer's module in
training mode, seeded, as small PNG data URLs. The cost is bounded: at most
`MAX_IMAGES` × `MAX_COPIES` images, each shrunk to `MAX_SIDE` pixels at most.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from pydantic import ValidationError

from netcanvas.layers import LAYERS, ShapeError

from .datasets import DatasetError, TestSplit
from .datasets.inspect import png_data_url
from .datasets.shown import shown_training

MAX_IMAGES = 4
MAX_COPIES = 8
MAX_SIDE = 128


class PreviewError(ValueError):
    """The layer, its parameters or the dataset cannot give a preview; says which."""


def first_images(
    dataset: str,
    count: int,
    cache_dir: Path | None = None,
    test: dict[str, Any] | None = None,
    avoid: dict[str, Any] | None = None,
) -> torch.Tensor:
    """The first `count` training images of `dataset` (a built-in name or an upload's
    stored path), no larger than `MAX_SIDE`: (N, C, H, W). `test`: an upload's test split
    (`TestSplit`'s fields), held out so that none of its rows is shown; `avoid`: rows also
    left out (on a built-in set, every row a test fraction could hold out: `shown.py`)."""
    try:
        loaded, _ = shown_training(dataset, test=TestSplit(**test) if test else None,
                                   avoid=TestSplit(**avoid) if avoid else None,
                                   cache_dir=cache_dir)  # fmt: skip
    except DatasetError as error:
        raise PreviewError(str(error)) from None
    x = loaded.x_train[:count].float()
    if x.dim() != 4:
        raise PreviewError(f"the dataset's samples are {list(x.shape[1:])}, not images [C, H, W]")
    side = max(x.shape[-2:])
    if side > MAX_SIDE:
        x = torch.nn.functional.interpolate(x, scale_factor=MAX_SIDE / side, mode="area")
    return x


@torch.no_grad()
def augment_preview(
    layer_type: str,
    params: dict[str, Any],
    dataset: str,
    images: int = MAX_IMAGES,
    copies: int = MAX_COPIES,
    seed: int = 0,
    cache_dir: Path | None = None,
    test: dict[str, Any] | None = None,
    avoid: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """`originals`: one PNG per image; `augmented`: `copies` PNGs per image; `test`: the
    upload's test split, never shown; `avoid`: more rows never shown (`first_images`)."""
    layer = LAYERS.get(layer_type)
    if layer is None or layer.category != "augmentation":
        raise PreviewError(f"{layer_type} is not a data augmentation layer")
    try:
        parsed = layer.params.model_validate(params)
    except ValidationError as error:
        raise PreviewError(str(error)) from None
    x = first_images(dataset, max(1, min(images, MAX_IMAGES)), cache_dir, test, avoid)
    shape = tuple(x.shape[1:])
    try:
        layer.infer(parsed, [shape])
    except ShapeError as error:
        raise PreviewError(error.message) from None
    copies = max(1, min(copies, MAX_COPIES))
    module = layer.build(parsed, [shape]).train()
    torch.manual_seed(seed)
    out = module(x.repeat_interleave(copies, dim=0))  # one batch: (N·copies, C, H, W)
    low, high = float(x.min()), float(x.max())
    out = out.clamp(low, high).reshape(len(x), copies, *shape)
    return {
        "shape": list(shape),
        "originals": [png_data_url(image) for image in x],
        "augmented": [[png_data_url(image) for image in row] for row in out],
    }
