"""Normalisation and regularisation: BatchNorm1d/2d, LayerNorm, InstanceNorm2d, GroupNorm,
Dropout."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from .base import (
    MAX_SIZE,
    Cost,
    Layer,
    LayerParams,
    Shape,
    ShapeError,
    Text,
    fmt,
    number,
    numel,
    param,
)

if TYPE_CHECKING:
    from torch import nn

EPS = (
    "Epsilon",
    "イプシロン",
    "Added to the variance to avoid dividing by zero.",
    "0 での割り算を避けるため分散に加える値。",
)


class BatchNormParams(LayerParams):
    eps: Annotated[float, Field(gt=0, le=1)] = param(1e-5, *EPS)
    momentum: Annotated[float, Field(gt=0, le=1)] = param(
        0.1,
        "Momentum",
        "モメンタム",
        "How fast the running mean and variance follow each batch.",
        "移動平均・分散が各バッチに追従する速さ。",
    )
    affine: bool = param(
        True,
        "Learn scale and shift",
        "スケールとシフトを学習",
        "Learn a scale and a shift per channel.",
        "チャネルごとにスケールとシフトを学習します。",
    )


def _bn1d_infer(p: BatchNormParams, inputs: list[Shape]) -> Shape:
    if len(inputs[0]) not in (1, 2):
        raise ShapeError(
            code="shape.rank", layer="BatchNorm1d", layout="[C] or [C, L]", shape=fmt(inputs[0])
        )
    return inputs[0]


def _bn2d_infer(p: BatchNormParams, inputs: list[Shape]) -> Shape:
    if len(inputs[0]) != 3:
        raise ShapeError(
            code="shape.rank", layer="BatchNorm2d", layout="[C, H, W]", shape=fmt(inputs[0])
        )
    return inputs[0]


def _bn_cost(p: BatchNormParams, inputs: list[Shape], out: Shape) -> Cost:
    return Cost(2 * out[0] * p.affine, numel(out))


def _bn_build(p: BatchNormParams, inputs: list[Shape]) -> nn.Module:
    from torch import nn

    from ..torch_modules import construct

    norm: type[nn.BatchNorm1d | nn.BatchNorm2d]
    norm = nn.BatchNorm2d if len(inputs[0]) == 3 else nn.BatchNorm1d
    return construct(norm, inputs[0][0], eps=p.eps, momentum=p.momentum, affine=p.affine)


class LayerNormParams(LayerParams):
    normalized_dims: Annotated[int, Field(ge=1, le=4)] = param(
        1,
        "Normalised axes",
        "正規化する軸数",
        "How many trailing axes to normalise over (1: the last axis only).",
        "末尾から何軸分を正規化するか（1 なら最後の軸のみ）。",
    )
    eps: Annotated[float, Field(gt=0, le=1)] = param(1e-5, *EPS)
    elementwise_affine: bool = param(
        True,
        "Learn scale and shift",
        "スケールとシフトを学習",
        "Learn a scale and a shift per element.",
        "要素ごとにスケールとシフトを学習します。",
    )


def _ln_infer(p: LayerNormParams, inputs: list[Shape]) -> Shape:
    if p.normalized_dims > len(inputs[0]):
        raise ShapeError(
            field="normalized_dims",
            code="shape.normalized_dims",
            dims=p.normalized_dims,
            shape=fmt(inputs[0]),
        )
    return inputs[0]


def _ln_cost(p: LayerNormParams, inputs: list[Shape], out: Shape) -> Cost:
    normalized = numel(out[len(out) - p.normalized_dims :])
    return Cost(2 * normalized * p.elementwise_affine, numel(out))


def _ln_build(p: LayerNormParams, inputs: list[Shape]) -> nn.Module:
    from torch import nn

    from ..torch_modules import construct

    shape = list(inputs[0][len(inputs[0]) - p.normalized_dims :])
    return construct(nn.LayerNorm, shape, eps=p.eps, elementwise_affine=p.elementwise_affine)


class InstanceNormParams(LayerParams):
    eps: Annotated[float, Field(gt=0, le=1)] = param(1e-5, *EPS)
    momentum: Annotated[float, Field(gt=0, le=1)] = param(
        0.1,
        "Momentum",
        "モメンタム",
        "How fast the running statistics follow each batch, when tracked.",
        "移動統計を記録するとき、各バッチに追従する速さ。",
    )
    affine: bool = param(
        False,
        "Learn scale and shift",
        "スケールとシフトを学習",
        "Learn a scale and a shift per channel.",
        "チャネルごとにスケールとシフトを学習します。",
    )
    track_running_stats: bool = param(
        False,
        "Track running statistics",
        "移動統計を記録",
        "Keep a running mean and variance for evaluation, as BatchNorm does.",
        "BatchNorm と同様に、評価用の移動平均・分散を記録します。",
    )


def _in_infer(p: InstanceNormParams, inputs: list[Shape]) -> Shape:
    (shape,) = inputs
    if len(shape) != 3:
        raise ShapeError(
            code="shape.rank", layer="InstanceNorm2d", layout="[C, H, W]", shape=fmt(shape)
        )
    if shape[1] * shape[2] < 2:
        raise ShapeError(
            code="shape.one_value_per_channel", layer="InstanceNorm2d", shape=fmt(shape)
        )
    return shape


def _in_build(p: InstanceNormParams, inputs: list[Shape]) -> nn.Module:
    from torch import nn

    from ..torch_modules import construct

    return construct(
        nn.InstanceNorm2d,
        inputs[0][0],
        eps=p.eps,
        momentum=p.momentum,
        affine=p.affine,
        track_running_stats=p.track_running_stats,
    )


class GroupNormParams(LayerParams):
    num_groups: Annotated[int, Field(ge=1, le=MAX_SIZE)] = param(
        2,
        "Groups",
        "グループ数",
        "Channels are split into this many groups, each normalised on its own.",
        "チャネルをこの数のグループに分け、グループごとに正規化します。",
    )
    eps: Annotated[float, Field(gt=0, le=1)] = param(1e-5, *EPS)
    affine: bool = param(
        True,
        "Learn scale and shift",
        "スケールとシフトを学習",
        "Learn a scale and a shift per channel.",
        "チャネルごとにスケールとシフトを学習します。",
    )


def _gn_infer(p: GroupNormParams, inputs: list[Shape]) -> Shape:
    (shape,) = inputs
    if not shape or shape[0] % p.num_groups:
        raise ShapeError(
            field="num_groups", code="shape.num_groups", groups=p.num_groups, shape=fmt(shape)
        )
    return shape


def _gn_build(p: GroupNormParams, inputs: list[Shape]) -> nn.Module:
    from torch import nn

    from ..torch_modules import construct

    return construct(nn.GroupNorm, p.num_groups, inputs[0][0], eps=p.eps, affine=p.affine)


class DropoutParams(LayerParams):
    p: Annotated[float, Field(ge=0, lt=1)] = param(
        0.5,
        "Drop rate",
        "ドロップ率",
        "Fraction of values zeroed during training.",
        "学習中に 0 にする値の割合。",
    )


def _dropout_build(p: DropoutParams, inputs: list[Shape]) -> nn.Module:
    from torch import nn

    from ..torch_modules import construct

    return construct(nn.Dropout, p.p)


LAYERS: list[Layer[Any]] = [
    Layer(
        type="BatchNorm1d",
        category="normalization",
        title=Text("Batch normalisation 1D", "バッチ正規化 1D"),
        help=Text(
            "Normalises each feature over the batch: [C] or [C, L].",
            "各特徴をバッチ全体で正規化します：[C] または [C, L]。",
        ),
        params=BatchNormParams,
        infer=_bn1d_infer,
        cost=_bn_cost,
        build=_bn_build,
    ),
    Layer(
        type="BatchNorm2d",
        category="normalization",
        title=Text("Batch normalisation 2D", "バッチ正規化 2D"),
        help=Text(
            "Normalises each channel of an image over the batch.",
            "画像の各チャネルをバッチ全体で正規化します。",
        ),
        params=BatchNormParams,
        infer=_bn2d_infer,
        cost=_bn_cost,
        build=_bn_build,
    ),
    Layer(
        type="LayerNorm",
        category="normalization",
        title=Text("Layer normalisation", "レイヤー正規化"),
        help=Text(
            "Normalises each sample over its last axes.", "各サンプルを末尾の軸で正規化します。"
        ),
        params=LayerNormParams,
        infer=_ln_infer,
        cost=_ln_cost,
        build=_ln_build,
    ),
    Layer(
        type="InstanceNorm2d",
        category="normalization",
        title=Text("Instance normalisation 2D", "インスタンス正規化 2D"),
        help=Text(
            "Normalises each channel of each image on its own (style transfer, small batches).",
            "各画像の各チャネルを個別に正規化します（スタイル変換、小さなバッチ向け）。",
        ),
        params=InstanceNormParams,
        infer=_in_infer,
        cost=_bn_cost,
        build=_in_build,
    ),
    Layer(
        type="GroupNorm",
        category="normalization",
        title=Text("Group normalisation", "グループ正規化"),
        help=Text(
            "Normalises groups of channels within each sample: [C, ...], any batch size.",
            "各サンプル内でチャネルのグループごとに正規化します：[C, ...]、バッチサイズによらず。",
        ),
        params=GroupNormParams,
        infer=_gn_infer,
        cost=_bn_cost,
        build=_gn_build,
        summary=lambda p: f"{p.num_groups} groups",
    ),
    Layer(
        type="Dropout",
        category="normalization",
        title=Text("Dropout", "ドロップアウト"),
        help=Text(
            "Zeroes random values while training, against overfitting, and scales the rest "
            "by 1/(1 − p); in evaluation it passes every value unchanged (no rescaling there).",
            "学習中にランダムに値を 0 にして過学習を防ぎ、残りの値を 1/(1 − p) 倍します。"
            "評価のときは値をそのまま通します（そこでの倍率の補正は不要です）。",
        ),
        params=DropoutParams,
        infer=lambda p, ins: ins[0],
        build=_dropout_build,
        summary=lambda p: f"p={number(p.p)}",
    ),
]
