"""How an activation entry is made, and Identity, which keeps its input as they do.

A parameter-free activation is one `activation` entry: it builds PyTorch's nn.<type>.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..base import Layer, LayerParams, NoParams, Shape, Text

if TYPE_CHECKING:
    from torch import nn


def same(p: LayerParams, inputs: list[Shape]) -> Shape:
    """An element-wise layer's shape: its input's."""
    return inputs[0]


def options(type: str, *names: str) -> Any:
    """A builder of nn.<type>, given the parameters `names` in order."""

    def build(p: LayerParams, inputs: list[Shape]) -> nn.Module:
        from torch import nn

        from ...torch_modules import construct

        module: nn.Module = construct(getattr(nn, type), *(getattr(p, n) for n in names))
        return module

    return build


def simple(name: str) -> Any:
    """A builder of PyTorch's parameter-free nn.<name>."""
    return options(name)


def activation(
    type: str,
    title: Text,
    help: Text,
    params: Any = NoParams,
    infer: Any = same,
    build: Any = None,
    **fields: Any,
) -> Layer[Any]:
    """An activation entry; without `params` and `build`, PyTorch's parameter-free nn.<type>."""
    return Layer(
        type=type,
        category="activation",
        title=title,
        help=help,
        params=params,
        infer=infer,
        build=build or simple(type),
        **fields,
    )


# Identity sits in the structure category of the palette, but is built as an activation is.
IDENTITY: Layer[Any] = Layer(
    type="Identity",
    category="structure",
    title=Text("Identity", "恒等"),
    help=Text("Passes its input through unchanged.", "入力をそのまま出力します。"),
    params=NoParams,
    infer=same,
    build=simple("Identity"),
)

LAYERS: list[Layer[Any]] = [IDENTITY]
