"""Element-wise activations and Identity: each keeps its input's shape."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from .base import Layer, LayerParams, Shape, Text, axis, param

if TYPE_CHECKING:
    from torch import nn


class NoParams(LayerParams):
    pass


class LeakyReLUParams(LayerParams):
    negative_slope: Annotated[float, Field(ge=0, le=1)] = param(
        0.01,
        "Negative slope",
        "負の傾き",
        "Slope for inputs below zero.",
        "0 未満の入力に対する傾き。",
    )


class ELUParams(LayerParams):
    alpha: Annotated[float, Field(gt=0, le=100)] = param(
        1.0,
        "Alpha",
        "アルファ",
        "Value the output approaches for very negative inputs.",
        "大きな負の入力で出力が近づく値の大きさ。",
    )


class GELUParams(LayerParams):
    approximate: Literal["none", "tanh"] = param(
        "none",
        "Approximation",
        "近似",
        "'tanh' uses the faster approximation.",
        "'tanh' は高速な近似式を使います。",
    )


class SoftmaxParams(LayerParams):
    dim: Annotated[int, Field(ge=-8, le=7)] = param(
        -1,
        "Axis",
        "軸",
        "Per-sample axis that sums to one (-1 is the last).",
        "合計が 1 になるサンプル内の軸（-1 は最後の軸）。",
    )


def _same(p: LayerParams, inputs: list[Shape]) -> Shape:
    return inputs[0]


def _softmax_infer(p: SoftmaxParams, inputs: list[Shape]) -> Shape:
    axis(p.dim, len(inputs[0]))
    return inputs[0]


def _batch_dim(dim: int) -> int:
    """A per-sample axis as PyTorch counts it, with the batch axis in front."""
    return dim + 1 if dim >= 0 else dim


def _simple(name: str) -> Any:
    def build(p: LayerParams, inputs: list[Shape]) -> nn.Module:
        from torch import nn

        from ..torch_modules import construct

        module: nn.Module = construct(getattr(nn, name))
        return module

    return build


def _leaky_build(p: LeakyReLUParams, inputs: list[Shape]) -> nn.Module:
    from torch import nn

    from ..torch_modules import construct

    return construct(nn.LeakyReLU, p.negative_slope)


def _elu_build(p: ELUParams, inputs: list[Shape]) -> nn.Module:
    from torch import nn

    from ..torch_modules import construct

    return construct(nn.ELU, p.alpha)


def _gelu_build(p: GELUParams, inputs: list[Shape]) -> nn.Module:
    from torch import nn

    from ..torch_modules import construct

    return construct(nn.GELU, p.approximate)


def _softmax_build(p: SoftmaxParams, inputs: list[Shape]) -> nn.Module:
    from torch import nn

    from ..torch_modules import construct

    return construct(nn.Softmax, _batch_dim(p.dim))


def _log_softmax_build(p: SoftmaxParams, inputs: list[Shape]) -> nn.Module:
    from torch import nn

    from ..torch_modules import construct

    return construct(nn.LogSoftmax, _batch_dim(p.dim))


def _activation(
    type: str,
    title: Text,
    help: Text,
    params: Any = NoParams,
    infer: Any = _same,
    build: Any = None,
) -> Layer[Any]:
    return Layer(
        type=type,
        category="activation",
        title=title,
        help=help,
        params=params,
        infer=infer,
        build=build or _simple(type),
    )


LAYERS: list[Layer[Any]] = [
    Layer(
        type="Identity",
        category="structure",
        title=Text("Identity", "恒等"),
        help=Text("Passes its input through unchanged.", "入力をそのまま出力します。"),
        params=NoParams,
        infer=_same,
        build=_simple("Identity"),
    ),
    _activation(
        "ReLU",
        Text("ReLU", "ReLU"),
        Text(
            "max(0, x): the default choice for hidden layers.",
            "max(0, x)。隠れ層の標準的な選択です。",
        ),
    ),
    _activation(
        "LeakyReLU",
        Text("Leaky ReLU", "Leaky ReLU"),
        Text(
            "Like ReLU, with a small slope below zero.",
            "ReLU と同様ですが、0 未満にも小さな傾きを持ちます。",
        ),
        LeakyReLUParams,
        build=_leaky_build,
    ),
    _activation(
        "Sigmoid",
        Text("Sigmoid", "シグモイド"),
        Text("Squashes each value into 0..1.", "各値を 0〜1 に押し込めます。"),
    ),
    _activation(
        "Tanh",
        Text("Tanh", "双曲線正接 (Tanh)"),
        Text("Squashes each value into -1..1.", "各値を -1〜1 に押し込めます。"),
    ),
    _activation(
        "Softmax",
        Text("Softmax", "ソフトマックス"),
        Text(
            "Turns scores into probabilities that sum to one along an axis.",
            "スコアを、軸に沿って合計 1 になる確率に変えます。",
        ),
        SoftmaxParams,
        _softmax_infer,
        _softmax_build,
    ),
    _activation(
        "LogSoftmax",
        Text("Log-softmax", "対数ソフトマックス"),
        Text(
            "The logarithm of Softmax, computed stably.",
            "ソフトマックスの対数を数値的に安定に計算します。",
        ),
        SoftmaxParams,
        _softmax_infer,
        _log_softmax_build,
    ),
    _activation(
        "ELU",
        Text("ELU", "ELU"),
        Text(
            "Like ReLU, but smooth and negative below zero.",
            "ReLU に似ていますが、0 未満で滑らかに負の値をとります。",
        ),
        ELUParams,
        build=_elu_build,
    ),
    _activation(
        "GELU",
        Text("GELU", "GELU"),
        Text("A smooth ReLU used in transformers.", "Transformer で使われる滑らかな ReLU。"),
        GELUParams,
        build=_gelu_build,
    ),
    _activation(
        "SiLU",
        Text("SiLU (Swish)", "SiLU (Swish)"),
        Text("x · sigmoid(x), a smooth ReLU.", "x · sigmoid(x)。滑らかな ReLU です。"),
    ),
]
