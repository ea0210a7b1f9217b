"""Every event of a training run, as one pydantic union discriminated on `type`.

The worker builds events with these models and sends `model_dump` dicts; the
API stores them in the job's Redis Stream and replays them typed, so the
OpenAPI document publishes the union as `JobEvent`. Each event carries `ts`,
the Unix time in seconds when it was emitted (null on events stored before
`ts` existed). Field names are a contract: extend, never rename. Torch-free.
"""

from __future__ import annotations

import time
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from typing_extensions import TypeAliasType

from .artifacts import ArtifactName
from .messages import render

FinalStatus = Literal["succeeded", "failed", "cancelled"]
JobStatus = Literal["queued", "running", "paused", "succeeded", "failed", "cancelled"]


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ts: float | None = Field(
        default_factory=time.time,
        description="Unix time in seconds when the event was emitted; "
        "null on events stored before it existed.",
    )

    def wire(self) -> dict[str, Any]:
        """The event as JSON-ready data, as it goes into the stream."""
        return self.model_dump(mode="json")


class QueuedEvent(_Event):
    """The job is in the queue."""

    type: Literal["queued"] = "queued"


class StartedEvent(_Event):
    """Training began: where, how big, on what."""

    type: Literal["started"] = "started"
    device: str
    params: int
    trainable_params: int
    dataset: str
    sizes: dict[str, int] = Field(
        description="Samples per split: `train`, `validation`, and `test` when there is one."
    )
    classes: list[str] | None = None
    task: str = Field(description="classification, regression or autoencoder.")


class ProgressEvent(_Event):
    """Where the run is within its epochs, at most every second or so."""

    type: Literal["progress"] = "progress"
    epoch: int
    epochs: int
    step: int
    steps: int
    samples_per_s: float
    eta_s: float | None = None


class _Sparse(_Event):
    """An event whose optional metrics are left out when a task does not have them."""

    def wire(self) -> dict[str, Any]:
        return {k: v for k, v in super().wire().items() if v is not None or k == "ts"}


class MetricsEvent(_Sparse):
    """The running training loss (and accuracy) within an epoch: a point of the per-step
    curve. Sent at most every half second, and about a thousand times in a whole run
    (`worker/training.py` `STEP_POINTS`)."""

    type: Literal["metrics"] = "metrics"
    epoch: int
    step: int
    train_loss: float = Field(description="The mean loss since the epoch's first step.")
    lr: float
    train_accuracy: float | None = Field(None, description="Classification; since the first step.")
    steps: int | None = Field(None, description="Steps in the epoch; null from older workers.")
    step_loss: float | None = Field(
        None, description="The mean loss over the steps since the previous point."
    )
    step_accuracy: float | None = Field(
        None, description="Classification: the accuracy over the steps since the previous point."
    )

    def point(self) -> dict[str, Any]:
        """The point as the database keeps it with its epoch (`JobEpoch.steps`)."""
        return {k: v for k, v in self.wire().items() if k not in ("type", "epoch", "ts", "lr")}


class StepPoint(BaseModel):
    """A point of the per-step curve as `GET /api/jobs/{id}/steps` serves it from the
    database: a `metrics` event of an epoch that ended, without its `ts` and `lr`."""

    epoch: int
    step: int
    steps: int | None = None
    train_loss: float
    train_accuracy: float | None = None
    step_loss: float | None = None
    step_accuracy: float | None = None


LAYER_BINS = 30  # `worker/layer_stats.py` BINS
MAX_LAYERS = 64  # `worker/layer_stats.py` MAX_LAYERS


class Histogram(BaseModel):
    """Counts of a tensor's values in equal bins from its least value to its greatest."""

    lo: float
    hi: float
    counts: list[int] = Field(max_length=LAYER_BINS)


class LayerStats(BaseModel):
    """One weighted node at an epoch's end: the L2 norm of all its parameters together, and
    of their gradients from the epoch's last step (none for a frozen node), and their
    histograms (on some epochs of a long run only; `worker/layer_stats.py`)."""

    weight_norm: float | None = Field(description="Null when not finite.")
    grad_norm: float | None = Field(None, description="The epoch's last step; null if frozen.")
    weight_hist: Histogram | None = None
    grad_hist: Histogram | None = None


class EpochEvent(_Sparse):
    """One epoch's summary. Keys depend on the task; more numeric keys may follow."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, float] = Field(init=False)

    type: Literal["epoch"] = "epoch"
    epoch: int
    train_loss: float
    lr: float | None = None
    train_accuracy: float | None = Field(None, description="Classification.")
    val_loss: float | None = Field(None, description="When there is a validation split.")
    val_accuracy: float | None = Field(None, description="Classification.")
    val_mse: float | None = Field(None, description="Regression.")
    val_mae: float | None = Field(None, description="Regression.")
    layers: dict[str, LayerStats] | None = Field(
        None,
        max_length=MAX_LAYERS,
        description="Per weighted node: weight and gradient norms and histograms; on at most "
        "500 epochs of a run (histograms on 50), the first and last always.",
    )

    def metrics(self) -> dict[str, Any]:
        """The row as the database keeps it: every metric, without `type`, `epoch`, `ts`."""
        return {k: v for k, v in self.wire().items() if k not in ("type", "epoch", "ts")}


class EvaluationEvent(_Event):
    """The final evaluation; its other keys depend on the task (confusion matrix, errors...)."""

    model_config = ConfigDict(extra="allow")

    type: Literal["evaluation"] = "evaluation"
    task: str
    split: Literal["validation", "training"]
    test: dict[str, Any] | None = Field(
        None,
        description="The same report of the dataset's test split, with its mean `loss`, "
        "when the dataset has one; left out otherwise.",
    )

    def wire(self) -> dict[str, Any]:
        wired = super().wire()
        if wired.get("test") is None:
            wired.pop("test", None)
        return wired


class ArtifactEvent(_Event):
    """One artifact was written: a job's results before `finished`, its exports after."""

    type: Literal["artifact"] = "artifact"
    name: ArtifactName
    size: int


