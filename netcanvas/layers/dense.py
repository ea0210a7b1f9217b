"""Layers with a weight matrix on the last axis: Linear and Embedding."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import (
    Cost,
    Layer,
    LayerParams,
    NonNegativeInt,
    PositiveInt,
    Shape,
    ShapeError,
    Text,
    numel,
    param,
)

if TYPE_CHECKING:
    from torch import nn

BIAS_HELP = ("Add a learned bias.", "学習されるバイアスを加えます。")


class LinearParams(LayerParams):
    out_features: PositiveInt = param(
        10, "Output features", "出力数", "Size of each output vector.", "出力ベクトルの大きさ。"
    )
    bias: bool = param(True, "Bias", "バイアス", *BIAS_HELP)


def _linear_infer(p: LinearParams, inputs: list[Shape]) -> Shape:
    (shape,) = inputs
    if len(shape) == 0:
        raise ShapeError(code="shape.needs_axis", layer="Linear")
    return (*shape[:-1], p.out_features)


def _linear_cost(p: LinearParams, inputs: list[Shape], out: Shape) -> Cost:
    in_features = inputs[0][-1]
    weights = in_features * p.out_features + p.out_features * p.bias
    return Cost(weights, numel(out) * in_features)  # the bias adds are not counted


def _linear_weights(p: LinearParams, inputs: list[Shape]) -> dict[str, Shape]:
    weight: dict[str, Shape] = {"weight": (p.out_features, inputs[0][-1])}
    return weight | {"bias": (p.out_features,)} if p.bias else weight


def _linear_build(p: LinearParams, inputs: list[Shape]) -> nn.Module:
    from torch import nn

    from ..torch_modules import construct

    return construct(nn.Linear, inputs[0][-1], p.out_features, bias=p.bias)


class EmbeddingParams(LayerParams):
    num_embeddings: PositiveInt = param(
        1000,
        "Vocabulary size",
        "語彙数",
        "How many different token ids there are (ids run from 0 to this minus one).",
        "トークン ID の種類数（ID は 0 からこの値 - 1 まで）。",
    )
    embedding_dim: PositiveInt = param(
        32,
        "Embedding size",
        "埋め込み次元",
        "Length of each token's vector.",
        "各トークンのベクトルの長さ。",
    )
    padding_idx: NonNegativeInt | None = param(
        None,
        "Padding id",
        "パディング ID",
        "A token id whose vector stays zero and is not trained.",
        "ベクトルが 0 のまま学習されないトークン ID。",
    )


def _embedding_infer(p: EmbeddingParams, inputs: list[Shape]) -> Shape:
    if p.padding_idx is not None and p.padding_idx >= p.num_embeddings:
        raise ShapeError(field="padding_idx", code="shape.padding_idx")
    return (*inputs[0], p.embedding_dim)


def _embedding_build(p: EmbeddingParams, inputs: list[Shape]) -> nn.Module:
    from torch import nn

    from ..torch_modules import construct

    return construct(nn.Embedding, p.num_embeddings, p.embedding_dim, padding_idx=p.padding_idx)


LAYERS: list[Layer[Any]] = [
    Layer(
        type="Linear",
        category="linear",
        title=Text("Linear (fully connected)", "全結合 (Linear)"),
        help=Text(
            "Every output is a weighted sum of all inputs on the last axis, plus a bias.",
            "各出力は最後の軸のすべての入力の重み付き和にバイアスを加えたものです。",
        ),
        params=LinearParams,
        infer=_linear_infer,
        cost=_linear_cost,
        build=_linear_build,
        summary=lambda p: str(p.out_features),
        weights=_linear_weights,
    ),
    Layer(
        type="Embedding",
        category="linear",
        title=Text("Embedding", "埋め込み (Embedding)"),
        help=Text(
            "Looks up a learned vector for each integer token id: [T] becomes [T, E].",
            "整数のトークン ID ごとに学習されたベクトルを引きます：[T] が [T, E] になります。",
        ),
        params=EmbeddingParams,
        infer=_embedding_infer,
        cost=lambda p, ins, out: Cost(p.num_embeddings * p.embedding_dim, 0),
        build=_embedding_build,
        summary=lambda p: f"{p.num_embeddings} → {p.embedding_dim}",
        weights=lambda p, ins: {"weight": (p.num_embeddings, p.embedding_dim)},
        integer_input=True,
    ),
]
