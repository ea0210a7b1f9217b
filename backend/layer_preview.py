"""`POST /api/graphs/preview`: what each node of a graph outputs for one sample of a dataset.

The editor's "Layer previews" ask this after every edit (debounced). The API checks
what it can without torch: the graph is valid (an invalid graph is a 422 with the
validation errors; the editor asks only for a valid one, its nodes already show
why), small enough (`MAX_PARAMS`, `MAX_MACS`: one forward pass must take well under
a second), the dataset's samples fit each Input (several Inputs: each the variable it
reads, `x2`, ...), and a chosen job is the user's own and has weights. A worker on the
predict queue computes it (`netcanvas.layer_preview`, `worker/layer_preview.py`) through
the same compiler as training, waiting `PREVIEW_TIMEOUT_S` at most: 503 when none answers.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from netcanvas.messages import render
from netcanvas.validation import Analysis

from .db.models import Dataset, Job, User
from .deps import get_owned
from .held_out import Coded, split_of
from .held_out import preview_split as default_split
from .jobs import check_inputs, checked_graph, resolve_dataset
from .localise import refused
from .queue import LAYER_PREVIEW
from .settings import Settings
from .trained import ask_predict_worker, trained_folder

PREVIEW_TIMEOUT_S = 20
MAX_PARAMS = 5_000_000  # weights built (randomly) on every edit
MAX_MACS = 500_000_000  # multiply-adds of one sample's forward pass
MAX_INDEX = 999  # the worker keeps the first 1,000 training samples of a dataset
# Values of one sample's node outputs, all kept for the answer. Layers that cost no
# multiply-adds (Upsample, max pooling, Reshape, activations) can still make them huge.
MAX_OUTPUTS = 50_000_000


class LayerPreviewRequest(BaseModel):
    """A graph, the dataset whose sample goes through it, and optionally a job's weights."""

    graph: dict[str, Any] = Field(
        description="a netcanvas/graph@1 graph (each Input is fed its dataset variable)"
    )
    dataset: str | int = Field(description="a built-in dataset's name or an upload's id")
    job: int | None = Field(
        default=None,
        description="a finished job of yours whose weights to use, copied by node id and "
        "shape (nodes that do not match keep seeded random weights); none: seeded random",
    )
    index: int = Field(default=0, ge=0, le=MAX_INDEX, description="which training sample")


class ImageChannel(BaseModel):
    png: str = Field(description="the channel as a grayscale PNG data URL, stretched min..max")
    min: float
    max: float


class NodePreview(BaseModel):
    """One node's output for the sample: `kind` says which of the fields carry it."""

    kind: Literal["image", "vector", "sequence", "other"]
    shape: list[int] = Field(description="the output's shape, per sample")
    min: float
    max: float
    mean: float
    channels: list[ImageChannel] = Field(
        default_factory=list, description="image: the first channels (8 at most)"
    )
    values: list[float] = Field(
        default_factory=list, description="vector: the values (64 at most: averaged in groups)"
    )
    lines: list[list[float]] = Field(
        default_factory=list, description="sequence: per feature (4 at most), its values over time"
    )
    downsampled: bool = Field(
        default=False, description="values or steps averaged in groups, or an image shrunk"
    )


class UnitPreview(BaseModel):
    """A unit's body as its first use runs it (the unit's own tab shows these)."""

    use: str = Field(description="the main canvas node whose run is shown (a Unit node's id)")
    nodes: dict[str, NodePreview] = Field(
        description="per node id of the unit's body, its UnitInput and UnitOutput included"
    )


class ShownRows(BaseModel):
    """Which of the dataset's rows a preview shows, as a message code, its params and its
    text in the request's language."""

    code: str = Field(description="layer_preview.rows_job, rows_untouched or rows_default")
    message: str
    params: dict[str, Any] = Field(default_factory=dict)


