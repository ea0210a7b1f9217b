"""Layers that reshape or join tensors: Flatten, Reshape, Concat, Add, Multiply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from .base import (
    MAX_SIZE,
    Cost,
    Layer,
    LayerParams,
    NoParams,
    Ports,
    Shape,
    ShapeError,
    Text,
    axis,
    fmt,
    numel,
    param,
)

if TYPE_CHECKING:
    from torch import nn

AxisInt = Annotated[int, Field(ge=-8, le=7)]


class FlattenParams(LayerParams):
    start_dim: AxisInt = param(
        0, "First axis", "開始軸", "First per-sample axis to merge.", "結合を始めるサンプル内の軸。"
    )
    end_dim: AxisInt = param(
        -1, "Last axis", "終了軸", "Last per-sample axis to merge.", "結合を終えるサンプル内の軸。"
    )


def _flatten_infer(p: FlattenParams, inputs: list[Shape]) -> Shape:
    (shape,) = inputs
    rank = len(shape)
    start, end = axis(p.start_dim, rank, "start_dim"), axis(p.end_dim, rank, "end_dim")
    if start > end:
        raise ShapeError(
            field="start_dim", code="shape.dims_order", start=p.start_dim, end=p.end_dim
        )
    return (*shape[:start], numel(shape[start : end + 1]), *shape[end + 1 :])


def _flatten_build(p: FlattenParams, inputs: list[Shape]) -> nn.Module:
    from torch import nn

    from ..torch_modules import construct

    rank = len(inputs[0])
    return construct(nn.Flatten, p.start_dim % rank + 1, p.end_dim % rank + 1)


class ReshapeParams(LayerParams):
    shape: Annotated[
        list[Annotated[int, Field(ge=-1, le=MAX_SIZE)]], Field(min_length=1, max_length=4)
    ] = param(
        [-1],
        "Shape",
        "形状",
        "New per-sample shape; one -1 takes whatever size is left.",
        "新しいサンプルの形状。-1 を1つ使うと残りの大きさになります。",
    )


def _reshape_infer(p: ReshapeParams, inputs: list[Shape]) -> Shape:
    size = numel(inputs[0])
    if 0 in p.shape or p.shape.count(-1) > 1:
        raise ShapeError(field="shape", code="shape.reshape_sizes")
    known = numel(tuple(d for d in p.shape if d != -1))
    if -1 in p.shape:
        if size % known:
            raise ShapeError(
                field="shape",
                code="shape.reshape_multiple",
                shape=fmt(inputs[0]),
                size=size,
                target=fmt(tuple(p.shape)),
                known=known,
            )
        return tuple(size // known if d == -1 else d for d in p.shape)
    if known != size:
        raise ShapeError(
            field="shape",
            code="shape.reshape_count",
            shape=fmt(inputs[0]),
            size=size,
            target=fmt(tuple(p.shape)),
            known=known,
        )
    return tuple(p.shape)


def _reshape_build(p: ReshapeParams, inputs: list[Shape]) -> nn.Module:
    from ..torch_modules import Reshape, construct

    return construct(Reshape, _reshape_infer(p, inputs))


class ConcatParams(LayerParams):
    dim: AxisInt = param(
        0,
        "Axis",
        "軸",
        "Per-sample axis to join along (0: channels).",
        "結合するサンプル内の軸（0 はチャネル）。",
    )


def _concat_infer(p: ConcatParams, inputs: list[Shape]) -> Shape:
    rank = len(inputs[0])
    if any(len(s) != rank for s in inputs):
        raise ShapeError(code="shape.concat_rank", shapes=", ".join(fmt(s) for s in inputs))
    dim = axis(p.dim, rank)
    for shape in inputs[1:]:
        if any(a != b for i, (a, b) in enumerate(zip(shape, inputs[0], strict=True)) if i != dim):
            raise ShapeError(
                code="shape.concat_axes", dim=p.dim, shapes=", ".join(fmt(s) for s in inputs)
            )
    total = sum(s[dim] for s in inputs)
    return (*inputs[0][:dim], total, *inputs[0][dim + 1 :])


def _concat_build(p: ConcatParams, inputs: list[Shape]) -> nn.Module:
    from ..torch_modules import Concat, construct

    return construct(Concat, axis(p.dim, len(inputs[0])) + 1)


def _same_shapes(name: str) -> Any:
    def infer(p: NoParams, inputs: list[Shape]) -> Shape:
        if any(s != inputs[0] for s in inputs):
            raise ShapeError(
                code="shape.same", layer=name, shapes=", ".join(fmt(s) for s in inputs)
            )
        return inputs[0]

    return infer


def _module(name: str) -> Any:
    def build(p: NoParams, inputs: list[Shape]) -> nn.Module:
        from .. import torch_modules

        module: nn.Module = torch_modules.construct(getattr(torch_modules, name))
        return module

    return build


MANY = Ports(2, None)

LAYERS: list[Layer[Any]] = [
    Layer(
        type="Flatten",
        category="structure",
        title=Text("Flatten", "平坦化"),
        help=Text(
            "Merges axes into one: [C, H, W] becomes [C·H·W].",
            "軸を1つにまとめます：[C, H, W] が [C·H·W] になります。",
        ),
        params=FlattenParams,
        infer=_flatten_infer,
        build=_flatten_build,
        summary=lambda p: (
            "" if (p.start_dim, p.end_dim) == (0, -1) else f"{p.start_dim}…{p.end_dim}"
        ),
    ),
    Layer(
        type="Reshape",
        category="structure",
        title=Text("Reshape", "形状変更"),
        help=Text("Gives the same values a new shape.", "同じ値に新しい形状を与えます。"),
        params=ReshapeParams,
        infer=_reshape_infer,
        build=_reshape_build,
        summary=lambda p: "[" + ", ".join(str(d) for d in p.shape) + "]",
    ),
    Layer(
        type="Concat",
        category="structure",
        title=Text("Concatenate", "連結"),
        help=Text(
            "Joins its inputs, in port order, along one axis.",
            "入力をポート順に1つの軸に沿って連結します。",
        ),
        params=ConcatParams,
        infer=_concat_infer,
        build=_concat_build,
        summary=lambda p: f"dim {p.dim}",
        inputs=MANY,
    ),
    Layer(
        type="Add",
        category="structure",
        title=Text("Add", "加算"),
        help=Text(
            "Adds inputs of the same shape element by element (residual connections).",
            "同じ形状の入力を要素ごとに足します（残差接続）。",
        ),
        params=NoParams,
        infer=_same_shapes("Add"),
        build=_module("Add"),
        inputs=MANY,
        cost=lambda p, ins, out: Cost(0, 0),
    ),
    Layer(
        type="Multiply",
        category="structure",
        title=Text("Multiply", "乗算"),
        help=Text(
            "Multiplies inputs of the same shape element by element (gating).",
            "同じ形状の入力を要素ごとに掛けます（ゲーティング）。",
        ),
        params=NoParams,
        infer=_same_shapes("Multiply"),
        build=_module("Multiply"),
        inputs=MANY,
        cost=lambda p, ins, out: Cost(0, numel(out) * (len(ins) - 1)),
    ),
]
