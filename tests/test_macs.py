"""Multiply-adds (MACs) per sample, worked out by hand for each kind of layer.

The convention is fvcore's, ptflops' and thop's: the weight products of a matmul or
convolution, one per multiply-accumulate; a bias add is not one. A Linear from 480 to 10
features costs 4,800, not its 4,810 parameters. tests/torch/test_macs_flops.py checks the
same layers against PyTorch's FlopCounterMode (2 FLOPs per multiply-add).
"""

from __future__ import annotations

from typing import Any

import pytest

from netcanvas.graph import load_graph
from netcanvas.validation import validate
from tests.graphs import chain


def macs(layer_type: str, params: dict[str, Any], shape: list[int]) -> int | None:
    """The MACs validation reports for one layer fed a sample of `shape`."""
    graph = chain(("x", "Input", {"shape": shape}), ("layer", layer_type, params))
    result = validate(load_graph(graph))
    assert result.nodes["layer"].output_shape is not None, result.errors
    return result.nodes["layer"].macs


@pytest.mark.parametrize("bias", [True, False])
def test_linear_counts_its_weight_products_not_the_bias(bias: bool) -> None:
    assert macs("Linear", {"out_features": 10, "bias": bias}, [480]) == 480 * 10


def test_linear_on_a_sequence_counts_every_position() -> None:
    assert macs("Linear", {"out_features": 3}, [6, 4]) == 6 * 4 * 3


def test_a_linear_nets_macs_are_its_parameters_less_its_biases() -> None:
    graph = chain(
        ("x", "Input", {"shape": [4]}),
        ("fc1", "Linear", {"out_features": 8}),
        ("relu", "ReLU"),
        ("fc2", "Linear", {"out_features": 3}),
        ("loss", "CrossEntropyLoss"),
    )
    result = validate(load_graph(graph))
    assert result.total_params == (4 * 8 + 8) + (8 * 3 + 3)
    assert result.total_macs == 4 * 8 + 8 * 3


def test_lenet_conv1_counts_a_5x5_window_per_output() -> None:
    # 16 channels of 24×24 outputs, each 1 channel × 5×5 products (DESIGN.md's 239,616
    # counted one more per output for the bias).
    out = {"out_channels": 16, "kernel_size": 5}
    assert macs("Conv2d", out, [1, 28, 28]) == 16 * 24 * 24 * 25 == 230_400


@pytest.mark.parametrize(
    ("layer_type", "params", "shape", "expected"),
    [
        # out [4, 8]: each output reads 3 channels × 3 taps
        ("Conv1d", {"out_channels": 4, "kernel_size": 3}, [3, 10], 4 * 8 * 3 * 3),
        # stride 2, padding 1: out [6, 4, 4]; groups 2: each output reads 4 / 2 channels
        (
            "Conv2d",
            {"out_channels": 6, "kernel_size": 3, "stride": 2, "padding": 1, "groups": 2},
            [4, 8, 8],
            6 * 4 * 4 * (2 * 3 * 3),
        ),
        # dilation 2 widens the window, not its products: out [2, 3, 3]
        ("Conv2d", {"out_channels": 2, "kernel_size": 2, "dilation": 2}, [1, 5, 5], 2 * 9 * 4),
        ("Conv2d", {"out_channels": 5, "kernel_size": 1, "bias": False}, [3, 4, 4], 5 * 16 * 3),
        # out [2, 3, 3, 3], each output 3 channels × 2×2×2
        ("Conv3d", {"out_channels": 2, "kernel_size": 2}, [3, 4, 4, 4], 2 * 27 * 3 * 8),
    ],
)
def test_convolution_counts_channels_times_window_per_output(
    layer_type: str, params: dict[str, Any], shape: list[int], expected: int
) -> None:
    assert macs(layer_type, params, shape) == expected


def test_transposed_convolution_multiplies_every_input_into_its_window() -> None:
    # 3×5×5 inputs, each spread over 4 output channels × 3×3; the bias adds are not counted.
    params = {"out_channels": 4, "kernel_size": 3, "stride": 2}
    assert macs("ConvTranspose2d", params, [3, 5, 5]) == 75 * 4 * 9
    grouped = {"out_channels": 6, "kernel_size": 3, "groups": 2, "bias": False}
    assert macs("ConvTranspose2d", grouped, [4, 5, 5]) == 100 * 3 * 9


