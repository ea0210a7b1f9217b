"""What `POST /api/jobs/{id}/predict` accepts: numbers as JSON, or an image as a file or base64.

The API only reads and checks the request; a worker decodes the image and
runs the network, so the API never imports torch or Pillow.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from fastapi import Request
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import UploadFile

from netcanvas.json_problems import json_problem

from .localise import invalid_value, refused

MAX_IMAGE_BYTES = 8 * 1024 * 1024


class PredictRequest(BaseModel):
    """One sample (`input`), a batch (`inputs`), or one image file in base64 (`image`).

    Numbers are in the dataset's own units: a vector, an image `[C, H, W]` in
    0..1, a sequence `[T, F]`. `image` may be a `data:image/png;base64,...` URL,
    as a browser's canvas gives it.
    """

    input: Any = None
    inputs: list[Any] | dict[str, Any] | None = Field(
        None,
        description="A batch of samples; or, for a network with several Inputs, each Input's "
        'sample (or batch) by the variable it reads: {"x": ..., "x2": ...}.',
    )
    image: str | None = None
    images: dict[str, str] | None = Field(
        None,
        description="Several Inputs: an image (base64 or a data URL) by the variable each "
        "Input reads; `inputs` may give the Inputs that take numbers.",
    )


PREDICT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": PredictRequest.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
        },
    }
}


Inputs = list[Any] | dict[str, Any] | None


async def predict_inputs(request: Request) -> tuple[Inputs, str | None, dict[str, str] | None]:
    """(inputs, None, None) for numbers (a list, or a dict by variable), (None, base64 image,
    None) for an image, (inputs or None, None, images by variable) for images of several
    Inputs; 4xx for anything else."""
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise refused(422, "predict.no_file")
        return None, _checked_image(await upload.read(MAX_IMAGE_BYTES + 1)), None
    try:
        body = PredictRequest.model_validate(json.loads(await request.body()))
    except ValidationError as error:
        raise refused(422, "predict.not_a_request", error=invalid_value(error, "")) from None
    except (ValueError, RecursionError) as error:  # not JSON, or nested past json's depth
        raise refused(422, "predict.not_a_request", error=json_problem(error)) from None
    if body.images is not None:  # may come with `inputs` by variable, nothing else
        if body.input is not None or body.image is not None or isinstance(body.inputs, list):
            raise refused(422, "predict.one_input")
        images = {name: _checked_image(_from_base64(text)) for name, text in body.images.items()}
        return body.inputs, None, images
    given = [name for name in ("input", "inputs", "image") if getattr(body, name) is not None]
    if len(given) != 1:
        raise refused(422, "predict.one_input")
    if body.image is not None:
        return None, _checked_image(_from_base64(body.image)), None
    return (body.inputs if body.inputs is not None else [body.input]), None, None


def by_variable(inputs: Inputs, images: dict[str, str] | None) -> bool:
    """Whether the request gives each Input's values by variable (several Inputs)."""
    return images is not None or isinstance(inputs, dict)


def image_from_text(text: str) -> str:
    """An image sent as base64 or a data URL, checked (not empty, not too large): base64."""
    return _checked_image(_from_base64(text))


def _from_base64(text: str) -> bytes:
    payload = text.split(",", 1)[1] if text.startswith("data:") else text
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise refused(422, "predict.not_base64") from None


def _checked_image(data: bytes) -> str:
    if not data:
        raise refused(422, "predict.empty_image")
    if len(data) > MAX_IMAGE_BYTES:
        raise refused(413, "predict.image_too_large", limit=MAX_IMAGE_BYTES)
    return base64.b64encode(data).decode()
