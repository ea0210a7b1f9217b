"""Recurrent layers on sequences [T, F]: RNN, LSTM and GRU, batch first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from .base import Cost, Layer, LayerParams, PositiveInt, Shape, ShapeError, Text, fmt, param

if TYPE_CHECKING:
    from torch import nn

GATES = {"RNN": 1, "LSTM": 4, "GRU": 3}


class RecurrentParams(LayerParams):
    hidden_size: PositiveInt = param(
        32,
        "Hidden size",
        "隠れ状態の大きさ",
        "Size of the state carried from step to step.",
        "ステップ間で受け渡す状態の大きさ。",
    )
    num_layers: Annotated[int, Field(ge=1, le=8)] = param(
        1,
        "Layers",
        "層数",
        "Recurrent layers stacked on top of each other.",
        "積み重ねる再帰層の数。",
    )
    bidirectional: bool = param(
        False,
        "Bidirectional",
        "双方向",
        "Also read the sequence backwards and join both.",
        "系列を逆向きにも読み、両方を結合します。",
    )
    return_sequences: bool = param(
        False,
        "Return sequences",
        "系列を返す",
        "On: every step's output [T, H]. Off: the last step's [H].",
        "オン：全ステップの出力 [T, H]。オフ：最後のステップの出力 [H]。",
    )
    dropout: Annotated[float, Field(ge=0, lt=1)] = param(
        0.0,
        "Dropout",
        "ドロップアウト",
        "Dropout between stacked layers.",
        "積み重ねた層の間のドロップアウト。",
    )
    bias: bool = param(
        True, "Bias", "バイアス", "Learn biases in every gate.", "各ゲートでバイアスを学習します。"
    )


class RNNParams(RecurrentParams):
    nonlinearity: Literal["tanh", "relu"] = param(
        "tanh",
        "Nonlinearity",
        "非線形関数",
        "Activation applied to the state.",
        "状態に適用する活性化関数。",
    )


def _infer(name: str, p: RecurrentParams, inputs: list[Shape]) -> Shape:
    (shape,) = inputs
    if len(shape) != 2:
        raise ShapeError(code="shape.sequence", layer=name, shape=fmt(shape))
    width = p.hidden_size * (2 if p.bidirectional else 1)
    return (shape[0], width) if p.return_sequences else (width,)


def _cost(name: str, p: RecurrentParams, inputs: list[Shape]) -> Cost:
    """Parameters, and the weight products of every step: each gate multiplies the step's
    input and the previous state by its two matrices. The bias adds and the gates' own
    element-wise products (an LSTM's f·c + i·g, a GRU's r·(W h)) are not counted, as a
    Linear's bias is not."""
    steps, features = inputs[0]
    gates, hidden = GATES[name], p.hidden_size
    dirs = 2 if p.bidirectional else 1
    params = macs = 0
    for layer in range(p.num_layers):
        width = features if layer == 0 else hidden * dirs
        products = gates * (width * hidden + hidden * hidden)
        params += dirs * (products + 2 * gates * hidden * p.bias)
        macs += dirs * steps * products
    return Cost(params, macs)


# What PyTorch's recurrent layers keep for the backward pass per step, per layer and
# direction: values per hidden unit, and per feature of that layer's input beyond the input
# itself (which the node before it counts), as `torch.autograd.graph.saved_tensors_hooks`
# counts them on the CPU (torch 2.13: about 1, 16.8 and 7 per hidden unit; the LSTM's
# largest over hidden sizes 8 to 128). tests/torch/test_memory.py checks them.
KEPT_PER_STEP = {"RNN": (2, 0), "LSTM": (17, 7), "GRU": (7, 0)}


def _kept(name: str, p: RecurrentParams, inputs: list[Shape]) -> int:
    """Values per sample the layer keeps for its backward pass: every step's gates and
    states, whether it returns every step or the last one only."""
    steps, features = inputs[0]
    per_hidden, per_input = KEPT_PER_STEP[name]
    dirs = 2 if p.bidirectional else 1
    kept = 0
    for layer in range(p.num_layers):
        width = features if layer == 0 else p.hidden_size * dirs
        kept += dirs * steps * (per_hidden * p.hidden_size + per_input * width)
    return kept


def _build(name: str, p: RecurrentParams, inputs: list[Shape]) -> nn.Module:
    from .. import torch_modules

    options: dict[str, Any] = {}
    if isinstance(p, RNNParams):
        options["nonlinearity"] = p.nonlinearity
    module: nn.Module = torch_modules.construct(
        getattr(torch_modules, name),
        inputs[0][1],
        p.hidden_size,
        num_layers=p.num_layers,
        bias=p.bias,
        batch_first=True,
        dropout=p.dropout if p.num_layers > 1 else 0.0,
        bidirectional=p.bidirectional,
        return_sequences=p.return_sequences,
        **options,
    )
    return module


def _summary(p: Any) -> str:
    """ "64", "64 ×2 bi seq": hidden size, stacked layers, both directions, every step."""
    extras = [f"×{p.num_layers}"] if p.num_layers > 1 else []
    extras += ["bi"] * p.bidirectional + ["seq"] * p.return_sequences
    return " ".join([str(p.hidden_size), *extras])


def _recurrent(name: str, title: Text, help: Text, params: Any) -> Layer[Any]:
    return Layer(
        type=name,
        category="recurrent",
        title=title,
        help=help,
        params=params,
        infer=lambda p, ins: _infer(name, p, ins),
        cost=lambda p, ins, out: _cost(name, p, ins),
        build=lambda p, ins: _build(name, p, ins),
        summary=_summary,
        kept=lambda p, ins, out: _kept(name, p, ins),
    )


LAYERS: list[Layer[Any]] = [
    _recurrent(
        "RNN",
        Text("Simple RNN", "単純 RNN"),
        Text(
            "A recurrent layer: each step mixes the input with the previous state.",
            "各ステップで入力と前の状態を混ぜる再帰層。",
        ),
        RNNParams,
    ),
    _recurrent(
        "LSTM",
        Text("LSTM", "LSTM"),
        Text(
            "Long short-term memory: gates decide what to keep, so it remembers longer.",
            "ゲートで保持する情報を選び、長い依存関係を覚えられる再帰層。",
        ),
        RecurrentParams,
    ),
    _recurrent(
        "GRU",
        Text("GRU", "GRU"),
        Text(
            "Gated recurrent unit: a lighter LSTM with two gates.",
            "ゲート付き再帰ユニット。ゲートが2つの軽量な LSTM。",
        ),
        RecurrentParams,
    ),
]
