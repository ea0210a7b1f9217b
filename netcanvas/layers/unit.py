"""Units (docs/GRAPH_UNITS_AND_NETWORKS.md section 1): a `Unit` node uses a named
sub-network of the graph's `units`; `UnitInput` and `UnitOutput` are its ends.

A use's shape and cost depend on the unit's body, which only the whole graph knows:
`netcanvas.units` works them out during validation, and the compiler builds the
body (worker/units.py). The entries here give the palette, the parameter forms and
the parameter checks; their own shape functions cover the parts that need no body.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from .base import Layer, LayerParams, Ports, PositiveInt, Shape, ShapeError, Text, param

if TYPE_CHECKING:
    from torch import nn

MAX_REPEAT = 64
MAX_PORT = 64


class UnitParams(LayerParams):
    unit: Annotated[str, Field(max_length=64)] = param(
        "",
        "Unit",
        "ユニット",
        "The name of the unit definition this node uses.",
        "このノードが使うユニット定義の名前。",
    )
    args: dict[str, Any] = param(
        {},
        "Arguments",
        "引数",
        "Argument values by name; an argument not given takes its default.",
        "名前ごとの引数の値。指定しない引数は既定値になります。",
    )
    repeat: Annotated[int, Field(ge=1, le=MAX_REPEAT)] = param(
        1,
        "Repeat",
        "繰り返し",
        "Copies chained one after another, each fed by the previous one's output.",
        "前のコピーの出力を次のコピーの入力として、順につなぐコピーの数。",
    )
    share_weights: bool = param(
        False,
        "Share weights",
        "重みを共有",
        "Every copy uses the same parameters (a copy's output must have its input's shape).",
        "すべてのコピーが同じパラメータを使います（コピーの出力は入力と同じ形状が必要）。",
    )


class UnitInputParams(LayerParams):
    port: Annotated[int, Field(ge=0, le=MAX_PORT)] = param(
        0,
        "Port",
        "ポート",
        "Which input of the Unit node this is, from 0.",
        "Unit ノードの何番目の入力か（0 から）。",
    )
    shape: Annotated[list[PositiveInt], Field(min_length=1, max_length=4)] | None = param(
        None,
        "Example shape",
        "例の形状",
        "Used only to show the unit on its own, when no use gives its input's shape.",
        "ユニットを単独で表示するときだけ使います（使う側が入力の形状を与えないとき）。",
    )


class UnitOutputParams(LayerParams):
    pass


def _unit_infer(p: UnitParams, inputs: list[Shape]) -> Shape:
    # validation works a use out from the unit's body (netcanvas.units); never called there
    raise ShapeError(code="unit.needs_graph", unit=p.unit)


def _no_module(p: LayerParams, inputs: list[Shape]) -> nn.Module:
    raise TypeError("units compile from the graph's unit definitions (worker/units.py)")


def _input_infer(p: UnitInputParams, inputs: list[Shape]) -> Shape:
    if p.shape is None:
        raise ShapeError(field="shape", code="unit.no_example_shape", port=p.port)
    return tuple(p.shape)


def _output_infer(p: UnitOutputParams, inputs: list[Shape]) -> Shape:
    return inputs[0]


def _identity(p: UnitOutputParams, inputs: list[Shape]) -> nn.Module:
    from torch import nn

    return nn.Identity()


def _unit_summary(p: UnitParams) -> str:
    return f"{p.unit} ×{p.repeat}" if p.repeat > 1 else p.unit


LAYERS: list[Layer[Any]] = [
    Layer(
        type="Unit",
        category="unit",
        title=Text("Unit", "ユニット"),
        help=Text(
            "Uses a unit: a named sub-network defined in this graph, with arguments.",
            "ユニット（このグラフで定義した名前付きの部分ネットワーク）を引数つきで使います。",
        ),
        params=UnitParams,
        infer=_unit_infer,
        build=_no_module,
        inputs=Ports(0, None),
        summary=_unit_summary,
    ),
    Layer(
        type="UnitInput",
        category="unit",
        title=Text("Unit input", "ユニット入力"),
        help=Text(
            "Inside a unit: the value fed to the Unit node's input number `port`.",
            "ユニットの中で使います。Unit ノードの `port` 番目の入力の値です。",
        ),
        params=UnitInputParams,
        infer=_input_infer,
        build=_no_module,
        inputs=Ports(0, 0),
        summary=lambda p: f"#{p.port}",
    ),
    Layer(
        type="UnitOutput",
        category="unit",
        title=Text("Unit output", "ユニット出力"),
        help=Text(
            "Inside a unit: the unit's value. A unit has exactly one.",
            "ユニットの中で使います。ユニットの値です。ユニットに 1 つだけ置きます。",
        ),
        params=UnitOutputParams,
        infer=_output_infer,
        build=_identity,
    ),
]
