"""Softmax and LogSoftmax: scores into probabilities (or their logarithms) along one
per-sample axis, which the parameters count without the batch axis."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from ..base import Layer, LayerParams, Shape, Text, axis, param
from .common import activation

if TYPE_CHECKING:
    from torch import nn


class SoftmaxParams(LayerParams):
    dim: Annotated[int, Field(ge=-8, le=7)] = param(
        -1,
        "Axis",
        "軸",
        "Per-sample axis that sums to one (-1 is the last).",
        "合計が 1 になるサンプル内の軸（-1 は最後の軸）。",
    )


def _softmax_infer(p: SoftmaxParams, inputs: list[Shape]) -> Shape:
    axis(p.dim, len(inputs[0]))
    return inputs[0]


def _batch_dim(dim: int) -> int:
    """A per-sample axis as PyTorch counts it, with the batch axis in front."""
    return dim + 1 if dim >= 0 else dim


def _along(type: str) -> Any:
    """A builder of nn.<type> (Softmax or LogSoftmax) along the parameters' axis."""

    def build(p: SoftmaxParams, inputs: list[Shape]) -> nn.Module:
        from torch import nn

        from ...torch_modules import construct

        module: nn.Module = construct(getattr(nn, type), _batch_dim(p.dim))
        return module

    return build


LAYERS: list[Layer[Any]] = [
    activation(
        "Softmax",
        Text("Softmax", "ソフトマックス"),
        Text(
            "Turns scores into probabilities that sum to one along an axis.",
            "スコアを、軸に沿って合計 1 になる確率に変えます。",
        ),
        SoftmaxParams,
        _softmax_infer,
        _along("Softmax"),
        summary=lambda p: f"dim {p.dim}",
    ),
    activation(
        "LogSoftmax",
        Text("Log-softmax", "対数ソフトマックス"),
        Text(
            "The logarithm of Softmax, computed stably.",
            "ソフトマックスの対数を数値的に安定に計算します。",
        ),
        SoftmaxParams,
        _softmax_infer,
        _along("LogSoftmax"),
        summary=lambda p: f"dim {p.dim}",
    ),
]
