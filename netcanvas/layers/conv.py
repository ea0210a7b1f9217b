"""Convolutions: Conv1d, Conv2d, Conv3d (one rank-generic path) and ConvTranspose2d."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Literal

from pydantic import create_model

from .base import (
    AXES,
    Cost,
    Layer,
    LayerParams,
    Padding2,
    PositiveInt,
    Shape,
    ShapeError,
    Size2,
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

OUT_CHANNELS = (
    "Output channels",
    "出力チャネル数",
    "Number of filters, one output map each.",
    "フィルタ数（出力マップの数）。",
)
KERNEL = ("Kernel size", "カーネルサイズ", "Size of each filter window.", "フィルタ窓の大きさ。")
STRIDE = ("Stride", "ストライド", "Step between windows.", "窓をずらす間隔。")
PADDING = (
    "Padding",
    "パディング",
    "Zeros added on each side; 'same' keeps the size (stride 1 only).",
    "両端に加える 0 の数。'same' は大きさを保ちます（ストライド 1 のみ）。",
)
DILATION = ("Dilation", "膨張率", "Spacing between kernel elements.", "カーネル要素の間隔。")
GROUPS = (
    "Groups",
    "グループ数",
    "Split channels into this many independent groups; must divide both channel counts.",
    "チャネルを独立したグループに分けます。入出力のチャネル数を割り切る必要があります。",
)
BIAS = (
    "Bias",
    "バイアス",
    "Add a learned bias per output channel.",
    "出力チャネルごとに学習されるバイアスを加えます。",
)


class ConvParams(LayerParams):
    """What every convolution takes; `conv_params(rank)` narrows the sizes to its rank."""

    out_channels: PositiveInt = param(16, *OUT_CHANNELS)
    kernel_size: int | list[int] = param(3, *KERNEL)
    stride: int | list[int] = param(1, *STRIDE)
    padding: int | list[int] | Literal["same", "valid"] = param(0, *PADDING)
    dilation: int | list[int] = param(1, *DILATION)
    groups: PositiveInt = param(1, *GROUPS)
    bias: bool = param(True, *BIAS)


SAME_OR_VALID: Any = Literal["same", "valid"]


def conv_params(rank: int) -> type[ConvParams]:
    """The parameter model of a `rank`-axis convolution (Conv1dParams, Conv2dParams, ...)."""
    check_rank(rank)
    return create_model(
        f"Conv{rank}dParams",
        __base__=ConvParams,
        kernel_size=(sizes(rank), param(3, *KERNEL)),
        stride=(sizes(rank), param(1, *STRIDE)),
        padding=(paddings(rank) | SAME_OR_VALID, param(0, *PADDING)),
        dilation=(sizes(rank), param(1, *DILATION)),
    )


class ConvTranspose2dParams(LayerParams):
    out_channels: PositiveInt = param(16, *OUT_CHANNELS)
    kernel_size: Size2 = param(2, *KERNEL)
    stride: Size2 = param(2, *STRIDE)
    padding: Padding2 = param(
        0,
        "Padding",
        "パディング",
        "Rows and columns trimmed from each side.",
        "両端から取り除く行・列の数。",
    )
    output_padding: Padding2 = param(
        0,
        "Output padding",
        "出力パディング",
        "Extra rows and columns added on one side to reach an exact size.",
        "正確な大きさにするため片側に加える行・列の数。",
    )
    dilation: Size2 = param(1, *DILATION)
    groups: PositiveInt = param(1, *GROUPS)
    bias: bool = param(True, *BIAS)


def _check_groups(in_channels: int, out_channels: int, groups: int) -> None:
    if in_channels % groups or out_channels % groups:
        raise ShapeError(
            field="groups",
            code="shape.groups_divide",
            groups=groups,
            in_channels=in_channels,
            out_channels=out_channels,
        )


def _conv_infer(p: ConvParams, shape: Shape, rank: int) -> Shape:
    need_rank(f"Conv{rank}d", shape, rank + 1, layout(rank))
    _check_groups(shape[0], p.out_channels, p.groups)
    kernel, stride, dilation = (pair(v, rank) for v in (p.kernel_size, p.stride, p.dilation))
    sizes = shape[1:]
    if p.padding == "same":
        if any(s != 1 for s in stride):
            raise ShapeError(field="padding", code="shape.same_needs_stride_1")
        return (p.out_channels, *sizes)
    pads = (0,) * rank if p.padding == "valid" else pair(p.padding, rank)
    out = tuple(
        sliding(size, k, s, pad, d, axis_name=ax)
        for size, k, s, pad, d, ax in zip(
            sizes, kernel, stride, pads, dilation, AXES[rank], strict=True
        )
    )
    return (p.out_channels, *out)


def _conv_cost(p: ConvParams, inputs: list[Shape], out: Shape) -> Cost:
    rank = len(out) - 1
    per_output = inputs[0][0] // p.groups * math.prod(pair(p.kernel_size, rank))
    return Cost(p.out_channels * (per_output + p.bias), numel(out) * per_output)


def _conv_weights(p: ConvParams, inputs: list[Shape], rank: int) -> dict[str, Shape]:
    kernel = pair(p.kernel_size, rank)
    weight: dict[str, Shape] = {"weight": (p.out_channels, inputs[0][0] // p.groups, *kernel)}
    return weight | {"bias": (p.out_channels,)} if p.bias else weight


def _conv_build(p: ConvParams, inputs: list[Shape], rank: int) -> nn.Module:
    """nn.Conv1d, Conv2d or Conv3d as `rank` says; any other rank, or input, is refused."""
    from torch import nn

    from ..torch_modules import construct

    check_rank(rank)
    need_rank(f"Conv{rank}d", inputs[0], rank + 1, layout(rank))
    conv: type[nn.Conv1d | nn.Conv2d | nn.Conv3d] = getattr(nn, f"Conv{rank}d")
    return construct(
        conv,
        inputs[0][0],
        p.out_channels,
        torch_arg(p.kernel_size),
        stride=torch_arg(p.stride),
        padding=torch_arg(p.padding),
        dilation=torch_arg(p.dilation),
        groups=p.groups,
        bias=p.bias,
    )


def conv_summary(p: ConvParams | ConvTranspose2dParams, rank: int) -> str:
    """ "16 @ 5×5", with the stride and padding when they are not the defaults."""
    extras = [f"s{number(p.stride)}"] if p.stride != 1 else []
    if p.padding in ("same", "valid"):
        extras.append(str(p.padding))
    elif p.padding != 0:
        extras.append(f"p{number(p.padding)}")
    return ", ".join([f"{p.out_channels} @ {window(p.kernel_size, rank)}", *extras])


def _transpose_infer(p: ConvTranspose2dParams, inputs: list[Shape]) -> Shape:
    (shape,) = inputs
    need_rank("ConvTranspose2d", shape, 3, "[C, H, W]")
    _check_groups(shape[0], p.out_channels, p.groups)
    out = []
    for size, k, s, pad, extra, d, ax in zip(
        shape[1:],
        pair(p.kernel_size),
        pair(p.stride),
        pair(p.padding),
        pair(p.output_padding),
        pair(p.dilation),
        "HW",
        strict=True,
    ):
        if extra >= max(s, d):
            raise ShapeError(
                field="output_padding", code="shape.output_padding", extra=extra, axis=ax
            )
        length = (size - 1) * s - 2 * pad + d * (k - 1) + extra + 1
        if length < 1:
            raise ShapeError(
                field="padding", code="shape.padding_trims", pad=pad, axis=ax, shape=fmt(shape)
            )
        out.append(length)
    return (p.out_channels, *out)


def _transpose_cost(p: ConvTranspose2dParams, inputs: list[Shape], out: Shape) -> Cost:
    in_channels = inputs[0][0]
    per_input = p.out_channels // p.groups * math.prod(pair(p.kernel_size))
    # Every input value is multiplied into out_channels / groups × kernel outputs.
    return Cost(in_channels * per_input + p.out_channels * p.bias, numel(inputs[0]) * per_input)


def _transpose_weights(p: ConvTranspose2dParams, inputs: list[Shape]) -> dict[str, Shape]:
    kernel = pair(p.kernel_size)
    weight: dict[str, Shape] = {"weight": (inputs[0][0], p.out_channels // p.groups, *kernel)}
    return weight | {"bias": (p.out_channels,)} if p.bias else weight


def _transpose_build(p: ConvTranspose2dParams, inputs: list[Shape]) -> nn.Module:
    from torch import nn

    from ..torch_modules import construct

    return construct(
        nn.ConvTranspose2d,
        inputs[0][0],
        p.out_channels,
        torch_arg(p.kernel_size),
        stride=torch_arg(p.stride),
        padding=torch_arg(p.padding),
        output_padding=torch_arg(p.output_padding),
        groups=p.groups,
        bias=p.bias,
        dilation=torch_arg(p.dilation),
    )


def conv_layer(rank: int, title: Text, help: Text) -> Layer[Any]:
    """The catalogue entry of a `rank`-axis convolution: a new rank is one call."""
    check_rank(rank)
    return Layer(
        type=f"Conv{rank}d",
        category="convolution",
        title=title,
        help=help,
        params=conv_params(rank),
        infer=lambda p, ins: _conv_infer(p, ins[0], rank),
        cost=_conv_cost,
        build=lambda p, ins: _conv_build(p, ins, rank),
        summary=lambda p: conv_summary(p, rank),
        weights=lambda p, ins: _conv_weights(p, ins, rank),
    )


LAYERS: list[Layer[Any]] = [
    conv_layer(
        1,
        Text("Convolution 1D", "1次元畳み込み"),
        Text(
            "Slides learned filters along a sequence [C, L].",
            "学習されたフィルタを系列 [C, L] に沿ってずらしながら適用します。",
        ),
    ),
    conv_layer(
        2,
        Text("Convolution 2D", "2次元畳み込み"),
        Text(
            "Slides learned filters over an image [C, H, W].",
            "学習されたフィルタを画像 [C, H, W] 上でずらしながら適用します。",
        ),
    ),
    conv_layer(
        3,
        Text("Convolution 3D", "3次元畳み込み"),
        Text(
            "Slides learned filters through a volume or video [C, D, H, W].",
            "学習されたフィルタを立体や動画 [C, D, H, W] の中でずらしながら適用します。",
        ),
    ),
    Layer(
        type="ConvTranspose2d",
        category="convolution",
        title=Text("Transposed convolution 2D", "2次元転置畳み込み"),
        help=Text(
            "Upsamples an image with learned filters (the decoder half of an autoencoder).",
            "学習されたフィルタで画像を拡大します（自己符号化器のデコーダなど）。",
        ),
        params=ConvTranspose2dParams,
        infer=_transpose_infer,
        cost=_transpose_cost,
        build=_transpose_build,
        summary=lambda p: conv_summary(p, 2),
        weights=_transpose_weights,
    ),
]
