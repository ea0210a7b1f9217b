"""The sample networks shipped with NetCanvas, one `netcanvas/graph@1` JSON file each.

`names()` lists them and `load(name)` returns one as the decoded JSON document,
ready for `netcanvas.graph.load_graph` or to send to the editor. The files live
next to this module and are read through `importlib.resources`, so they work
from an installed wheel too. Torch-free, like the rest of `netcanvas`.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

__all__ = ["DATASETS", "load", "names"]

_SUFFIX = ".json"

# The built-in dataset each sample trains on as shipped (`netcanvas train ... --dataset`).
DATASETS: dict[str, str] = {
    "bigru_classifier": "mnist5k",
    "conv_autoencoder": "mnist5k",
    "digits_cnn": "digits",
    "lenet": "mnist5k",
    "logistic_regression": "breast_cancer",
    "lstm_sine": "sine",
    "perceptron": "xor",
    "resnet_block": "mnist5k",
    "small_vgg": "mnist5k",
    "text_classifier": "sentiment",
    "xor_mlp": "xor",
}


def names() -> list[str]:
    """The samples' names (file stems such as `lenet`), sorted."""
    files = resources.files(__name__).iterdir()
    return sorted(f.name[: -len(_SUFFIX)] for f in files if f.name.endswith(_SUFFIX))


def load(name: str) -> dict[str, Any]:
    """The sample's graph as decoded JSON; a fresh dict on every call.

    Raises `KeyError` for a name that `names()` does not list.
    """
    if name not in names():
        raise KeyError(f"unknown sample {name!r}; available: {', '.join(names())}")
    text = resources.files(__name__).joinpath(name + _SUFFIX).read_text(encoding="utf-8")
    graph: dict[str, Any] = json.loads(text)
    return graph
