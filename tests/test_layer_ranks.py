"""Convolution and pooling are one path for every rank: 3D shapes, and ranks refused."""

from __future__ import annotations

import pytest

from netcanvas.layers import LAYERS, ShapeError
from netcanvas.layers.base import check_rank
from netcanvas.layers.conv import conv_params
from netcanvas.layers.pooling import pool_params


def test_conv3d_and_maxpool3d_infer_volume_shapes() -> None:
    conv = LAYERS["Conv3d"]
    params = conv.params.model_validate({"out_channels": 4, "kernel_size": [3, 3, 1], "stride": 2})
    assert conv.infer(params, [(2, 9, 9, 5)]) == (4, 4, 4, 3)
    assert conv.summary is not None and conv.summary(params) == "4 @ 3×3×1, s2"
    pool = LAYERS["MaxPool3d"]
    assert pool.infer(pool.params(), [(3, 8, 6, 4)]) == (3, 4, 3, 2)


@pytest.mark.parametrize("pool", ["MaxPool2d", "AvgPool2d", "SumPool2d"])
def test_a_pooling_summary_shows_the_padding_and_ceil_mode_that_change_its_size(pool: str) -> None:
    layer = LAYERS[pool]
    params = layer.params.model_validate({"kernel_size": 3, "stride": 2, "padding": 1})
    assert layer.infer(params, [(16, 6, 6)]) == (16, 3, 3)
    assert layer.summary is not None and layer.summary(params) == "3×3, s2, p1"
    ceil = layer.params.model_validate({"kernel_size": 2, "ceil_mode": True})
    assert layer.infer(ceil, [(16, 3, 3)]) == (16, 2, 2)
    assert layer.summary(ceil) == "2×2, ceil"
    assert layer.summary(layer.params()) == "2×2"
    assert (
        layer.summary(layer.params.model_validate({"kernel_size": 2, "padding": [0, 0]})) == "2×2"
    )


def test_conv3d_refuses_an_image_naming_its_layout() -> None:
    conv = LAYERS["Conv3d"]
    with pytest.raises(ShapeError, match=r"Conv3d needs input \[C, D, H, W\]"):
        conv.infer(conv.params(), [(1, 28, 28)])


def test_a_rank_without_a_pytorch_module_is_refused() -> None:
    for make in (check_rank, conv_params, lambda r: pool_params("Max", r)):
        with pytest.raises(ValueError, match="no 4-axis convolution or pooling"):
            make(4)


def test_sizes_are_checked_against_the_rank() -> None:
    with pytest.raises(ValueError):
        LAYERS["Conv3d"].params.model_validate({"kernel_size": [3, 3]})


@pytest.mark.parametrize("pool", ["MaxPool1d", "AvgPool1d", "SumPool1d"])
def test_one_axis_pooling_shortens_a_sequence_and_refuses_an_image(pool: str) -> None:
    layer = LAYERS[pool]
    params = layer.params.model_validate({"kernel_size": 3, "stride": 2, "padding": 1})
    assert layer.infer(params, [(16, 9)]) == (16, 5)
    assert layer.summary is not None and layer.summary(params) == "3, s2, p1"
    with pytest.raises(ShapeError, match=rf"{pool} needs input \[C, L\]"):
        layer.infer(params, [(1, 28, 28)])


@pytest.mark.parametrize("pool", ["AvgPool3d", "SumPool3d"])
def test_volume_average_pooling_refuses_an_axis_shorter_than_its_window(pool: str) -> None:
    layer = LAYERS[pool]
    assert layer.infer(layer.params(), [(3, 8, 6, 4)]) == (3, 4, 3, 2)
    padded = layer.params.model_validate({"kernel_size": 2, "padding": 1})
    with pytest.raises(ShapeError, match="padding not counted: 1 along W, window 2"):
        layer.infer(padded, [(3, 2, 2, 1)])  # nn.AvgPool3d refuses it, the padding aside
    max_pool = LAYERS["MaxPool3d"]
    max_padded = max_pool.params.model_validate({"kernel_size": 2, "padding": 1})
    assert max_pool.infer(max_padded, [(3, 2, 2, 1)]) == (3, 2, 2, 1)  # nn.MaxPool3d takes it