class LogEvent(_Event):
    """A line for a person: early stopping, weights loaded, an artifact skipped.

    A line with a `code` (a `netcanvas.messages` code) and its `params` is worded again in
    the reader's language when it is served; `message` is its English."""

    type: Literal["log"] = "log"
    message: str
    code: str | None = None
    params: dict[str, Any] | None = None

    @classmethod
    def of(cls, code: str, **params: Any) -> LogEvent:
        return cls(message=render(code, params), code=code, params=params)

    def localised(self, lang: str) -> LogEvent:
        if self.code is None or lang == "en":
            return self
        return self.model_copy(update={"message": render(self.code, self.params, lang)})


class FinishedEvent(_Event):
    """The run's end: the run's last event, except the `artifact` events (or `log` lines)
    of its exports (`model.onnx`, `model.py`, `bundle.zip`, the bundle last), which a job
    writes after it is done and may follow. `seconds` is null when no run timed it."""

    type: Literal["finished"] = "finished"
    status: FinalStatus
    reason: str
    seconds: float | None = None


class BoundaryEvent(_Sparse):
    """A classifier of 2-D inputs over the plane after an epoch: the decision boundary.

    The worker evaluates a `size`×`size` grid of cell centres spanning the training points'
    range with a margin (`extent`, in the data's own units: an upload's standardisation is
    undone for drawing), in evaluation mode, at most a few times a second and always after
    the last epoch (`worker/boundary.py`). `predicted` and `confidence` are base64 of
    `size`² bytes each, row-major, row 0 at the lowest x1 and column 0 at the lowest x0:
    the predicted class index, and its probability × 255, rounded."""

    type: Literal["boundary"] = "boundary"
    epoch: int
    size: int = Field(description="Cells along each axis: the grid is size × size.")
    extent: list[float] = Field(
        description="[x0_min, x0_max, x1_min, x1_max]: the grid's edges, in the data's units."
    )
    class_names: list[str]
    predicted: str = Field(description="base64 of size² uint8: each cell's predicted class.")
    confidence: str = Field(
        description="base64 of size² uint8: each cell's predicted class's probability × 255."
    )
    standardised: bool = Field(
        False,
        description="The network sees standardised inputs; the grid and points are mapped back.",
    )
    points: list[list[float]] | None = Field(
        None,
        description="Training points to draw, [x0, x1, class] each, at most 500 spread over "
        "the training split: in a run's first boundary event and in the stored latest one.",
    )


class LatentMap(BaseModel):
    """A 2-D latent space (a GaussianSample of shape [2]): the decoder's images over a
    `size`×`size` grid of z in [`low`, `high`]², and the validation samples' mu."""

    size: int = Field(description="Tiles along each axis of the map.")
    low: float
    high: float
    grid: str = Field(
        description="base64 PNG: size × size decoded images; row 0 at the highest z1 (top), "
        "column 0 at the lowest z0."
    )
    points: list[list[float]] = Field(
        description="Validation samples' mu, [z0, z1, class] each, at most 500."
    )
    class_names: list[str]


class SamplesEvent(_Sparse):
    """Images a generative network draws after an epoch (`worker/samples.py`): `count`
    images of the head `head` ([C, H, W]) from fresh N(0, 1) noise, tiled `columns` wide in
    one PNG; for a 2-D latent space also the latent map. At most a few times a second, and
    always after the last epoch."""

    type: Literal["samples"] = "samples"
    epoch: int
    head: str = Field(description="The node whose output the images are.")
    shape: list[int] = Field(description="One image's [C, H, W].")
    count: int
    columns: int
    grid: str = Field(description="base64 PNG: the images tiled `columns` wide.")
    latent: LatentMap | None = None


JobEvent = TypeAliasType(
    "JobEvent",
    Annotated[
        QueuedEvent
        | StartedEvent
        | ProgressEvent
        | MetricsEvent
        | EpochEvent
        | EvaluationEvent
        | ArtifactEvent
        | LogEvent
        | FinishedEvent
        | BoundaryEvent
        | SamplesEvent,
        Field(discriminator="type"),
    ],
)
JOB_EVENT: TypeAdapter[Any] = TypeAdapter(JobEvent)

EventType = Literal[
    "queued",
    "started",
    "progress",
    "metrics",
    "epoch",
    "evaluation",
    "artifact",
    "log",
    "finished",
    "boundary",
    "samples",
]
"""Each `JobEvent`'s `type`: what `GET /api/jobs/{id}/events?type=...` keeps (`type=log`: the
log lines alone, which the job page reads again in a new language)."""


def finished_event(
    status: FinalStatus, reason: str, seconds: float | None = None
) -> dict[str, Any]:
    """The one `finished` event: from a run, the worker's last word, the reaper or a cancel."""
    return FinishedEvent(status=status, reason=reason, seconds=seconds).wire()


def stored(data: dict[str, Any]) -> Any:
    """A stored event read back as its model; one stored without `ts` gets `ts` null."""
    return JOB_EVENT.validate_python({"ts": None, **data})
