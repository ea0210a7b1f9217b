"""Pooling and resizing: max, average and sum pooling of sequences, images and volumes (one
rank-generic path), global average and upsample of images [C, H, W]."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, create_model

from .base import (
    AXES,
    Cost,
    Layer,
    LayerParams,
    Shape,
    ShapeError,
    Text,
    check_rank,
    fmt,
    layout,
    need_rank,
    number,
    numel,
    paddings,
    pair,
    param,
    sizes,
    sliding,
    torch_arg,
    window,
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
DILATION = ("Dilation", "膨張率", "Spacing between window elements.", "窓の要素の間隔。")
CEIL = (
    "Ceil mode",
    "切り上げ",
    "Keep a last partial window instead of dropping it.",
    "端の不完全な窓を捨てずに残します。",
)


class WindowPoolParams(LayerParams):
    """What max, average and sum pooling share; `pool_params` narrows sizes to a rank."""

    kernel_size: int | list[int] = param(2, *KERNEL)
    stride: int | list[int] | None = param(None, *STRIDE)
    padding: int | list[int] = param(0, *PADDING)


class MaxPoolParams(WindowPoolParams):
    dilation: int | list[int] = param(1, *DILATION)
    ceil_mode: bool = param(False, *CEIL)


class AvgPoolParams(WindowPoolParams):
    ceil_mode: bool = param(False, *CEIL)
    count_include_pad: bool = param(
        True,
        "Count padding",
        "パディングを数える",
        "Count padded zeros when averaging.",
        "平均をとるときにパディングの 0 も数に入れます。",
    )


class SumPoolParams(WindowPoolParams):
    ceil_mode: bool = param(False, *CEIL)


AnyPool = MaxPoolParams | AvgPoolParams | SumPoolParams
KINDS: dict[str, type[AnyPool]] = {"Max": MaxPoolParams, "Avg": AvgPoolParams, "Sum": SumPoolParams}


def pool_params(kind: str, rank: int) -> type[AnyPool]:
    """The parameter model of `kind` ("Max", "Avg", "Sum") pooling over `rank` axes."""
    check_rank(rank)
    fields: dict[str, Any] = {
        "kernel_size": (sizes(rank), param(2, *KERNEL)),
        "stride": (sizes(rank) | None, param(None, *STRIDE)),
        "padding": (paddings(rank), param(0, *PADDING)),
    }
    if kind == "Max":
        fields["dilation"] = (sizes(rank), param(1, *DILATION))
    name = f"{kind}Pool{rank}dParams"
    return create_model(name, __base__=KINDS[kind], **fields)


def _pool_infer(p: AnyPool, inputs: list[Shape], kind: str, rank: int) -> Shape:
    (shape,) = inputs
    need_rank(f"{kind}Pool{rank}d", shape, rank + 1, layout(rank))
    kernel = pair(p.kernel_size, rank)
    stride = pair(p.stride if p.stride is not None else p.kernel_size, rank)
    dilation = pair(p.dilation, rank) if isinstance(p, MaxPoolParams) else (1,) * rank
    out = [shape[0]]
    for size, k, s, pad, d, ax in zip(
        shape[1:], kernel, stride, pair(p.padding, rank), dilation, AXES[rank], strict=True
    ):
        if 2 * pad > k:  # PyTorch's rule: half the kernel, whatever the dilation
            raise ShapeError(field="padding", code="shape.pool_padding", pad=pad, kernel=k, axis=ax)
        if rank == 3 and kind != "Max" and size < k:  # nn.AvgPool3d's own rule
            raise ShapeError(
                field="kernel_size", code="shape.avg_pool3d_window", size=size, kernel=k, axis=ax
            )
        out.append(sliding(size, k, s, pad, d, ceil_mode=p.ceil_mode, axis_name=ax))
    return tuple(out)


def _window_cost(p: AnyPool, inputs: list[Shape], out: Shape) -> Cost:
    rank = len(out) - 1
    return Cost(0, numel(out) * math.prod(pair(p.kernel_size, rank)))


def _pool_build(p: AnyPool, inputs: list[Shape], kind: str, rank: int) -> nn.Module:
    """nn.MaxPoolNd, nn.AvgPoolNd or a SumPool of `rank` axes; any other rank, or input, is
    refused."""
    from torch import nn

    from ..torch_modules import construct

    check_rank(rank)
    need_rank(f"{kind}Pool{rank}d", inputs[0], rank + 1, layout(rank))
    if isinstance(p, SumPoolParams):
        return _sum_pool(p, inputs[0], rank)
    window_args = (torch_arg(p.kernel_size), torch_arg(p.stride), torch_arg(p.padding))
    if isinstance(p, MaxPoolParams):
        cls = getattr(nn, f"MaxPool{rank}d")
        return construct(cls, *window_args, torch_arg(p.dilation), ceil_mode=p.ceil_mode)  # type: ignore[no-any-return]
    options = {"ceil_mode": p.ceil_mode, "count_include_pad": p.count_include_pad}
    module: nn.Module = construct(getattr(nn, f"AvgPool{rank}d"), *window_args, **options)
    return module


def _sum_pool(p: SumPoolParams, shape: Shape, rank: int) -> nn.Module:
    """Sum pooling that ONNX exports as it runs (`torch_modules.SumPool`), in ceil mode too:
    zeros at the end of each axis where the last window hangs over it."""
    from ..torch_modules import SumPool, construct

    kernel = pair(p.kernel_size, rank)
    stride = pair(p.stride if p.stride is not None else p.kernel_size, rank)
    end_padding = tuple(
        max(0, (_pool_length(size, k, s, pad, p.ceil_mode) - 1) * s + k - (size + 2 * pad))
        for size, k, s, pad in zip(shape[1:], kernel, stride, pair(p.padding, rank), strict=True)
    )
    args = (kernel, torch_arg(p.stride), torch_arg(p.padding))
    if any(end_padding):
        return construct(SumPool, rank, *args, end_padding)
    module: nn.Module = construct(SumPool, rank, *args)
    return module


def _pool_length(size: int, kernel: int, stride: int, pad: int, ceil_mode: bool) -> int:
    return sliding(size, kernel, stride, pad, 1, ceil_mode=ceil_mode, axis_name="")


def pool_summary(p: AnyPool, rank: int) -> str:
    """ "2×2", with the stride when it is not the kernel size, and the padding and ceil mode
    when they are set, as a convolution's summary shows them: they change the output's size."""
    extras = []
    if p.stride is not None and p.stride != p.kernel_size:
        extras.append(f"s{number(p.stride)}")
    if p.padding not in (0, [0] * rank):
        extras.append(f"p{number(p.padding)}")
    if p.ceil_mode:
        extras.append("ceil")
    return ", ".join([window(p.kernel_size, rank), *extras])


def pool_layer(kind: str, rank: int, title: Text, help: Text) -> Layer[Any]:
    """The catalogue entry of `kind` pooling over `rank` axes: a new rank is one call."""
    return Layer(
        type=f"{kind}Pool{rank}d",
        category="pooling",
        title=title,
        help=help,
        params=pool_params(kind, rank),
        infer=lambda p, ins: _pool_infer(p, ins, kind, rank),
        # A max costs comparisons, not multiply-adds.
        cost=(lambda p, ins, out: Cost()) if kind == "Max" else _window_cost,
        build=lambda p, ins: _pool_build(p, ins, kind, rank),
        summary=lambda p: pool_summary(p, rank),
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
        raise ShapeError(field="scale_factor", code="shape.scale_to_nothing", shape=fmt(shape))
    return (shape[0], *out)


def _upsample_build(p: UpsampleParams, inputs: list[Shape]) -> nn.Module:
    from torch import nn

    from ..torch_modules import construct

    scale = tuple(p.scale_factor) if isinstance(p.scale_factor, list) else p.scale_factor
    align = False if p.mode == "bilinear" else None
    return construct(nn.Upsample, scale_factor=scale, mode=p.mode, align_corners=align)


LAYERS: list[Layer[Any]] = [
    pool_layer(
        "Max",
        2,
        Text("Max pooling 2D", "最大値プーリング"),
        Text("Keeps the largest value of each window.", "各窓の最大値を残します。"),
    ),
    pool_layer(
        "Max",
        3,
        Text("Max pooling 3D", "3次元最大値プーリング"),
        Text(
            "Keeps the largest value of each window of a volume [C, D, H, W].",
            "立体 [C, D, H, W] の各窓の最大値を残します。",
        ),
    ),
    pool_layer(
        "Avg",
        2,
        Text("Average pooling 2D", "平均値プーリング"),
        Text("Averages each window.", "各窓の平均をとります。"),
    ),
    pool_layer(
        "Sum",
        2,
        Text("Sum pooling 2D", "合計値プーリング"),
        Text("Adds up each window.", "各窓の合計をとります。"),
    ),
    pool_layer(
        "Max",
        1,
        Text("Max pooling 1D", "1次元最大値プーリング"),
        Text(
            "Keeps the largest value of each window of a sequence [C, L], as Conv1d gives.",
            "系列 [C, L]（Conv1d の出力の形）の各窓の最大値を残します。",
        ),
    ),
    pool_layer(
        "Avg",
        1,
        Text("Average pooling 1D", "1次元平均値プーリング"),
        Text(
            "Averages each window of a sequence [C, L], as Conv1d gives.",
            "系列 [C, L]（Conv1d の出力の形）の各窓の平均をとります。",
        ),
    ),
    pool_layer(
        "Sum",
        1,
        Text("Sum pooling 1D", "1次元合計値プーリング"),
        Text(
            "Adds up each window of a sequence [C, L], as Conv1d gives.",
            "系列 [C, L]（Conv1d の出力の形）の各窓の合計をとります。",
        ),
    ),
    pool_layer(
        "Avg",
        3,
        Text("Average pooling 3D", "3次元平均値プーリング"),
        Text(
            "Averages each window of a volume [C, D, H, W].",
            "立体 [C, D, H, W] の各窓の平均をとります。",
        ),
    ),
    pool_layer(
        "Sum",
        3,
        Text("Sum pooling 3D", "3次元合計値プーリング"),
        Text(
            "Adds up each window of a volume [C, D, H, W].",
            "立体 [C, D, H, W] の各窓の合計をとります。",
        ),
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
        summary=lambda p: f"×{number(p.scale_factor)} {p.mode}",
    ),
]
