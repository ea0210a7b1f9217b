"""Inside a trained image network: what `POST /api/jobs/{id}/feature-maps` and `.../gradcam`
accept and answer, checked here without torch; a worker on the predict queue computes it
(`worker/inside.py`, `worker/gradcam.py`), waiting `INSIDE_TIMEOUT_S` at most.

The image is one of the job's stored validation samples (`sample`: its index, as
`GET .../samples` lists them), or an upload or drawing (`image`: base64 or a data URL,
checked as `POST .../predict` checks it).

A network of several Inputs is looked at through one image Input (`input`: its node id or
the variable it reads; the first image Input by default): the worker reads validation sample
`sample` of the job's dataset, split as the job split it, for every Input (an `image`, when
given, goes to the looked-at Input instead), so a pair stays a pair (`Feed`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from netcanvas.artifacts import SAMPLES
from netcanvas.graph import load_graph
from netcanvas.inside import (
    cam_layers,
    chosen_input,
    conv_layers,
    head_loss,
    image_inputs,
    is_layer_name,
    no_layers,
)
from netcanvas.messages import message
from netcanvas.validation import Analysis, analyse

from .db.models import Dataset, Job
from .held_out import split_of
from .localise import refused
from .predict import image_from_text
from .trained import ask_predict_worker

INSIDE_TIMEOUT_S = 60


class InsideRequest(BaseModel):
    """One image: a stored validation sample's index, or an image; Grad-CAM's class and layer."""

    model_config = ConfigDict(populate_by_name=True)

    sample: int | None = Field(
        default=None, ge=0, description="a stored validation sample's index (GET .../samples)"
    )
    image: str | None = Field(
        default=None, description="an image file in base64, or a data URL (a canvas drawing)"
    )
    klass: int | None = Field(
        default=None, alias="class", ge=0, description="Grad-CAM: the class; none: the predicted"
    )
    layer: str | None = Field(
        default=None,
        description="Grad-CAM: a Conv2d node id, or a Conv2d's path inside a unit use (b.conv: "
        "use b's node conv; stage1.0.conv: copy 0 of a repeated use); none: the last before "
        "the output",
    )
    head: str | None = Field(
        default=None,
        description="several heads: the loss node (or its input node) whose class is predicted "
        "and whose score Grad-CAM follows; none: the primary head",
    )
    input: str | None = Field(
        default=None,
        description="several Inputs: the image Input looked at (its node id, or the variable "
        "it reads: x2); none: the first image Input. The other Inputs take validation sample "
        "`sample`'s values (sample 0 when only an image is given) from the job's dataset",
    )


class Picture(BaseModel):
    index: int = Field(description="the channel's or filter's index")
    image: str = Field(description="a grayscale (or RGB) PNG data URL, stretched to min..max")
    min: float
    max: float


class LayerMaps(BaseModel):
    node: str = Field(
        description="the Conv2d node's id, a Conv2d's path inside a unit use (b.conv), or an "
        "image-shaped Unit use's id"
    )
    shape: list[int] = Field(description="its output [K, H, W]")
    channels: list[Picture] = Field(description="its first channels' maps (16 at most)")


class Filters(BaseModel):
    node: str = Field(
        description="the first Conv2d node's id, or the path of a use's first (stage1.0.conv)"
    )
    shape: list[int] = Field(description="its weight [out, in, kh, kw]")
    mode: str = Field(description="rgb (3 input channels), gray (1) or mean (over the inputs)")
    filters: list[Picture] = Field(description="its first filters (64 at most)")


class Chosen(BaseModel):
    index: int
    name: str
    probability: float


class FeatureMapsAnswer(BaseModel):
    input: str = Field(description="the image as the network saw it, a PNG data URL")
    input_shape: list[int]
    layers: list[LayerMaps] = Field(description="per Conv2d node, in graph order")
    filters: Filters
    predicted: Chosen | None = Field(default=None, description="a classifier's chosen class")
    input_node: str | None = Field(
        default=None, description="several Inputs: the image Input looked at (its node id)"
    )


class GradCamAnswer(BaseModel):
    layer: str = Field(description="the Conv2d node (or path in a use) whose maps were weighted")
    layers: list[str] | None = Field(
        default=None, description="every layer Grad-CAM can weight for this head and Input"
    )
    klass: int = Field(alias="class", description="the class whose score was followed")
    class_name: str
    probability: float = Field(description="that class's probability for this image")
    predicted: int = Field(description="the class the network chose")
    class_names: list[str]
    probabilities: list[float]
    grid: list[list[float]] = Field(description="the cam at the layer's size, ReLU(Σ w_k A_k)")
    cam_max: float
    heatmap: list[list[float]] = Field(description="the cam upsampled to the input, 0..1")
    input: str = Field(description="the image, a PNG data URL")
    heat: str = Field(description="the heat map in colour, a PNG data URL")
    overlay: str = Field(description="the heat over the image, a PNG data URL")


@dataclass(frozen=True)
class Checked:
    """A request the API accepted: the graph's analysis, the image (base64) when the worker
    gets one, the image Input looked at, and for several Inputs what the worker reads
    (`feed`, the worker's `worker.inside.Feed` as a dict)."""

    analysis: Analysis
    image: str | None
    input: str
    feed: dict[str, Any] | None = None


def checked_image(
    job: Job, folder: Path, request: InsideRequest, session: Session | None = None
) -> Checked:
    """The job's graph analysed and what the worker needs (`folder`: its trained folder); a
    422 naming what is wrong."""
    analysis = analyse(load_graph(job.graph))
    images = image_inputs(analysis)
    if not images:
        inputs = analysis.input_nodes
        raise refused(422, "inside.not_images", shape=[list(analysis.shapes[n]) for n in inputs])
    node = chosen_input(analysis, request.input)
    if node is None:
        raise refused(422, "inside.not_image_input", input=request.input, inputs=", ".join(images))
    if not conv_layers(analysis, node):
        code, params = no_layers(analysis)
        raise refused(422, code, errors=None, **params)
    several = len(analysis.input_nodes) > 1
    if (request.sample is None) == (request.image is None) and not (several and request.image):
        raise refused(422, "inside.one_input")
    if head_loss(analysis, request.head) is None:
        heads = ", ".join(analysis.losses)
        raise refused(422, "inside.unknown_head", head=request.head, heads=heads)
    image = image_from_text(request.image) if request.image is not None else None
    stored = _stored_sample(folder, int(request.sample)) if request.sample is not None else None
    if not several:
        return Checked(analysis, image or stored, node)
    return Checked(analysis, image, node, _feed(session, job, node, request.sample or 0))


def _feed(session: Session | None, job: Job, node: str, sample: int) -> dict[str, Any]:
    """What the worker reads for the other Inputs: the job's dataset (a built-in's name, or
    the owner's upload's stored path, never a user's path), split as the job split it, its
    test rows held out (`backend/held_out.py`)."""
    source, row = job.dataset, None  # a built-in: generated as the job saw it (its seed)
    if job.dataset.startswith("upload:"):
        wanted = int(job.dataset.removeprefix("upload:"))
        row = session.get(Dataset, wanted) if session is not None else None
        if row is None or row.owner_id != job.owner_id:
            raise refused(422, "inside.no_dataset", inputs=node, index=sample,
                          dataset=job.dataset, text=message("inside.dataset_deleted"))  # fmt: skip
        source = row.path
    return {"input": node, "sample": sample, "dataset": source, "name": job.dataset,
            **split_of(job, row)}  # fmt: skip


def _stored_sample(folder: Path, index: int) -> str:
    """The stored validation sample `index`'s PNG, base64."""
    path = folder / SAMPLES
    samples = json.loads(path.read_text()).get("samples", []) if path.is_file() else []
    for sample in samples:
        if sample.get("index") == index and str(sample.get("image", "")).startswith("data:"):
            return str(sample["image"]).split(",", 1)[1]
    indices = [int(s.get("index", 0)) for s in samples] or [0]
    raise refused(
        422,
        "inside.sample_not_stored",
        index=index,
        count=len(samples),
        first=min(indices),
        last=max(indices),
    )


def check_gradcam(job: Job, checked: Checked, request: InsideRequest) -> None:
    """A classifier (the asked head's), a class it has, a Conv2d layer (or a Conv2d's path
    inside a use) computed from the looked-at Input that leads to it."""
    analysis = checked.analysis
    loss = head_loss(analysis, request.head)
    evaluation = job.evaluation or {}
    head = (evaluation.get("heads") or {}).get(loss)
    evaluation = head if isinstance(head, dict) else evaluation
    if evaluation and evaluation.get("task") != "classification":
        raise refused(422, "inside.not_classifier", task=evaluation.get("task", "?"))
    names = evaluation.get("class_names") or []
    if request.klass is not None and names and request.klass >= len(names):
        raise refused(422, "inside.unknown_class", value=request.klass, last=len(names) - 1)
    convs = cam_layers(analysis, loss, checked.input)
    if not convs:
        raise refused(422, "inside.head_without_conv", head=loss, input=checked.input)
    if request.layer is not None and request.layer not in convs:
        known = is_layer_name(analysis, request.layer)
        code = "inside.unknown_layer" if known else "inside.no_such_layer"
        raise refused(422, code, layer=request.layer, layers=", ".join(convs))


def ask_worker(broker: str, task: str, args: list[Any]) -> dict[str, Any]:
    """The worker's answer; 503 when none answers in time, 422 with its reason on a refusal."""
    answer = ask_predict_worker(broker, task, args, INSIDE_TIMEOUT_S)
    if "error" in answer:
        raise refused(422, str(answer["error"]), **dict(answer.get("params") or {}))
    return answer
