"""The data augmentation layers: identity in eval, random per sample in training, batched,
reproducible with the seed, bounded parameters, and written into model.py and ONNX."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch
from pydantic import ValidationError

from netcanvas.graph import load_graph
from netcanvas.layers import LAYERS
from netcanvas.validation import analyse
from tests.graphs import chain
from tests.torch.test_codegen import run_source
from worker.codegen import model_source
from worker.compiler import compile_graph
from worker.export import check_onnx, export_onnx

SHAPE = (1, 12, 12)
# Settings that change every image, one per layer.
ACTIVE: dict[str, dict[str, Any]] = {
    "ImageAugmentation": {"min_scale": 0.8, "max_scale": 1.2, "angle": 20.0, "noise": 0.05},
    "RandomCrop": {"min_size": 0.6},
    "RandomShift": {"shift": 3, "border": "zeros"},
    "RandomErase": {"prob": 1.0, "min_area": 0.1, "max_area": 0.3},
}


def build(layer_type: str, shape: tuple[int, ...] = SHAPE, **params: Any) -> torch.nn.Module:
    layer = LAYERS[layer_type]
    parsed = layer.params.model_validate(ACTIVE[layer_type] | params)
    assert layer.infer(parsed, [shape]) == shape
    return layer.build(parsed, [shape])


def batch(count: int = 16, shape: tuple[int, ...] = SHAPE) -> torch.Tensor:
    """Images with structure (a bright square off centre), all the same: (B, C, H, W)."""
    x = torch.zeros(count, *shape)
    x[:, :, 2:7, 1:6] = 1.0  # not symmetric either way, so a flip shows
    return x


def test_the_catalogue_has_the_four_layers_in_their_own_category() -> None:
    kinds = {name for name, layer in LAYERS.items() if layer.category == "augmentation"}
    assert kinds == set(ACTIVE)


@pytest.mark.parametrize("layer_type", sorted(ACTIVE))
def test_identity_in_eval_mode(layer_type: str) -> None:
    module = build(layer_type).eval()
    x = batch()
    assert module(x) is x


@pytest.mark.parametrize("layer_type", sorted(ACTIVE))
def test_training_changes_each_sample_differently_and_keeps_the_shape(layer_type: str) -> None:
    torch.manual_seed(0)
    x = batch()
    out = build(layer_type).train()(x)  # one call for the whole batch
    assert out.shape == x.shape
    changed = (out - x).abs().flatten(1).amax(dim=1) > 1e-4  # (B,)
    assert changed.float().mean() >= 0.75, "most samples should change"
    distinct = {tuple(row.round(decimals=4).tolist()) for row in out.flatten(1)}
    assert len(distinct) >= 8, "each sample gets its own draw (a shift may repeat)"


@pytest.mark.parametrize("layer_type", sorted(ACTIVE))
def test_the_seed_makes_it_reproducible(layer_type: str) -> None:
    module, x = build(layer_type).train(), batch()
    torch.manual_seed(7)
    first = module(x)
    torch.manual_seed(7)
    assert torch.equal(module(x), first)
    torch.manual_seed(8)
    assert not torch.equal(module(x), first)


@pytest.mark.parametrize("layer_type", sorted(ACTIVE))
def test_rectangular_images_and_several_channels(layer_type: str) -> None:
    shape = (3, 10, 16)
    out = build(layer_type, shape).train()(batch(4, shape))
    assert out.shape == (4, *shape)
    assert torch.isfinite(out).all()


def test_flip_only_mirrors_or_keeps_each_image() -> None:
    torch.manual_seed(1)
    module = LAYERS["ImageAugmentation"].build(
        LAYERS["ImageAugmentation"].params(flip_lr=True), [SHAPE]
    )
    x = batch()
    out = module.train()(x)
    for image, original in zip(out, x, strict=True):
        assert torch.allclose(image, original, atol=1e-5) or torch.allclose(
            image, original.flip(-1), atol=1e-5
        )
    assert not torch.allclose(out, x, atol=1e-5)


def test_shift_moves_by_whole_pixels() -> None:
    torch.manual_seed(2)
    out = build("RandomShift", shift=2).train()(batch())
    ink = out.flatten(1).sum(dim=1)  # the square keeps its 25 pixels unless cut at a border
    assert torch.all((ink - ink.round()).abs() < 1e-4)
    assert set(out.unique().round(decimals=4).tolist()) <= {0.0, 1.0}


def test_erase_fills_a_rectangle_within_the_area_bounds() -> None:
    torch.manual_seed(3)
    x = torch.ones(32, *SHAPE)
    out = build("RandomErase", fill="zeros").train()(x)
    erased = (out == 0).float().flatten(1).mean(dim=1)  # (B,) fraction of each image
    assert torch.all(erased > 0)
    assert torch.all(erased <= 0.3 + 2 * 12 / 144)  # up to a pixel row and column more


@pytest.mark.parametrize(
    ("layer_type", "params"),
    [
        ("ImageAugmentation", {"angle": 181.0}),
        ("ImageAugmentation", {"min_scale": 0.1}),
        ("ImageAugmentation", {"contrast": 0.5}),
        ("ImageAugmentation", {"noise": -0.1}),
        ("RandomCrop", {"min_size": 0.0}),
        ("RandomShift", {"shift": 65}),
        ("RandomShift", {"border": "wrap"}),
        ("RandomErase", {"prob": 1.5}),
        ("RandomErase", {"max_aspect": 0.5}),
    ],
)
def test_parameters_out_of_bounds_are_refused(layer_type: str, params: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        LAYERS[layer_type].params.model_validate(params)


@pytest.mark.parametrize(
    ("layer_type", "params", "field", "code"),
    [
        ("ImageAugmentation", {"min_scale": 1.5, "max_scale": 1.0}, "max_scale", "range_order"),
        ("RandomErase", {"min_area": 0.5, "max_area": 0.2}, "max_area", "range_order"),
        ("RandomShift", {"shift": 12}, "shift", "shift_too_large"),
    ],
)
def test_validation_names_the_node_and_the_parameter(
    layer_type: str, params: dict[str, Any], field: str, code: str
) -> None:
    graph = chain(
        ("x", "Input", {"shape": list(SHAPE)}),
        ("aug", layer_type, params),
        ("flat", "Flatten"),
        ("out", "Linear", {"out_features": 2}),
        ("loss", "CrossEntropyLoss"),
    )
    report = analyse(load_graph(graph)).result
    (error,) = [issue for issue in report.errors if issue.node == "aug"]
    assert error.code == f"shape.{code}" and error.field == field


def test_images_only() -> None:
    graph = chain(("x", "Input", {"shape": [8]}), ("aug", "RandomShift", {"shift": 1}))
    report = analyse(load_graph(graph)).result
    assert [issue.code for issue in report.errors if issue.node == "aug"] == ["shape.rank"]


def augmented_graph() -> dict[str, Any]:
    return chain(
        ("x", "Input", {"shape": list(SHAPE)}),
        ("aug", "ImageAugmentation", ACTIVE["ImageAugmentation"] | {"flip_lr": True}),
        ("erase", "RandomErase", ACTIVE["RandomErase"]),
        ("conv", "Conv2d", {"out_channels": 4, "kernel_size": 3}),
        ("flat", "Flatten"),
        ("out", "Linear", {"out_features": 3}),
        ("loss", "CrossEntropyLoss"),
        name="augmented",
    )


def test_model_py_carries_the_layers_and_they_are_identity_in_eval() -> None:
    torch.manual_seed(0)
    network = compile_graph(load_graph(augmented_graph())).eval()
    source = model_source(network, "augmented")
    assert "class Augmentation(nn.Module):" in source
    assert "class ImageAugmentation(Augmentation):" in source
    assert "class RandomErase(Augmentation):" in source
    rebuilt = run_source(source)["Network"]()
    rebuilt.load_state_dict(network.state_dict(), strict=True)
    x = batch(3)
    with torch.no_grad():
        assert torch.equal(rebuilt.eval()(x), network(x))
        rebuilt.train()
        assert not torch.equal(rebuilt.aug(x), x)  # and random again when trained


def test_onnx_export_runs_them_as_identity(tmp_path: Path) -> None:
    torch.manual_seed(0)
    network = compile_graph(load_graph(augmented_graph())).eval()
    path = tmp_path / "model.onnx"
    export_onnx(network, path)
    assert check_onnx(network, path) < 1e-4


@pytest.mark.parametrize("layer_type", sorted(ACTIVE))
def test_a_bfloat16_batch_stays_bfloat16(layer_type: str) -> None:
    """As after a convolution under mixed precision."""
    out = build(layer_type).train()(batch(4).to(torch.bfloat16))
    assert out.dtype == torch.bfloat16 and out.shape == (4, *SHAPE)
