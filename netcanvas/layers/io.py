"""The Input layer: where samples enter the network."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from .base import Layer, LayerParams, Ports, PositiveInt, Shape, Text, param

# The dataset variables an Input may read: x, x2, ..., x9 (NNC's names).
VARIABLE_PATTERN = r"^x[2-9]?$"


class InputParams(LayerParams):
    shape: Annotated[list[PositiveInt], Field(min_length=1, max_length=4)] = param(
        [1, 28, 28],
        "Shape",
        "形状",
        "Per-sample shape without the batch axis: [C, H, W] images, [T, F] sequences for RNNs,"
        " [C, L] signals for Conv1d, [F] vectors.",
        "バッチ軸を除いたサンプルの形状：画像は [C, H, W]、RNN への系列は [T, F]、"
        "Conv1d への信号は [C, L]、ベクトルは [F]。",
    )
    variable: Annotated[str, Field(pattern=VARIABLE_PATTERN)] = param(
        "x",
        "Variable",
        "変数",
        "The dataset's input variable this node is fed: x, or x2, x3, … for a second input.",
        "このノードに渡すデータセットの入力変数：x、2つ目以降の入力は x2、x3、…。",
    )


def _infer(p: InputParams, inputs: list[Shape]) -> Shape:
    return tuple(p.shape)


def _summary(p: InputParams) -> str:
    shape = "×".join(str(d) for d in p.shape)
    return shape if p.variable == "x" else f"{p.variable}: {shape}"


def _build(p: InputParams, inputs: list[Shape]) -> object:
    raise TypeError("Input nodes have no module; the compiler feeds them the batch")


LAYERS: list[Layer[Any]] = [
    Layer(
        type="Input",
        category="io",
        title=Text("Input", "入力"),
        help=Text(
            "A sample from the dataset, one per row of the batch.",
            "データセットのサンプル。バッチの各行に1つずつ入ります。",
        ),
        params=InputParams,
        infer=_infer,
        build=_build,  # type: ignore[arg-type]
        inputs=Ports(0, 0),
        summary=_summary,
        role="input",
    )
]
