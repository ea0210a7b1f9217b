"""Element-wise activations and Identity: each keeps its input's shape.

A parameter-free activation is one `_activation` entry: it builds PyTorch's nn.<type>.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from .base import (
    Cost,
    Layer,
    LayerParams,
    PositiveInt,
    Shape,
    ShapeError,
    Text,
    axis,
    fmt,
    number,
    param,
)

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


class PReLUParams(LayerParams):
    num_parameters: PositiveInt = param(
        1,
        "Learned slopes",
        "学習する傾きの数",
        "1: one slope for all; the channel count: one per channel (axis 0).",
        "1 なら全体で1つ、チャネル数なら各チャネル（軸 0）に1つの傾き。",
    )
    init: Annotated[float, Field(ge=-100, le=100)] = param(
        0.25,
        "Initial slope",
        "傾きの初期値",
        "Starting slope below zero.",
        "0 未満の傾きの初期値。",
    )


class SoftplusParams(LayerParams):
    beta: Annotated[float, Field(gt=0, le=100)] = param(
        1.0, "Beta", "ベータ", "Sharpness of the curve.", "曲線の鋭さ。"
    )
    threshold: Annotated[float, Field(gt=0, le=100)] = param(
        20.0,
        "Threshold",
        "しきい値",
        "Above beta · x = threshold the output is x itself.",
        "beta · x がこの値を超えると出力は x そのものになります。",
    )


class HardtanhParams(LayerParams):
    min_val: Annotated[float, Field(ge=-1e6, le=1e6)] = param(
        -1.0, "Minimum", "最小値", "Lowest output value.", "出力の最小値。"
    )
    max_val: Annotated[float, Field(ge=-1e6, le=1e6)] = param(
        1.0, "Maximum", "最大値", "Highest output value.", "出力の最大値。"
    )


def _same(p: LayerParams, inputs: list[Shape]) -> Shape:
    return inputs[0]


def _softmax_infer(p: SoftmaxParams, inputs: list[Shape]) -> Shape:
    axis(p.dim, len(inputs[0]))
    return inputs[0]


def _prelu_infer(p: PReLUParams, inputs: list[Shape]) -> Shape:
    (shape,) = inputs
    if p.num_parameters != 1 and (not shape or p.num_parameters != shape[0]):
        raise ShapeError(
            field="num_parameters",
            code="shape.num_parameters",
            count=p.num_parameters,
            shape=fmt(shape),
        )
    return shape


def _hardtanh_infer(p: HardtanhParams, inputs: list[Shape]) -> Shape:
    if p.max_val <= p.min_val:
        raise ShapeError(field="max_val", code="shape.max_above_min", max=p.max_val, min=p.min_val)
    return inputs[0]


def _options(type: str, *names: str) -> Any:
    """A builder of nn.<type>, given the parameters `names` in order."""

    def build(p: LayerParams, inputs: list[Shape]) -> nn.Module:
        from torch import nn

        from ..torch_modules import construct

        module: nn.Module = construct(getattr(nn, type), *(getattr(p, n) for n in names))
        return module

    return build


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


def _step_build(p: LayerParams, inputs: list[Shape]) -> nn.Module:
    from ..torch_modules import Step, construct

    return construct(Step)


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
    **fields: Any,
) -> Layer[Any]:
    """An activation entry; without `params` and `build`, PyTorch's parameter-free nn.<type>."""
    return Layer(
        type=type,
        category="activation",
        title=title,
        help=help,
        params=params,
        infer=infer,
        build=build or _simple(type),
        **fields,
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
        summary=lambda p: f"slope {number(p.negative_slope)}",
    ),
    _activation(
        "Sigmoid",
        Text("Sigmoid", "シグモイド"),
        Text("Squashes each value into 0..1.", "各値を 0〜1 に押し込めます。"),
        probabilities=True,
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
        summary=lambda p: f"dim {p.dim}",
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
        summary=lambda p: f"dim {p.dim}",
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
        summary=lambda p: f"α={number(p.alpha)}",
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
    _activation(
        "PReLU",
        Text("PReLU", "PReLU"),
        Text(
            "Like Leaky ReLU, with the slope below zero learned.",
            "Leaky ReLU と同様ですが、0 未満の傾きを学習します。",
        ),
        PReLUParams,
        _prelu_infer,
        _options("PReLU", "num_parameters", "init"),
        cost=lambda p, ins, out: Cost(p.num_parameters, 0),
    ),
    _activation(
        "SELU",
        Text("SELU", "SELU"),
        Text(
            "A scaled ELU that keeps activations normalised in deep plain networks.",
            "深い全結合ネットワークで活性を正規化された状態に保つ、スケール付き ELU。",
        ),
    ),
    _activation(
        "Softplus",
        Text("Softplus", "Softplus"),
        Text("log(1 + exp(x)): a smooth ReLU.", "log(1 + exp(x))。滑らかな ReLU です。"),
        SoftplusParams,
        build=_options("Softplus", "beta", "threshold"),
        summary=lambda p: f"β={number(p.beta)}",
    ),
    _activation(
        "ReLU6",
        Text("ReLU6", "ReLU6"),
        Text("min(max(0, x), 6): a ReLU capped at 6.", "min(max(0, x), 6)。6 で頭打ちの ReLU。"),
    ),
    _activation(
        "Hardtanh",
        Text("Hard tanh", "Hard tanh"),
        Text(
            "Clips each value into min_val..max_val.",
            "各値を min_val〜max_val の範囲に切り詰めます。",
        ),
        HardtanhParams,
        _hardtanh_infer,
        _options("Hardtanh", "min_val", "max_val"),
        summary=lambda p: f"{number(p.min_val)}..{number(p.max_val)}",
    ),
    _activation(
        "Hardsigmoid",
        Text("Hard sigmoid", "Hard sigmoid"),
        Text(
            "A piecewise-linear sigmoid: values into 0..1, cheaply.",
            "区分線形のシグモイド。各値を手軽に 0〜1 に収めます。",
        ),
        probabilities=True,
    ),
    _activation(
        "Mish",
        Text("Mish", "Mish"),
        Text(
            "x · tanh(softplus(x)), a smooth ReLU.", "x · tanh(softplus(x))。滑らかな ReLU です。"
        ),
    ),
    _activation(
        "LogSigmoid",
        Text("Log-sigmoid", "対数シグモイド"),
        Text(
            "The logarithm of Sigmoid, computed stably.",
            "シグモイドの対数を数値的に安定に計算します。",
        ),
    ),
    _activation(
        "Softsign",
        Text("Softsign", "Softsign"),
        Text("x / (1 + |x|): squashes into -1..1.", "x / (1 + |x|)。-1〜1 に押し込めます。"),
    ),
    _activation(
        "Step",
        Text("Step (BinarySigmoid)", "ステップ関数（BinarySigmoid）"),
        Text(
            "1 where x > 0, else 0: the perceptron's threshold. It trains with a "
            "straight-through gradient: the gradient passes back unchanged (dy/dx = 1, as "
            "if it were Identity), so squared error against 0/1 targets is the perceptron "
            "learning rule. Sony NNC calls it BinarySigmoid.",
            "x > 0 なら 1、それ以外は 0 を出力する、パーセプトロンのしきい値です。学習には"
            "ストレートスルー推定の勾配を使います。勾配をそのまま戻す（dy/dx = 1、恒等関数と"
            "同じ）ので、0/1 の教師データとの二乗誤差がパーセプトロンの学習則になります。"
            "Sony NNC では BinarySigmoid と呼ばれます。",
        ),
        build=_step_build,
        # Its 0s and 1s lie in 0..1 but are no probabilities: BCELoss on them meets log 0
        # (clamped to -100) and barely trains, so BCELoss warns after Step as after Linear.
        probabilities=False,
    ),
]
