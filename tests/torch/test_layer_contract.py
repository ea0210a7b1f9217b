"""The contract of the layer catalogue: what `infer` and `cost` say is what PyTorch builds.

For every layer, hypothesis draws random valid parameters and inputs that fit
them; the module `build` returns must give the inferred shape and have exactly
the parameter count `cost` reports. A layer added without a strategy here
fails `test_every_layer_has_a_strategy`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from netcanvas.layers import LAYERS, Shape, ShapeError

BATCH = 2
MAX_CHANNELS = 8
MAX_SPATIAL = 16
MAX_STEPS = 10


@dataclass(frozen=True)
class Case:
    """Parameters as a graph file would carry them, and the per-sample input shapes."""

    params: dict[str, Any]
    shapes: list[Shape]


# ---------------------------------------------------------------- building blocks


def shapes(min_rank: int = 1, max_rank: int = 4, max_side: int = 6) -> st.SearchStrategy[Shape]:
    return st.lists(st.integers(1, max_side), min_size=min_rank, max_size=max_rank).map(tuple)


def image(draw: st.DrawFn) -> Shape:
    return (
        draw(st.integers(1, MAX_CHANNELS)),
        draw(st.integers(1, MAX_SPATIAL)),
        draw(st.integers(1, MAX_SPATIAL)),
    )


def as_size(draw: st.DrawFn, values: Sequence[int]) -> int | list[int]:
    """An int when all axes agree (sometimes), else a list: both spellings get exercised."""
    if len(set(values)) == 1 and draw(st.booleans()):
        return values[0]
    return list(values)


def per_axis(draw: st.DrawFn, rank: int, low: int, high: int) -> tuple[int, ...]:
    if draw(st.booleans()):
        return (draw(st.integers(low, high)),) * rank
    return tuple(draw(st.integers(low, high)) for _ in range(rank))


def channels_and_groups(draw: st.DrawFn) -> tuple[int, int, int]:
    """(in_channels, out_channels, groups) with groups dividing both."""
    groups = draw(st.integers(1, 4))
    in_channels = groups * draw(st.integers(1, MAX_CHANNELS // groups))
    out_channels = groups * draw(st.integers(1, MAX_CHANNELS // groups))
    return in_channels, out_channels, groups


def no_params() -> st.SearchStrategy[Case]:
    return shapes().map(lambda shape: Case({}, [shape]))


def finite(low: float, high: float, **kwargs: Any) -> st.SearchStrategy[float]:
    return st.floats(low, high, allow_nan=False, allow_infinity=False, **kwargs)


# ---------------------------------------------------------------- dense


@st.composite
def linear(draw: st.DrawFn) -> Case:
    params = {"out_features": draw(st.integers(1, 8)), "bias": draw(st.booleans())}
    return Case(params, [draw(shapes(1, 3))])


@st.composite
def embedding(draw: st.DrawFn) -> Case:
    vocab = draw(st.integers(1, 20))
    params: dict[str, Any] = {"num_embeddings": vocab, "embedding_dim": draw(st.integers(1, 8))}
    padding = draw(st.none() | st.integers(0, vocab - 1))
    if padding is not None:
        params["padding_idx"] = padding
    return Case(params, [draw(shapes(1, 2, MAX_STEPS))])


# ---------------------------------------------------------------- convolution


@st.composite
def conv(draw: st.DrawFn, rank: int, max_spatial: int = MAX_SPATIAL) -> Case:
    in_channels, out_channels, groups = channels_and_groups(draw)
    small = max_spatial < MAX_SPATIAL  # volumes: windows that fit a small input
    kernel = per_axis(draw, rank, 1, 3 if small else 5)
    stride = per_axis(draw, rank, 1, 3)
    dilation = per_axis(draw, rank, 1, 2 if small else 3)
    padding_kind = draw(st.sampled_from(["int", "int", "int", "same", "valid"]))
    if padding_kind == "same":
        stride = (1,) * rank
        padding: Any = "same"
        pads = (0,) * rank  # 'same' takes any size
        low = [1] * rank
    else:
        pads = (0,) * rank if padding_kind == "valid" else per_axis(draw, rank, 0, 3)
        padding = "valid" if padding_kind == "valid" else as_size(draw, pads)
        low = [
            max(1, d * (k - 1) + 1 - 2 * p) for k, d, p in zip(kernel, dilation, pads, strict=True)
        ]
    sizes = tuple(draw(st.integers(min(lo, max_spatial), max_spatial)) for lo in low)
    params = {
        "out_channels": out_channels,
        "kernel_size": as_size(draw, kernel),
        "stride": as_size(draw, stride),
        "padding": padding,
        "dilation": as_size(draw, dilation),
        "groups": groups,
        "bias": draw(st.booleans()),
    }
    return Case(params, [(in_channels, *sizes)])


@st.composite
def conv_transpose(draw: st.DrawFn) -> Case:
    in_channels, out_channels, groups = channels_and_groups(draw)
    stride = per_axis(draw, 2, 1, 3)
    dilation = per_axis(draw, 2, 1, 2)
    extra = tuple(
        draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation, strict=True)
    )
    params = {
        "out_channels": out_channels,
        "kernel_size": as_size(draw, per_axis(draw, 2, 1, 4)),
        "stride": as_size(draw, stride),
        "padding": as_size(draw, per_axis(draw, 2, 0, 2)),
        "output_padding": as_size(draw, extra),
        "dilation": as_size(draw, dilation),
        "groups": groups,
        "bias": draw(st.booleans()),
    }
    size = (in_channels, draw(st.integers(1, 8)), draw(st.integers(1, 8)))
    return Case(params, [size])


# ---------------------------------------------------------------- pooling


@st.composite
def pool(draw: st.DrawFn, kind: str, rank: int = 2) -> Case:
    kernel = per_axis(draw, rank, 1, 4)
    dilation = per_axis(draw, rank, 1, 2) if kind.startswith("Max") else (1,) * rank
    # Up to half the dilated window: more than PyTorch allows when dilated, so the
    # core's padding check meets PyTorch's there too.
    pads = tuple(
        draw(st.integers(0, (d * (k - 1) + 1) // 2)) for k, d in zip(kernel, dilation, strict=True)
    )
    params: dict[str, Any] = {
        "kernel_size": as_size(draw, kernel),
        "padding": as_size(draw, pads),
        "ceil_mode": draw(st.booleans()),
    }
    if draw(st.booleans()):
        params["stride"] = as_size(draw, per_axis(draw, rank, 1, 3))
    if kind.startswith("Max"):
        params["dilation"] = as_size(draw, dilation)
    if kind.startswith("Avg"):
        params["count_include_pad"] = draw(st.booleans())
    low = [max(1, d * (k - 1) + 1 - 2 * p) for k, d, p in zip(kernel, dilation, pads, strict=True)]
    channels = draw(st.integers(1, MAX_CHANNELS))
    sizes = tuple(draw(st.integers(lo, MAX_SPATIAL)) for lo in low)
    return Case(params, [(channels, *sizes)])


@st.composite
def global_pool(draw: st.DrawFn) -> Case:
    return Case({}, [image(draw)])


@st.composite
def upsample(draw: st.DrawFn) -> Case:
    scale = finite(0.25, 4.0)
    params = {
        "scale_factor": draw(scale | st.lists(scale, min_size=2, max_size=2)),
        "mode": draw(st.sampled_from(["nearest", "bilinear"])),
    }
    return Case(params, [image(draw)])


# ---------------------------------------------------------------- activations


@st.composite
def softmax(draw: st.DrawFn) -> Case:
    shape = draw(shapes())
    return Case({"dim": draw(st.integers(-len(shape), len(shape) - 1))}, [shape])


def with_params(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[Case]:
    return st.builds(
        lambda shape, params: Case(params, [shape]), shapes(), st.fixed_dictionaries(fields)
    )


# ---------------------------------------------------------------- normalisation


def batch_norm_params() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"eps": finite(1e-6, 1.0), "momentum": finite(0.01, 1.0), "affine": st.booleans()}
    )


@st.composite
def batch_norm_2d(draw: st.DrawFn) -> Case:
    return Case(draw(batch_norm_params()), [image(draw)])


@st.composite
def layer_norm(draw: st.DrawFn) -> Case:
    shape = draw(shapes())
    params = {
        "normalized_dims": draw(st.integers(1, len(shape))),
        "eps": draw(finite(1e-6, 1.0)),
        "elementwise_affine": draw(st.booleans()),
    }
    return Case(params, [shape])


# ---------------------------------------------------------------- recurrent


@st.composite
def recurrent(draw: st.DrawFn, with_nonlinearity: bool = False) -> Case:
    params: dict[str, Any] = {
        "hidden_size": draw(st.integers(1, 8)),
        "num_layers": draw(st.integers(1, 3)),
        "bidirectional": draw(st.booleans()),
        "return_sequences": draw(st.booleans()),
        "dropout": draw(finite(0.0, 0.9)),
        "bias": draw(st.booleans()),
    }
    if with_nonlinearity:
        params["nonlinearity"] = draw(st.sampled_from(["tanh", "relu"]))
    sequence = (draw(st.integers(1, MAX_STEPS)), draw(st.integers(1, MAX_CHANNELS)))
    return Case(params, [sequence])


# ---------------------------------------------------------------- structure


@st.composite
def flatten(draw: st.DrawFn) -> Case:
    shape = draw(shapes())
    rank = len(shape)
    start = draw(st.integers(0, rank - 1))
    end = draw(st.integers(start, rank - 1))
    # Either spelling of each axis: 1 or -rank+1 name the same one.
    start_dim = start - rank if draw(st.booleans()) else start
    end_dim = end - rank if draw(st.booleans()) else end
    return Case({"start_dim": start_dim, "end_dim": end_dim}, [shape])


@st.composite
def reshape(draw: st.DrawFn) -> Case:
    shape = draw(shapes())
    left = 1
    for side in shape:
        left *= side
    target: list[int] = []
    for _ in range(draw(st.integers(0, 3))):
        divisor = draw(st.sampled_from([d for d in range(1, left + 1) if left % d == 0]))
        target.append(divisor)
        left //= divisor
    target.append(left)
    target = draw(st.permutations(target))
    if draw(st.booleans()):
        target[draw(st.integers(0, len(target) - 1))] = -1
    return Case({"shape": target}, [shape])


@st.composite
def concat(draw: st.DrawFn) -> Case:
    base = draw(shapes())
    rank = len(base)
    dim = draw(st.integers(0, rank - 1))
    inputs = [
        (*base[:dim], draw(st.integers(1, 6)), *base[dim + 1 :])
        for _ in range(draw(st.integers(2, 4)))
    ]
    return Case({"dim": dim - rank if draw(st.booleans()) else dim}, inputs)


@st.composite
def same_shapes(draw: st.DrawFn) -> Case:
    shape = draw(shapes())
    return Case({}, [shape] * draw(st.integers(2, 4)))


# ---------------------------------------------------------------- losses


def regression_loss(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[Case]:
    return with_params(target=st.sampled_from(["label", "input"]), **fields)


@st.composite
def cross_entropy(draw: st.DrawFn) -> Case:
    # [C] or [C, d1, ...]: class scores first, as PyTorch reads them.
    return Case({"label_smoothing": draw(finite(0.0, 0.9))}, [draw(shapes(1, 3))])


@st.composite
def volume_conv(draw: st.DrawFn) -> Case:
    # Small volumes keep PyTorch's 3-D convolutions quick.
    result: Case = draw(conv(3, max_spatial=10))
    return result


@st.composite
def prelu(draw: st.DrawFn) -> Case:
    shape = draw(shapes())
    count = draw(st.sampled_from([1, shape[0]]))
    return Case({"num_parameters": count, "init": draw(finite(-1.0, 1.0))}, [shape])


@st.composite
def hardtanh(draw: st.DrawFn) -> Case:
    low = draw(finite(-5.0, 0.0))
    return Case({"min_val": low, "max_val": low + draw(finite(0.1, 5.0))}, [draw(shapes())])


@st.composite
def instance_norm(draw: st.DrawFn) -> Case:
    return Case(
        draw(batch_norm_params()) | {"track_running_stats": draw(st.booleans())}, [image(draw)]
    )


@st.composite
def group_norm(draw: st.DrawFn) -> Case:
    groups = draw(st.integers(1, 4))
    shape = (groups * draw(st.integers(1, 3)), *draw(shapes(0, 2)))
    return Case({"num_groups": groups, "affine": draw(st.booleans())}, [shape])


@st.composite
def image_augmentation(draw: st.DrawFn) -> Case:
    scales = sorted([draw(finite(0.25, 4.0)), draw(finite(0.25, 4.0))])
    params = {
        "min_scale": scales[0],
        "max_scale": scales[1],
        "angle": draw(finite(0.0, 180.0)),
        "flip_lr": draw(st.booleans()),
        "flip_ud": draw(st.booleans()),
        "brightness": draw(finite(0.0, 1.0)),
        "contrast": draw(finite(1.0, 4.0)),
        "noise": draw(finite(0.0, 1.0)),
    }
    return Case(params, [image(draw)])


@st.composite
def random_shift(draw: st.DrawFn) -> Case:
    shape = image(draw)
    shift = draw(st.integers(0, min(shape[1:]) - 1))
    border = draw(st.sampled_from(["nearest", "zeros", "reflect"]))
    return Case({"shift": shift, "border": border}, [shape])


@st.composite
def random_erase(draw: st.DrawFn) -> Case:
    areas = sorted([draw(finite(0.01, 1.0)), draw(finite(0.01, 1.0))])
    params = {
        "prob": draw(finite(0.0, 1.0)),
        "min_area": areas[0],
        "max_area": areas[1],
        "max_aspect": draw(finite(1.0, 10.0)),
        "fill": draw(st.sampled_from(["noise", "zeros"])),
    }
    return Case(params, [image(draw)])


# ---------------------------------------------------------------- the table

STRATEGIES: dict[str, st.SearchStrategy[Case]] = {
    "Input": st.lists(st.integers(1, MAX_SPATIAL), min_size=1, max_size=4).map(
        lambda shape: Case({"shape": shape}, [])
    ),
    "Linear": linear(),
    "Embedding": embedding(),
    "Conv1d": conv(1),
    "Conv2d": conv(2),
    "ConvTranspose2d": conv_transpose(),
    "MaxPool2d": pool("MaxPool2d"),
    "AvgPool2d": pool("AvgPool2d"),
    "SumPool2d": pool("SumPool2d"),
    "GlobalAvgPool2d": global_pool(),
    "Upsample": upsample(),
    "Identity": no_params(),
    "ReLU": no_params(),
    "LeakyReLU": with_params(negative_slope=finite(0.0, 1.0)),
    "Sigmoid": no_params(),
    "Tanh": no_params(),
    "Softmax": softmax(),
    "LogSoftmax": softmax(),
    "ELU": with_params(alpha=finite(0.01, 100.0)),
    "GELU": with_params(approximate=st.sampled_from(["none", "tanh"])),
    "SiLU": no_params(),
    "PReLU": prelu(),
    "SELU": no_params(),
    "Softplus": with_params(beta=finite(0.1, 10.0), threshold=finite(1.0, 30.0)),
    "ReLU6": no_params(),
    "Hardtanh": hardtanh(),
    "Hardsigmoid": no_params(),
    "Mish": no_params(),
    "LogSigmoid": no_params(),
    "Softsign": no_params(),
    "InstanceNorm2d": instance_norm(),
    "GroupNorm": group_norm(),
    "Conv3d": volume_conv(),
    "MaxPool3d": pool("MaxPool3d", 3),
    "BatchNorm1d": st.builds(
        lambda shape, params: Case(params, [shape]), shapes(1, 2), batch_norm_params()
    ),
    "BatchNorm2d": batch_norm_2d(),
    "LayerNorm": layer_norm(),
    "Dropout": with_params(p=finite(0.0, 0.99)),
    "RNN": recurrent(with_nonlinearity=True),
    "LSTM": recurrent(),
    "GRU": recurrent(),
    "Flatten": flatten(),
    "Reshape": reshape(),
    "Concat": concat(),
    "Add": same_shapes(),
    "Multiply": same_shapes(),
    "MSELoss": regression_loss(),
    "L1Loss": regression_loss(),
    "HuberLoss": regression_loss(delta=finite(0.01, 100.0)),
    "CrossEntropyLoss": cross_entropy(),
    "BCELoss": regression_loss(),
    "BCEWithLogitsLoss": regression_loss(),
    "ImageAugmentation": image_augmentation(),
    "RandomCrop": st.builds(
        lambda shape, size: Case({"min_size": size}, [shape]),
        st.composite(image)(),
        finite(0.1, 1.0),
    ),
    "RandomShift": random_shift(),
    "RandomErase": random_erase(),
    "GaussianSample": shapes().map(lambda shape: Case({}, [shape, shape])),
    "KLDivergenceLoss": shapes().map(lambda shape: Case({}, [shape, shape])),
    # several networks (netcanvas/layers/networks.py): noise from no input, a detached copy
    "RandomNoise": st.builds(
        lambda shape, distribution: Case({"shape": list(shape), "distribution": distribution}, []),
        shapes(),
        st.sampled_from(["normal", "uniform"]),
    ),
    "Unlink": st.builds(lambda shape: Case({}, [shape]), shapes()),
    "Step": no_params(),
    "MaxPool1d": pool("MaxPool1d", 1),
    "AvgPool1d": pool("AvgPool1d", 1),
    "SumPool1d": pool("SumPool1d", 1),
    "AvgPool3d": pool("AvgPool3d", 3),
    "SumPool3d": pool("SumPool3d", 3),
}

# ---------------------------------------------------------------- running a module


def random_inputs(layer_type: str, params: Any, shapes: list[Shape]) -> list[torch.Tensor]:
    """A batch of `BATCH` random samples per input; token ids for an Embedding."""
    if layer_type == "Embedding":
        return [torch.randint(0, params.num_embeddings, (BATCH, *shapes[0]))]
    if layer_type == "RandomNoise":  # no input: the batch's size comes from a reference
        return [torch.empty(BATCH, 0)]
    return [torch.randn(BATCH, *shape) for shape in shapes]


def loss_target(layer_type: str, prediction: torch.Tensor) -> torch.Tensor:
    """A target the loss accepts next to `prediction`."""
    if layer_type == "CrossEntropyLoss":
        classes = prediction.shape[1]
        return torch.randint(0, classes, (prediction.shape[0], *prediction.shape[2:]))
    if layer_type in ("BCELoss", "BCEWithLogitsLoss"):
        return torch.rand_like(prediction)
    return torch.randn_like(prediction)


def run(layer_type: str, params: Any, shapes: list[Shape]) -> tuple[torch.nn.Module, torch.Tensor]:
    layer = LAYERS[layer_type]
    module = layer.build(params, shapes)
    inputs = random_inputs(layer_type, params, shapes)
    with torch.no_grad():
        if layer.target_kind == "none":  # KLDivergenceLoss: mu and logvar, no target
            return module, module(*inputs)
        if layer.category == "loss":
            prediction = inputs[0]
            if layer_type == "BCELoss":
                prediction = torch.sigmoid(prediction)  # BCELoss takes probabilities
            return module, module(prediction, loss_target(layer_type, prediction))
        return module, module(*inputs)


# ---------------------------------------------------------------- the tests


# A use's shape and cost come from its unit's body, not from the layer alone:
# tests/torch/test_units.py checks them against PyTorch on whole graphs.
UNIT_TYPES = {"Unit", "UnitInput", "UnitOutput"}
CHECKED = sorted(set(LAYERS) - UNIT_TYPES)


def test_every_layer_has_a_strategy() -> None:
    assert set(STRATEGIES) == set(CHECKED), (
        f"missing strategies: {sorted(set(CHECKED) - set(STRATEGIES))}; "
        f"strategies for no layer: {sorted(set(STRATEGIES) - set(CHECKED))}"
    )


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")
@pytest.mark.parametrize("layer_type", CHECKED)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_inferred_shape_and_param_count_match_pytorch(layer_type: str, data: st.DataObject) -> None:
    assert layer_type in STRATEGIES, f"add a strategy for {layer_type} to STRATEGIES"
    layer = LAYERS[layer_type]
    case = data.draw(STRATEGIES[layer_type], label="case")
    params = layer.params.model_validate(case.params)  # the strategies draw valid parameters
    assert layer.inputs.accepts(len(case.shapes))
    try:
        shape = layer.infer(params, case.shapes)
    except ShapeError:
        assume(False)
        raise  # unreachable: assume(False) stops the example
    cost = layer.cost(params, case.shapes, shape)
    assert cost.macs >= 0

    if layer_type == "Input":
        assert shape == tuple(case.params["shape"])
        assert cost.params == 0
        return

    module, output = run(layer_type, params, case.shapes)
    expected = () if layer.category == "loss" else (BATCH, *shape)
    assert tuple(output.shape) == expected
    assert cost.params == sum(p.numel() for p in module.parameters())
    if layer.weights is not None:  # what a start from earlier weights compares (weight_fit)
        state = {key: tuple(value.shape) for key, value in module.state_dict().items()}
        assert layer.weights(params, case.shapes) == state


# ---------------------------------------------------------------- the other direction


@st.composite
def oversized_window(draw: st.DrawFn, layer_type: str) -> Case:
    """A kernel larger than the padded input along at least one axis."""
    kernel = per_axis(draw, 2, 2, 6)
    short = draw(st.integers(0, 1))  # the axis where the window does not fit
    pads = [draw(st.integers(0, k // 2)) for k in kernel]
    pads[short] = draw(st.integers(0, (kernel[short] - 2) // 2))
    sizes = [draw(st.integers(1, MAX_SPATIAL)) for _ in kernel]
    sizes[short] = draw(st.integers(1, kernel[short] - 2 * pads[short] - 1))
    params: dict[str, Any] = {"kernel_size": as_size(draw, kernel), "padding": as_size(draw, pads)}
    if layer_type == "Conv2d":
        params["out_channels"] = draw(st.integers(1, MAX_CHANNELS))
    else:
        params["ceil_mode"] = draw(st.booleans())
    if draw(st.booleans()):
        params["stride"] = as_size(draw, per_axis(draw, 2, 1, 3))
    return Case(params, [(draw(st.integers(1, MAX_CHANNELS)), *sizes)])


@pytest.mark.parametrize("layer_type", ["Conv2d", "MaxPool2d", "AvgPool2d"])
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_window_larger_than_padded_input_refused_by_core_is_refused_by_pytorch(
    layer_type: str, data: st.DataObject
) -> None:
    layer = LAYERS[layer_type]
    case = data.draw(oversized_window(layer_type), label="case")
    params = layer.params.model_validate(case.params)
    try:
        shape = layer.infer(params, case.shapes)
    except ShapeError:
        with pytest.raises(RuntimeError):
            run(layer_type, params, case.shapes)
    else:
        # Only a ceil-mode pool keeps a window hanging over the edge; then PyTorch
        # must give the same shape.
        assert params.ceil_mode
        assert tuple(run(layer_type, params, case.shapes)[1].shape) == (BATCH, *shape)
