"""The catalogue's multiply-adds against PyTorch's own count of the forward pass.

`torch.utils.flop_counter.FlopCounterMode` counts 2 FLOPs per multiply-add of a matmul or a
convolution and nothing for a bias add or an element-wise operation: the convention of
`cost().macs` (tests/test_macs.py works the same layers out by hand). The cases are the
contract test's random valid parameters and inputs.
"""

from __future__ import annotations

import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from torch.utils.flop_counter import FlopCounterMode

from netcanvas.layers import LAYERS, ShapeError
from tests.torch.test_layer_contract import BATCH, CHECKED, STRATEGIES, random_inputs, run

# Layers whose multiply-adds are all in matmuls or convolutions.
PRODUCTS = ["Linear", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose2d", "RNN", "GRU"]
# On the CPU `aten::lstm` runs as one operator the counter does not see into: the LSTM is
# checked by its cell below.
UNSEEN = ["LSTM"]


def counted_flops(layer_type: str, data: st.DataObject) -> tuple[int, int]:
    """FlopCounterMode's FLOPs for a batch of a random case, and the case's MACs per sample."""
    layer = LAYERS[layer_type]
    case = data.draw(STRATEGIES[layer_type], label="case")
    params = layer.params.model_validate(case.params)
    try:
        shape = layer.infer(params, case.shapes)
    except ShapeError:
        assume(False)
        raise  # unreachable: assume(False) stops the example
    with FlopCounterMode(display=False) as counter:
        run(layer_type, params, case.shapes)
    return counter.get_total_flops(), layer.cost(params, case.shapes, shape).macs


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")
@pytest.mark.parametrize("layer_type", PRODUCTS)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_macs_are_half_the_flops_pytorch_counts(layer_type: str, data: st.DataObject) -> None:
    flops, macs = counted_flops(layer_type, data)
    assert flops == 2 * BATCH * macs


@pytest.mark.parametrize(
    "layer_type", sorted(set(CHECKED) - set(PRODUCTS) - set(UNSEEN) - {"Input"})
)
@settings(max_examples=5, deadline=None)
@given(data=st.data())
def test_no_other_layer_hides_a_matmul_or_convolution(layer_type: str, data: st.DataObject) -> None:
    # Their MACs are per element (normalisation, average pooling, Multiply) or none at all.
    flops, _ = counted_flops(layer_type, data)
    assert flops == 0


@pytest.mark.parametrize("bias", [True, False])
def test_lstm_macs_are_its_cells_products_at_every_step(bias: bool) -> None:
    steps, features, hidden = 7, 3, 5
    layer = LAYERS["LSTM"]
    params = layer.params.model_validate({"hidden_size": hidden, "bias": bias})
    macs = layer.cost(params, [(steps, features)], (hidden,)).macs
    cell = torch.nn.LSTMCell(features, hidden, bias=bias)
    (x,) = random_inputs("LSTM", params, [(features,)])
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        cell(x)
    assert 2 * BATCH * macs == steps * counter.get_total_flops()
