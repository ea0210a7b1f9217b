"""Sum pooling (`SumPool1d`, `SumPool2d`, `SumPool3d`) adds each window's values, padding
counted as 0.

It is always `torch_modules.SumPool` (an average times the window's size), which ONNX
exports as it runs (`tests/torch/test_export.py` exports the `pool_sum` sample and the
`pool_ranks` graph). In ceil mode the last window hangs over the end, where an average
divides by less: the module adds zeros at the end of that axis first, so it still sums.
"""

from __future__ import annotations

from typing import Any

import pytest
import torch
from torch.nn import functional as F

from netcanvas.layers import LAYERS
from netcanvas.torch_modules import SumPool


def size(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def reference(x: torch.Tensor, rank: int, params: dict[str, Any]) -> torch.Tensor:
    """PyTorch's own sum: an average with divisor 1; over one axis (where PyTorch has no
    divisor), the same as two axes, the second of size 1."""
    if rank == 1:
        as_2d = {k: [v, 1] if isinstance(v, int) else [*v, 1] for k, v in params.items()}
        as_2d["padding"] = [params.get("padding", 0), 0]
        as_2d["ceil_mode"] = params.get("ceil_mode", False)
        return reference(x.unsqueeze(-1), 2, as_2d).squeeze(-1)
    pool = F.avg_pool2d if rank == 2 else F.avg_pool3d
    return pool(
        x,
        size(params["kernel_size"]),
        size(params.get("stride")),
        size(params.get("padding", 0)),
        ceil_mode=params.get("ceil_mode", False),
        count_include_pad=True,
        divisor_override=1,
    )


CASES = [
    (2, {"kernel_size": 2}, (3, 8, 8)),
    (2, {"kernel_size": [3, 2], "stride": 1, "padding": [1, 1]}, (2, 7, 6)),
    (2, {"kernel_size": 3, "stride": 2, "padding": 1}, (1, 9, 9)),
    (2, {"kernel_size": 3, "stride": 2, "ceil_mode": True}, (1, 8, 8)),
    (2, {"kernel_size": [3, 2], "stride": 2, "padding": [1, 0], "ceil_mode": True}, (2, 8, 7)),
    (1, {"kernel_size": 2}, (3, 9)),
    (1, {"kernel_size": 3, "stride": 2, "padding": 1}, (2, 10)),
    (1, {"kernel_size": 3, "stride": 2, "ceil_mode": True}, (2, 8)),
    (1, {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True}, (1, 8)),
    (3, {"kernel_size": 2}, (2, 4, 6, 5)),
    (3, {"kernel_size": [3, 2, 2], "stride": 2, "ceil_mode": True}, (1, 6, 5, 4)),
]


@pytest.mark.parametrize(("rank", "params", "shape"), CASES)
def test_sum_pooling_adds_each_window(
    rank: int, params: dict[str, Any], shape: tuple[int, ...]
) -> None:
    layer = LAYERS[f"SumPool{rank}d"]
    parsed = layer.params.model_validate(params)
    module = layer.build(parsed, [shape])
    assert isinstance(module, SumPool)
    x = torch.randn(4, *shape, generator=torch.Generator().manual_seed(0))
    expected = reference(x, rank, params)
    assert tuple(expected.shape[1:]) == layer.infer(parsed, [shape])
    torch.testing.assert_close(module(x), expected)


def test_ceil_mode_pads_only_where_the_last_window_hangs_over() -> None:
    layer = LAYERS["SumPool2d"]
    params = layer.params.model_validate({"kernel_size": 3, "stride": 2, "ceil_mode": True})
    assert layer.build(params, [(1, 8, 7)]).pad == [0, 0, 0, 1]  # W: 7 fits, H: 8 needs one
