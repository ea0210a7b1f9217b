"""What a layer is: parameters, shape function, cost and PyTorch builder in one entry.

Shapes here are per sample, without the batch axis, as tuples of ints. A shape
function raises `ShapeError` when its inputs don't fit; the validator turns
that into an error on the node. Builders import torch lazily so this package
stays importable without it.
"""

from __future__ import annotations

import builtins
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from ..fields import described
from ..messages import message as nested
from ..messages import render

if TYPE_CHECKING:
    from torch import nn

Shape = tuple[int, ...]

MAX_SIZE = 65_536  # largest kernel, channel count or feature size a parameter may name


class ShapeError(Exception):
    """The node's inputs don't fit its parameters; `field` names the parameter to blame.

    `ShapeError("plain text")` still works (code `shape.other`); prefer a code from
    `netcanvas.messages` and its params: `ShapeError(code="shape.rank", layer=...)`.
    """

    def __init__(
        self, message: str = "", field: str | None = None, *, code: str = "", **params: Any
    ) -> None:
        if not code:
            code, params = "shape.other", {"text": message}
        self.code = code
        self.params = params
        self.message = render(code, params)
        super().__init__(self.message)
        self.field = field


class LayerParams(BaseModel):
    """Base of every layer's parameter model: strict types, no unknown names."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


# The parameters of a layer that has none: most activations, Add, Multiply, GaussianSample.
# (A comment, not a docstring: pydantic would serve a docstring as the schema's description.)
class NoParams(LayerParams):
    pass


def param(
    default: Any,
    title: str,
    title_ja: str,
    help: str,
    help_ja: str,
    **constraints: Any,
) -> Any:
    """A parameter field with its display name and one line of help in English and Japanese."""
    return described(
        default, title=title, title_ja=title_ja, help=help, help_ja=help_ja, **constraints
    )


PositiveInt = Annotated[int, Field(ge=1, le=MAX_SIZE)]
NonNegativeInt = Annotated[int, Field(ge=0, le=MAX_SIZE)]
Size2 = PositiveInt | Annotated[list[PositiveInt], Field(min_length=2, max_length=2)]
Padding2 = NonNegativeInt | Annotated[list[NonNegativeInt], Field(min_length=2, max_length=2)]


def sizes(rank: int) -> Any:
    """A positive size per axis of a `rank`-axis window: one int for all, or a list."""
    return PositiveInt | Annotated[list[PositiveInt], Field(min_length=rank, max_length=rank)]


def paddings(rank: int) -> Any:
    """A non-negative padding per axis of a `rank`-axis window: one int for all, or a list."""
    return NonNegativeInt | Annotated[list[NonNegativeInt], Field(min_length=rank, max_length=rank)]


AXES = {1: "L", 2: "HW", 3: "DHW"}  # spatial axis names by rank, channels first
RANKS = (1, 2, 3)  # the spatial ranks PyTorch has a ConvNd (and MaxPoolNd) for


def check_rank(rank: int) -> None:
    """Refuse a rank PyTorch has no module for, rather than build some other one."""
    if rank not in RANKS:
        raise ValueError(f"no {rank}-axis convolution or pooling: ranks are {RANKS}")


def layout(rank: int) -> str:
    """`[C, L]`, `[C, H, W]`, `[C, D, H, W]`: a rank's per-sample layout, channels first."""
    return "[" + ", ".join(("C", *AXES[rank])) + "]"


@dataclass(frozen=True)
class Text:
    """A string in English and Japanese."""

    en: str
    ja: str


@dataclass(frozen=True)
class Ports:
    """How many inputs a layer takes; `max=None` means any number from `min` up."""

    min: int = 1
    max: int | None = 1

    def accepts(self, count: int) -> bool:
        return count >= self.min and (self.max is None or count <= self.max)

    def describe(self) -> str:
        return render(self.message()["code"], self.message()["params"])

    def message(self) -> dict[str, Any]:
        """'2 inputs', 'at least 1 input' as a message to fill into another."""
        if self.max is None:
            return nested("ports.at_least", min=self.min)
        if self.min == self.max:
            if self.min == 0:
                return nested("ports.none")
            return nested("ports.one") if self.min == 1 else nested("ports.exact", min=self.min)
        return nested("ports.range", min=self.min, max=self.max)


@dataclass(frozen=True)
class Cost:
    """Trainable parameter count and multiply-adds for one sample."""

    params: int = 0
    macs: int = 0