class LayerPreviewAnswer(BaseModel):
    dataset: str
    index: int
    row: int | None = Field(
        default=None, description="the sample's row in the dataset (0 first, the source's order)"
    )
    rows: ShownRows | None = Field(
        default=None,
        description="which rows the preview shows: a job's training rows, or rows no default "
        "split holds out (never a job's validation or test rows)",
    )
    label: Any = Field(default=None, description="the sample's target")
    weights: str = Field(description="'random' (seeded) or 'job'")
    loaded: list[str] = Field(
        default_factory=list, description="with a job: the nodes whose weights came from it"
    )
    nodes: dict[str, NodePreview] = Field(description="per node id; loss nodes are left out")
    units: dict[str, UnitPreview] = Field(
        default_factory=dict,
        description="per unit name, its body at its first use; a unit no use runs is absent",
    )


def prepared(
    session: Session, user: User, settings: Settings, body: LayerPreviewRequest
) -> tuple[list[Any], Coded]:
    """The worker's arguments, after every check the API can make without torch, and which
    rows it shows (`shown_rows`)."""
    analysis = checked_graph(body.graph)
    result = analysis.result
    if result.total_params > MAX_PARAMS or result.total_macs > MAX_MACS:
        raise refused(
            422,
            "layer_preview.too_large",
            params=result.total_params,
            macs=result.total_macs,
            max_params=MAX_PARAMS,
            max_macs=MAX_MACS,
        )
    values = output_values(analysis)
    if values > MAX_OUTPUTS:
        raise refused(422, "layer_preview.too_much_memory", values=f"{values:,}",
                      mb=f"{_mb(values):,}", limit=f"{MAX_OUTPUTS:,}",
                      limit_mb=f"{_mb(MAX_OUTPUTS):,}")  # fmt: skip
    name, facts = resolve_dataset(session, user, body.dataset)
    check_inputs(analysis, facts, name)
    source, row = name, None
    if name.startswith("upload:"):
        row = session.get(Dataset, int(name.removeprefix("upload:")))
        assert row is not None  # resolve_dataset found it, owned by this user
        source = row.path
    job = None if body.job is None else get_owned(session, Job, body.job, user)
    if job is not None:
        trained_folder(settings, job)
    split = preview_split(job, row, name)
    return [body.graph, source, body.job, body.index, name, split], shown_rows(job, split, name)


def preview_split(job: Job | None, row: Dataset | None, name: str) -> dict[str, Any]:
    """The split whose training samples the preview shows: the job's own on the job's dataset
    (its test rows held out), else the defaults with an upload's test split held out, and on
    a built-in set no row any test fraction could hold out (`held_out.preview_split`)."""
    if job is not None and job.dataset == name:
        return split_of(job, row)
    return default_split(row, name)


def shown_rows(job: Job | None, split: dict[str, Any], name: str) -> Coded:
    """Which rows the preview shows, as a message code and its params (`rows` in the answer)."""
    if job is not None and job.dataset == name:
        return "layer_preview.rows_job", {"job": job.id}
    percent = f"{split['validation_split']:.0%}"
    if "avoid" in split:
        test = f"{split['avoid']['fraction']:.0%}"
        return "layer_preview.rows_untouched", {"seed": split["seed"], "validation": percent,
                                                "test": test}  # fmt: skip
    return "layer_preview.rows_default", {"seed": split["seed"], "validation": percent}


def output_values(analysis: Analysis) -> int:
    """How many values one sample's run keeps: every node's output, and every copy of a
    unit's body for its uses (the preview answers those too)."""
    total = 0
    for node, shape in analysis.shapes.items():
        use = analysis.uses.get(node)
        if use is not None:
            total += sum(output_values(body) for body in use.copies)
        total += math.prod(shape)
    return total


def _mb(values: int) -> int:
    return math.ceil(values * 4 / 2**20)  # 32-bit floats


def ask_worker(broker: str, args: list[Any], rows: Coded, lang: str = "en") -> dict[str, Any]:
    """The worker's answer with `rows` (which rows it shows) worded in `lang`; 503 when none
    answers in time, 422 with its reason on a refusal."""
    answer = ask_predict_worker(broker, LAYER_PREVIEW, args, PREVIEW_TIMEOUT_S)
    if "error" in answer:
        raise refused(422, "layer_preview.failed", text=answer["error"])
    code, params = rows
    return {
        **answer,
        "rows": {"code": code, "message": render(code, params, lang), "params": params},
    }