@pytest.mark.parametrize(
    ("layer_type", "gates"), [("RNN", 1), ("LSTM", 4), ("GRU", 3)], ids=["RNN", "LSTM", "GRU"]
)
@pytest.mark.parametrize("bias", [True, False])
def test_recurrent_layers_count_both_matrices_of_every_gate_at_every_step(
    layer_type: str, gates: int, bias: bool
) -> None:
    # 7 steps of 3 features, hidden 5: per step and gate 3×5 input and 5×5 state products.
    params = {"hidden_size": 5, "bias": bias}
    assert macs(layer_type, params, [7, 3]) == 7 * gates * (3 * 5 + 5 * 5)


def test_stacked_bidirectional_recurrent_layer_reads_both_directions_below() -> None:
    # The second layer's input is both directions of the first: 2 × 5 features.
    params = {"hidden_size": 5, "num_layers": 2, "bidirectional": True}
    first, second = 2 * 7 * 4 * (3 * 5 + 5 * 5), 2 * 7 * 4 * (10 * 5 + 5 * 5)
    assert macs("LSTM", params, [7, 3]) == first + second


@pytest.mark.parametrize(
    ("layer_type", "params", "shape", "expected"),
    [
        # (x - mean) · scale + shift folds into one multiply-add per element
        ("BatchNorm2d", {}, [3, 4, 4], 48),
        ("BatchNorm1d", {}, [6], 6),
        ("LayerNorm", {}, [5, 6], 30),
        # one add per window element of every output: out [2, 2, 2] with 2×2 windows
        ("AvgPool2d", {"kernel_size": 2}, [2, 4, 4], 8 * 4),
        ("SumPool2d", {"kernel_size": 2}, [2, 4, 4], 8 * 4),
        ("AvgPool1d", {"kernel_size": 3}, [2, 9], 6 * 3),
        ("GlobalAvgPool2d", {}, [3, 4, 4], 48),
        # comparisons, lookups and reshaping are no multiply-adds
        ("MaxPool2d", {"kernel_size": 2}, [2, 4, 4], 0),
        ("Embedding", {"num_embeddings": 10, "embedding_dim": 4}, [6], 0),
        ("ReLU", {}, [8], 0),
        ("Softmax", {}, [8], 0),
        ("Flatten", {}, [2, 3], 0),
        ("Upsample", {}, [1, 2, 2], 0),
        ("Dropout", {}, [8], 0),
    ],
)
def test_other_layers_count_per_element_or_nothing(
    layer_type: str, params: dict[str, Any], shape: list[int], expected: int
) -> None:
    assert macs(layer_type, params, shape) == expected


def test_elementwise_products_of_several_inputs() -> None:
    graph = {
        "format": "netcanvas/graph@1",
        "name": "t",
        "nodes": [
            {"id": "a", "type": "Input", "params": {"shape": [2, 3]}},
            {"id": "b", "type": "Input", "params": {"shape": [2, 3]}},
            {"id": "c", "type": "Input", "params": {"shape": [2, 3]}},
            {"id": "mul", "type": "Multiply"},
            {"id": "add", "type": "Add"},
            {"id": "sample", "type": "GaussianSample"},
        ],
        "edges": [
            {"source": "a", "target": "mul", "target_port": 0},
            {"source": "b", "target": "mul", "target_port": 1},
            {"source": "c", "target": "mul", "target_port": 2},
            {"source": "mul", "target": "add", "target_port": 0},
            {"source": "a", "target": "add", "target_port": 1},
            {"source": "add", "target": "sample", "target_port": 0},
            {"source": "b", "target": "sample", "target_port": 1},
        ],
    }
    nodes = validate(load_graph(graph)).nodes
    assert nodes["mul"].macs == 6 * 2  # two products per element for three inputs
    assert nodes["add"].macs == 0
    assert nodes["sample"].macs == 6  # mu + sigma·ε