P = TypeVar("P", bound=LayerParams)

Role = Literal["input", "layer", "loss"]
# What a loss compares the output with: class indices, 0/1 values, or real values;
# "none": no dataset target at all (KLDivergenceLoss compares its inputs with N(0, 1)).
TargetKind = Literal["class_index", "binary", "values", "none"]


@dataclass(frozen=True)
class Layer(Generic[P]):
    """One entry of the catalogue. Adding a layer means adding one of these."""

    type: str
    category: str
    title: Text
    help: Text
    params: builtins.type[P]  # `type` is the layer's name here
    infer: Callable[[P, list[Shape]], Shape]
    build: Callable[[P, list[Shape]], nn.Module]
    cost: Callable[[P, list[Shape], Shape], Cost] = lambda p, ins, out: Cost()
    inputs: Ports = Ports()
    summary: Callable[[P], str] | None = None  # the node's one line ("16 @ 5×5"); none: ""
    role: Role = "layer"  # "input": fed the batch, no module; "loss": ends the graph
    integer_input: bool = False  # takes integer ids (token ids), not real values
    target_kind: TargetKind | None = None  # a loss's target, as a dataset must give it
    applies: tuple[str, ...] = ()  # activations a loss applies itself (fed logits)
    expects_probabilities: bool = False  # a loss whose input must already be in 0..1
    probabilities: bool = False  # an activation whose every output lies in 0..1
    # Values per sample its backward pass keeps (`netcanvas.memory`); none: as many as it
    # outputs. Recurrent layers keep every step's gates, far more than their output.
    kept: Callable[[P, list[Shape], Shape], int] | None = None
    # Each weight's shape by its key in the module's state_dict ("weight", "bias"), for a start
    # from earlier weights (`netcanvas.weight_fit`); none: compared by type and parameter count.
    weights: Callable[[P, list[Shape]], dict[str, Shape]] | None = None


def number(value: object) -> str:
    """A parameter value for a summary: 1.0 → "1", 0.01 → "0.01"; lists as "3×5"."""
    if isinstance(value, list):
        return "×".join(number(v) for v in value)
    if isinstance(value, float):
        return format(value, "g")
    return str(value)


def window(value: int | list[int], rank: int) -> str:
    """A window size for a summary: 5 → "5×5" (rank 2), [3, 5] → "3×5"."""
    return "×".join(str(v) for v in pair(value, rank))


# ---------------------------------------------------------------- shape helpers


def pair(value: int | list[int], count: int = 2) -> tuple[int, ...]:
    """`3` → `(3, 3)`; `[3, 5]` → `(3, 5)`."""
    if isinstance(value, int):
        return (value,) * count
    return tuple(value)


def torch_arg(value: int | list[int] | str | None) -> Any:
    """A size as PyTorch's constructors take it: lists become tuples."""
    return tuple(value) if isinstance(value, list) else value


def numel(shape: Shape) -> int:
    return math.prod(shape)


def fmt(shape: Shape) -> str:
    return "[" + ", ".join(str(d) for d in shape) + "]"


def need_rank(layer: str, shape: Shape, rank: int, layout: str) -> None:
    if len(shape) != rank:
        raise ShapeError(code="shape.rank", layer=layer, layout=layout, shape=fmt(shape))


def axis(dim: int, rank: int, field: str = "dim") -> int:
    """A per-sample axis, possibly negative, checked and made non-negative."""
    if not -rank <= dim < rank:
        raise ShapeError(field=field, code="shape.axis_range", name=field, dim=dim, rank=rank)
    return dim % rank


def sliding(
    size: int,
    kernel: int,
    stride: int,
    pad: int,
    dilation: int,
    *,
    ceil_mode: bool = False,
    axis_name: str,
    field: str = "kernel_size",
) -> int:
    """Output length of a convolution or pooling window along one axis (PyTorch's formula)."""
    span = dilation * (kernel - 1) + 1
    padded = size + 2 * pad
    steps = padded - span
    out = (-(-steps // stride) if ceil_mode else steps // stride) + 1
    if ceil_mode and (out - 1) * stride >= size + pad:
        out -= 1  # PyTorch drops a last window that would start inside the right padding
    if out < 1:  # in ceil mode, one window may still hang over the end, as in PyTorch
        raise ShapeError(
            field=field, code="shape.kernel_too_large", span=span, padded=padded, axis=axis_name
        )
    return out
