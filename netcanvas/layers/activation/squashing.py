"""Sigmoid and its kin: each value squashed into a bounded range (LogSigmoid: the
logarithm of one); those whose outputs all lie in 0..1 say so (`probabilities`)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from ..base import Layer, LayerParams, Shape, ShapeError, Text, number, param
from .common import activation, options


class HardtanhParams(LayerParams):
    min_val: Annotated[float, Field(ge=-1e6, le=1e6)] = param(
        -1.0, "Minimum", "最小値", "Lowest output value.", "出力の最小値。"
    )
    max_val: Annotated[float, Field(ge=-1e6, le=1e6)] = param(
        1.0, "Maximum", "最大値", "Highest output value.", "出力の最大値。"
    )


def _hardtanh_infer(p: HardtanhParams, inputs: list[Shape]) -> Shape:
    if p.max_val <= p.min_val:
        raise ShapeError(field="max_val", code="shape.max_above_min", max=p.max_val, min=p.min_val)
    return inputs[0]


LAYERS: list[Layer[Any]] = [
    activation(
        "Sigmoid",
        Text("Sigmoid", "シグモイド"),
        Text("Squashes each value into 0..1.", "各値を 0〜1 に押し込めます。"),
        probabilities=True,
    ),
    activation(
        "Tanh",
        Text("Tanh", "双曲線正接 (Tanh)"),
        Text("Squashes each value into -1..1.", "各値を -1〜1 に押し込めます。"),
    ),
    activation(
        "Hardtanh",
        Text("Hard tanh", "Hard tanh"),
        Text(
            "Clips each value into min_val..max_val.",
            "各値を min_val〜max_val の範囲に切り詰めます。",
        ),
        HardtanhParams,
        _hardtanh_infer,
        options("Hardtanh", "min_val", "max_val"),
        summary=lambda p: f"{number(p.min_val)}..{number(p.max_val)}",
    ),
    activation(
        "Hardsigmoid",
        Text("Hard sigmoid", "Hard sigmoid"),
        Text(
            "A piecewise-linear sigmoid: values into 0..1, cheaply.",
            "区分線形のシグモイド。各値を手軽に 0〜1 に収めます。",
        ),
        probabilities=True,
    ),
    activation(
        "LogSigmoid",
        Text("Log-sigmoid", "対数シグモイド"),
        Text(
            "The logarithm of Sigmoid, computed stably.",
            "シグモイドの対数を数値的に安定に計算します。",
        ),
    ),
    activation(
        "Softsign",
        Text("Softsign", "Softsign"),
        Text("x / (1 + |x|): squashes into -1..1.", "x / (1 + |x|)。-1〜1 に押し込めます。"),
    ),
]
