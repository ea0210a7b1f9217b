"""Layers for several networks trained together (docs/GRAPH_UNITS_AND_NETWORKS.md §3).

`RandomNoise` has no inputs: it draws fresh noise of its `shape` for every sample of
each batch (the batch size is the real inputs', or the count asked for when generating),
the source a GAN's generator starts from. `Unlink` passes its input on with no gradient
flowing back (NNC's Unlink, `x.detach()`): the discriminator's phase trains on generated
images without reaching into the generator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from .base import Layer, LayerParams, Ports, PositiveInt, Shape, Text, param

if TYPE_CHECKING:
    from torch import nn


class RandomNoiseParams(LayerParams):
    shape: Annotated[list[PositiveInt], Field(min_length=1, max_length=4)] = param(
        [16],
        "Shape",
        "形状",
        "Per-sample shape of the noise, without the batch axis: [16] for a 16-number code.",
        "バッチ軸を除いたノイズの形状。16 個の数の符号なら [16]。",
    )
    distribution: Literal["normal", "uniform"] = param(
        "normal",
        "Distribution",
        "分布",
        "normal: mean 0, standard deviation 1. uniform: between -1 and 1.",
        "normal：平均 0、標準偏差 1。uniform：-1 から 1 の一様分布。",
    )


class UnlinkParams(LayerParams):
    pass


def _noise_infer(p: RandomNoiseParams, inputs: list[Shape]) -> Shape:
    return tuple(p.shape)


def _noise_build(p: RandomNoiseParams, inputs: list[Shape]) -> nn.Module:
    from ..torch_modules import RandomNoise, construct

    return construct(RandomNoise, tuple(p.shape), p.distribution)


def _unlink_infer(p: UnlinkParams, inputs: list[Shape]) -> Shape:
    return inputs[0]


def _unlink_build(p: UnlinkParams, inputs: list[Shape]) -> nn.Module:
    from ..torch_modules import Unlink, construct

    return construct(Unlink)


def _noise_summary(p: RandomNoiseParams) -> str:
    return f"{p.distribution} {'×'.join(str(d) for d in p.shape)}"


LAYERS: list[Layer[Any]] = [
    Layer(
        type="RandomNoise",
        category="generative",
        title=Text("Random noise", "ランダムノイズ"),
        help=Text(
            "Fresh random numbers for every sample of each batch, with no input: where a "
            "generator (GAN) starts.",
            "入力なしで、バッチの各サンプルに毎回新しい乱数を出します。生成器（GAN）の出発点です。",
        ),
        params=RandomNoiseParams,
        infer=_noise_infer,
        build=_noise_build,
        inputs=Ports(0, 0),
        summary=_noise_summary,
    ),
    Layer(
        type="Unlink",
        category="generative",
        title=Text("Unlink", "勾配の切断"),
        help=Text(
            "Passes its input on unchanged, but no gradient flows back through it "
            "(x.detach()): training after it leaves the nodes before it alone.",
            "入力をそのまま渡しますが、勾配は逆向きに流れません（x.detach()）。"
            "この先の学習は、手前のノードを変えません。",
        ),
        params=UnlinkParams,
        infer=_unlink_infer,
        build=_unlink_build,
    ),
]
