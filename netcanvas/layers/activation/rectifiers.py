"""ReLU and its kin: zero (or nearly) below zero, the input itself above; some smooth,
one capped (ReLU6), one with its slope below zero learned (PReLU)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from ..base import (
    Cost,
    Layer,
    LayerParams,
    PositiveInt,
    Shape,
    ShapeError,
    Text,
    fmt,
    number,
    param,
)
from .common import activation, options


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


LAYERS: list[Layer[Any]] = [
    activation(
        "ReLU",
        Text("ReLU", "ReLU"),
        Text(
            "max(0, x): the default choice for hidden layers.",
            "max(0, x)。隠れ層の標準的な選択です。",
        ),
    ),
    activation(
        "LeakyReLU",
        Text("Leaky ReLU", "Leaky ReLU"),
        Text(
            "Like ReLU, with a small slope below zero.",
            "ReLU と同様ですが、0 未満にも小さな傾きを持ちます。",
        ),
        LeakyReLUParams,
        build=options("LeakyReLU", "negative_slope"),
        summary=lambda p: f"slope {number(p.negative_slope)}",
    ),
    activation(
        "ELU",
        Text("ELU", "ELU"),
        Text(
            "Like ReLU, but smooth and negative below zero.",
            "ReLU に似ていますが、0 未満で滑らかに負の値をとります。",
        ),
        ELUParams,
        build=options("ELU", "alpha"),
        summary=lambda p: f"α={number(p.alpha)}",
    ),
    activation(
        "GELU",
        Text("GELU", "GELU"),
        Text("A smooth ReLU used in transformers.", "Transformer で使われる滑らかな ReLU。"),
        GELUParams,
        build=options("GELU", "approximate"),
    ),
    activation(
        "SiLU",
        Text("SiLU (Swish)", "SiLU (Swish)"),
        Text("x · sigmoid(x), a smooth ReLU.", "x · sigmoid(x)。滑らかな ReLU です。"),
    ),
    activation(
        "PReLU",
        Text("PReLU", "PReLU"),
        Text(
            "Like Leaky ReLU, with the slope below zero learned.",
            "Leaky ReLU と同様ですが、0 未満の傾きを学習します。",
        ),
        PReLUParams,
        _prelu_infer,
        options("PReLU", "num_parameters", "init"),
        cost=lambda p, ins, out: Cost(p.num_parameters, 0),
    ),
    activation(
        "SELU",
        Text("SELU", "SELU"),
        Text(
            "A scaled ELU that keeps activations normalised in deep plain networks.",
            "深い全結合ネットワークで活性を正規化された状態に保つ、スケール付き ELU。",
        ),
    ),
    activation(
        "Softplus",
        Text("Softplus", "Softplus"),
        Text("log(1 + exp(x)): a smooth ReLU.", "log(1 + exp(x))。滑らかな ReLU です。"),
        SoftplusParams,
        build=options("Softplus", "beta", "threshold"),
        summary=lambda p: f"β={number(p.beta)}",
    ),
    activation(
        "ReLU6",
        Text("ReLU6", "ReLU6"),
        Text("min(max(0, x), 6): a ReLU capped at 6.", "min(max(0, x), 6)。6 で頭打ちの ReLU。"),
    ),
    activation(
        "Mish",
        Text("Mish", "Mish"),
        Text(
            "x · tanh(softplus(x)), a smooth ReLU.", "x · tanh(softplus(x))。滑らかな ReLU です。"
        ),
    ),
]
