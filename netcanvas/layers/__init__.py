"""The layer catalogue: one table, from which the palette, validation and compiler all read."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel, Field

from . import (
    activation,
    augmentation,
    conv,
    dense,
    io,
    loss,
    normalization,
    pooling,
    recurrent,
    structure,
    unit,
)
from .base import Cost, Layer, LayerParams, Ports, Role, Shape, ShapeError, TargetKind, Text

CATEGORIES: dict[str, Text] = {
    "io": Text("Input", "入力"),
    "linear": Text("Linear", "全結合"),
    "convolution": Text("Convolution", "畳み込み"),
    "pooling": Text("Pooling", "プーリング"),
    "activation": Text("Activation", "活性化関数"),
    "normalization": Text("Normalisation", "正規化"),
    "recurrent": Text("Recurrent", "再帰"),
    "structure": Text("Structure", "構造"),
    "loss": Text("Loss", "損失関数"),
    "augmentation": Text("Data augmentation", "データ拡張"),
    "unit": Text("Units", "ユニット"),
}

LAYERS: dict[str, Layer[Any]] = {
    layer.type: layer
    for module in (io, dense, conv, pooling, activation, normalization, recurrent, structure, loss)
    for layer in module.LAYERS
} | {
    layer.type: layer
    for layer in augmentation.LAYERS  # kept apart: merges more easily
}
# Units: netcanvas.units works a use out from the graph's unit definitions
LAYERS |= {layer.type: layer for layer in unit.LAYERS}


class LocalText(BaseModel):
    en: str
    ja: str


class PortCount(BaseModel):
    min: int
    max: int | None = Field(description="null: any number of inputs from `min` up")


class LayerPublic(BaseModel):
    """A layer as `GET /api/layers` serves it; the palette and property forms read this."""

    type: str
    category: str
    title: LocalText
    help: LocalText
    inputs: PortCount
    outputs: int
    params_schema: dict[str, Any]
    defaults: dict[str, Any]
    role: Role = Field(description="'input': fed the batch; 'loss': ends the graph")
    integer_input: bool = Field(description="takes integer ids (token ids), not real values")
    target_kind: TargetKind | None = Field(
        description="a loss's target: class indices, 0/1 values or real values; null otherwise"
    )
    applies: list[str] = Field(description="activations a loss applies itself")
    expects_probabilities: bool = Field(description="a loss whose input must be in 0..1")
    probabilities: bool = Field(description="an activation whose outputs all lie in 0..1")


class CategoryPublic(BaseModel):
    id: str
    title: LocalText


class Catalogue(BaseModel):
    categories: list[CategoryPublic]
    layers: list[LayerPublic]


def _text(text: Text) -> LocalText:
    return LocalText(en=text.en, ja=text.ja)


def describe(layer: Layer[Any]) -> LayerPublic:
    return LayerPublic(
        type=layer.type,
        category=layer.category,
        title=_text(layer.title),
        help=_text(layer.help),
        inputs=PortCount(min=layer.inputs.min, max=layer.inputs.max),
        outputs=0 if layer.role == "loss" else 1,
        params_schema=layer.params.model_json_schema(),
        defaults=layer.params().model_dump(),
        role=layer.role,
        integer_input=layer.integer_input,
        target_kind=layer.target_kind,
        applies=list(layer.applies),
        expects_probabilities=layer.expects_probabilities,
        probabilities=layer.probabilities,
    )


def summarise(layer: Layer[Any], params: LayerParams) -> str:
    """The node's one line ("16 @ 5×5"); "" for a layer with nothing worth showing."""
    return layer.summary(params) if layer.summary else ""


@cache
def catalogue() -> Catalogue:
    """The whole table, with the category names in both languages."""
    return Catalogue(
        categories=[CategoryPublic(id=key, title=_text(text)) for key, text in CATEGORIES.items()],
        layers=[describe(layer) for layer in LAYERS.values()],
    )


__all__ = [
    "CATEGORIES",
    "LAYERS",
    "Catalogue",
    "Cost",
    "Layer",
    "LayerParams",
    "LayerPublic",
    "Ports",
    "Role",
    "Shape",
    "ShapeError",
    "TargetKind",
    "Text",
    "catalogue",
    "describe",
    "summarise",
]
