"""Element-wise activations and Identity: each keeps its input's shape.

One module per family:
- `common.py`: how an entry is made (a parameter-free one builds PyTorch's nn.<type>), and Identity;
- `rectifiers.py`: ReLU and its kin (Leaky, ELU, GELU, SiLU, PReLU, SELU, Softplus, ReLU6, Mish);
- `squashing.py`: Sigmoid and its kin (Tanh, hard and log variants, Softsign);
- `softmax.py`: Softmax and LogSoftmax, along a per-sample axis;
- `step.py`: Step, the perceptron's threshold, trained with a straight-through gradient.

`LAYERS` lists them in the palette's order, which mixes the families.
"""

from __future__ import annotations

from typing import Any

from ..base import Layer, NoParams
from . import common, rectifiers, softmax, squashing, step
from .rectifiers import ELUParams, GELUParams, LeakyReLUParams, PReLUParams, SoftplusParams
from .softmax import SoftmaxParams
from .squashing import HardtanhParams

PALETTE_ORDER = (
    "Identity", "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "ELU", "GELU",
    "SiLU", "PReLU", "SELU", "Softplus", "ReLU6", "Hardtanh", "Hardsigmoid", "Mish",
    "LogSigmoid", "Softsign", "Step",
)  # fmt: skip

_BY_TYPE = {
    layer.type: layer
    for family in (common, rectifiers, squashing, softmax, step)
    for layer in family.LAYERS
}
if set(_BY_TYPE) != set(PALETTE_ORDER):  # a new entry needs its place in the palette
    raise RuntimeError(
        f"PALETTE_ORDER and the families differ: {set(_BY_TYPE) ^ set(PALETTE_ORDER)}"
    )

LAYERS: list[Layer[Any]] = [_BY_TYPE[type] for type in PALETTE_ORDER]

__all__ = [
    "LAYERS",
    "PALETTE_ORDER",
    "ELUParams",
    "GELUParams",
    "HardtanhParams",
    "LeakyReLUParams",
    "NoParams",
    "PReLUParams",
    "SoftmaxParams",
    "SoftplusParams",
]
