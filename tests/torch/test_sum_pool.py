"""Sum pooling (`SumPool2d`) adds each window's values, padding counted as 0.

Without `ceil_mode` it is `torch_modules.SumPool` (an average times the window's size),
which ONNX exports as it runs; `tests/torch/test_export.py` exports the `pool_sum`
sample. With `ceil_mode` it stays PyTorch's average with `divisor_override=1`.
"""

from __future__ import annotations

from typing import Any

import pytest
import torch
from torch.nn import functional as F

from netcanvas.layers import LAYERS
from netcanvas.torch_modules import SumPool


def reference(x: torch.Tensor, rank: int, params: dict[str, Any]) -> torch.Tensor:
    """PyTorch's own sum: an average with divisor 1."""
    pool = F.avg_pool2d
    size = params["kernel_size"]
    stride = params.get("stride")
    padding = params.get("padding", 0)
    return pool(
        x,
        tuple(size) if isinstance(size, list) else size,
        tuple(stride) if isinstance(stride, list) else stride,
        tuple(padding) if isinstance(padding, list) else padding,
        ceil_mode=params.get("ceil_mode", False),
        count_include_pad=True,
        divisor_override=1,
    )


CASES = [
    (2, {"kernel_size": 2}, (3, 8, 8)),
    (2, {"kernel_size": [3, 2], "stride": 1, "padding": [1, 1]}, (2, 7, 6)),
    (2, {"kernel_size": 3, "stride": 2, "padding": 1}, (1, 9, 9)),
    (2, {"kernel_size": 3, "stride": 2, "ceil_mode": True}, (1, 8, 8)),
]


@pytest.mark.parametrize(("rank", "params", "shape"), CASES)
def test_sum_pooling_adds_each_window(
    rank: int, params: dict[str, Any], shape: tuple[int, ...]
) -> None:
    layer = LAYERS[f"SumPool{rank}d"]
    module = layer.build(layer.params.model_validate(params), [shape])
    assert isinstance(module, SumPool) != bool(params.get("ceil_mode"))
    x = torch.randn(4, *shape, generator=torch.Generator().manual_seed(0))
    torch.testing.assert_close(module(x), reference(x, rank, params))
