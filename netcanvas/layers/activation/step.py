"""Step (Sony NNC's BinarySigmoid): the perceptron's threshold, which has no useful
gradient of its own, so it trains with a straight-through one (`torch_modules.Step`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..base import Layer, LayerParams, Shape, Text
from .common import activation

if TYPE_CHECKING:
    from torch import nn


def _step_build(p: LayerParams, inputs: list[Shape]) -> nn.Module:
    from ...torch_modules import Step, construct

    return construct(Step)


LAYERS: list[Layer[Any]] = [
    activation(
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
