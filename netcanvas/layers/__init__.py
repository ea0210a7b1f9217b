"""The layer catalogue: one table, from which the palette, validation and compiler all read."""

from __future__ import annotations

from typing import Any

from . import activation, conv, dense, io, loss, normalization, pooling, recurrent, structure
from .base import Cost, Layer, LayerParams, Ports, Shape, ShapeError, Text
from .loss import FUSED_ACTIVATIONS

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
}

LAYERS: dict[str, Layer[Any]] = {
    layer.type: layer
    for module in (io, dense, conv, pooling, activation, normalization, recurrent, structure, loss)
    for layer in module.LAYERS
}


def describe(layer: Layer[Any]) -> dict[str, Any]:
    """A layer as `GET /api/layers` serves it."""
    return {
        "type": layer.type,
        "category": layer.category,
        "title": {"en": layer.title.en, "ja": layer.title.ja},
        "help": {"en": layer.help.en, "ja": layer.help.ja},
        "inputs": {"min": layer.inputs.min, "max": layer.inputs.max},
        "outputs": 0 if layer.category == "loss" else 1,
        "params_schema": layer.params.model_json_schema(),
        "defaults": layer.params().model_dump(),
    }


def catalogue() -> dict[str, Any]:
    """The whole table, with the category names in both languages."""
    return {
        "categories": [
            {"id": key, "title": {"en": text.en, "ja": text.ja}}
            for key, text in CATEGORIES.items()
        ],
        "layers": [describe(layer) for layer in LAYERS.values()],
    }


__all__ = [
    "CATEGORIES",
    "FUSED_ACTIVATIONS",
    "LAYERS",
    "Cost",
    "Layer",
    "LayerParams",
    "Ports",
    "Shape",
    "ShapeError",
    "Text",
    "catalogue",
    "describe",
]
