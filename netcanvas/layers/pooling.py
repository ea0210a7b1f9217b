"""Pooling and resizing of images [C, H, W]: max, average, sum, global average, upsample."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from .base import (
    Cost,
    Layer,
    LayerParams,
    Padding2,
    Shape,
    ShapeError,
    Size2,
    Text,
    fmt,
    need_rank,
    numel,
    pair,
    param,
    sliding,
    torch_arg,
)

if TYPE_CHECKING:
    from torch import nn

KERNEL = ("Kernel size", "カーネルサイズ", "Size of each pooling window.", "プーリング窓の大きさ。")
STRIDE = (
    "Stride",
    "ストライド",
    "Step between windows; empty means the kernel size.",
    "窓をずらす間隔。空ならカーネルサイズと同じ。",
)
PADDING = (
    "Padding",
    "パディング",
    "Padding on each side; at most half the kernel.",
    "両端のパディング。カーネルの半分まで。",
)
CEIL = (
    "Ceil mode",
    "切り上げ",
    "Keep a last partial window instead of dropping it.",
    "端の不完全な窓を捨てずに残します。",
)


class MaxPool2dParams(LayerParams):
    kernel_size: Size2 = param(2, *KERNEL)
    stride: Size2 | None = param(None, *STRIDE)
    padding: Padding2 = param(0, *PADDING)
    dilation: Size2 = param(
        1, "Dilation", "膨張率", "Spacing between window elements.", "窓の要素の間隔。"
    )
    ceil_mode: bool = param(False, *CEIL)


class AvgPool2dParams(LayerParams):
    kernel_size: Size2 = param(2, *KERNEL)
    stride: Size2 | None = param(None, *STRIDE)
    padding: Padding2 = param(0, *PADDING)
    ceil_mode: bool = param(False, *CEIL)
    count_include_pad: bool = param(
        True,
        "Count padding",
        "パディングを数える",
        "Count padded zeros when averaging.",
        "平均をとるときにパディングの 0 も数に入れます。",
    )


class SumPool2dParams(LayerParams):
    kernel_size: Size2 = param(2, *KERNEL)
    stride: Size2 | None = param(None, *STRIDE)
    padding: Padding2 = param(0, *PADDING)
    ceil_mode: bool = param(False, *CEIL)


AnyPool = MaxPool2dParams | AvgPool2dParams | SumPool2dParams


def _pool_infer(name: str, p: AnyPool, inputs: list[Shape]) -> Shape:
    (shape,) = inputs
    need_rank(name, shape, 3, "[C, H, W]")
    kernel = pair(p.kernel_size)
    stride = pair(p.stride if p.stride is not None else p.kernel_size)
    dilation = pair(p.dilation) if isinstance(p, MaxPool2dParams) else (1, 1)
    out = [shape[0]]
    for size, k, s, pad, d, ax in zip(
        shape[1:], kernel, stride, pair(p.padding), dilation, "HW", strict=True
    ):
        if 2 * pad > k:  # PyTorch's rule: half the kernel, whatever the dilation
            raise ShapeError(
                f"padding {pad} is more than half the window {k} along {ax}", "padding"
            )
        out.append(sliding(size, k, s, pad, d, ceil_mode=p.ceil_mode, axis_name=ax))
    return tuple(out)


def _window_cost(p: AnyPool, inputs: list[Shape], out: Shape) -> Cost:
    return Cost(0, numel(out) * math.prod(pair(p.kernel_size)))


def _max_build(p: MaxPool2dParams, inputs: list[Shape]) -> nn.Module:
    from torch import nn

    from ..torch_modules import construct

    return construct(
        nn.MaxPool2d,
        torch_arg(p.kernel_size),
        torch_arg(p.stride),
        torch_arg(p.padding),
        torch_arg(p.dilation),
        ceil_mode=p.ceil_mode,
    )


def _avg_build(p: AvgPool2dParams, inputs: list[Shape]) -> nn.Module:
    from torch import nn

    from ..torch_modules import construct

    return construct(
        nn.AvgPool2d,
        torch_arg(p.kernel_size),
        torch_arg(p.stride),
        torch_arg(p.padding),
        ceil_mode=p.ceil_mode,
        count_include_pad=p.count_include_pad,
    )


def _sum_build(p: SumPool2dParams, inputs: list[Shape]) -> nn.Module:
    from torch import nn

    from ..torch_modules import construct

    # An average with divisor 1 is a sum: PyTorch's own kernel, no custom module.
    return construct(
        nn.AvgPool2d,
        torch_arg(p.kernel_size),
        torch_arg(p.stride),
        torch_arg(p.padding),
        ceil_mode=p.ceil_mode,
        count_include_pad=True,
        divisor_override=1,
    )


class GlobalAvgPool2dParams(LayerParams):
    pass


def _global_infer(p: GlobalAvgPool2dParams, inputs: list[Shape]) -> Shape:
    need_rank("GlobalAvgPool2d", inputs[0], 3, "[C, H, W]")
    return inputs[0][:1]


def _global_build(p: GlobalAvgPool2dParams, inputs: list[Shape]) -> nn.Module:
    from ..torch_modules import GlobalAvgPool2d, construct

    return construct(GlobalAvgPool2d)


Scale = Annotated[float, Field(gt=0, le=64)]


class UpsampleParams(LayerParams):
    scale_factor: Scale | Annotated[list[Scale], Field(min_length=2, max_length=2)] = param(
        2.0,
        "Scale",
        "倍率",
        "Multiply height and width by this.",
        "高さと幅をこの倍率で拡大します。",
    )
    mode: Literal["nearest", "bilinear"] = param(
        "nearest", "Mode", "補間方法", "How new pixels are filled in.", "新しい画素の埋め方。"
    )


def _upsample_infer(p: UpsampleParams, inputs: list[Shape]) -> Shape:
    (shape,) = inputs
    need_rank("Upsample", shape, 3, "[C, H, W]")
    scales = p.scale_factor if isinstance(p.scale_factor, list) else [p.scale_factor] * 2
    out = tuple(math.floor(float(size) * s) for size, s in zip(shape[1:], scales, strict=True))
    if min(out) < 1:
        raise ShapeError(f"scale_factor shrinks {fmt(shape)} to nothing", "scale_factor")
    return (shape[0], *out)


def _upsample_build(p: UpsampleParams, inputs: list[Shape]) -> nn.Module:
    from torch import nn

    from ..torch_modules import construct

    scale = tuple(p.scale_factor) if isinstance(p.scale_factor, list) else p.scale_factor
    align = False if p.mode == "bilinear" else None
    return construct(nn.Upsample, scale_factor=scale, mode=p.mode, align_corners=align)


LAYERS: list[Layer[Any]] = [
    Layer(
        type="MaxPool2d",
        category="pooling",
        title=Text("Max pooling 2D", "最大値プーリング"),
        help=Text("Keeps the largest value of each window.", "各窓の最大値を残します。"),
        params=MaxPool2dParams,
        infer=lambda p, ins: _pool_infer("MaxPool2d", p, ins),
        cost=lambda p, ins, out: Cost(),
        build=_max_build,
    ),
    Layer(
        type="AvgPool2d",
        category="pooling",
        title=Text("Average pooling 2D", "平均値プーリング"),
        help=Text("Averages each window.", "各窓の平均をとります。"),
        params=AvgPool2dParams,
        infer=lambda p, ins: _pool_infer("AvgPool2d", p, ins),
        cost=_window_cost,
        build=_avg_build,
    ),
    Layer(
        type="SumPool2d",
        category="pooling",
        title=Text("Sum pooling 2D", "合計値プーリング"),
        help=Text("Adds up each window.", "各窓の合計をとります。"),
        params=SumPool2dParams,
        infer=lambda p, ins: _pool_infer("SumPool2d", p, ins),
        cost=_window_cost,
        build=_sum_build,
    ),
    Layer(
        type="GlobalAvgPool2d",
        category="pooling",
        title=Text("Global average pooling", "グローバル平均プーリング"),
        help=Text(
            "Averages each channel over the whole image: [C, H, W] becomes [C].",
            "各チャネルを画像全体で平均します：[C, H, W] が [C] になります。",
        ),
        params=GlobalAvgPool2dParams,
        infer=_global_infer,
        cost=lambda p, ins, out: Cost(0, numel(ins[0])),
        build=_global_build,
    ),
    Layer(
        type="Upsample",
        category="pooling",
        title=Text("Upsample", "アップサンプリング"),
        help=Text(
            "Enlarges an image by a scale factor, without learned weights.",
            "学習する重みなしで画像を拡大します。",
        ),
        params=UpsampleParams,
        infer=_upsample_infer,
        build=_upsample_build,
    ),
]
