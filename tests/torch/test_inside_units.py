"""Feature maps and Grad-CAM of convolutions inside unit uses (the siamese's shared `embed`).

`digits_siamese` trains one epoch on digits_pairs; its only Conv2d is inside the unit both
uses run with shared weights (`shared_as: E`). Each use is its own layer, named by its path
(`a.conv` from x, `b.conv` from x2), and its maps are what the shared convolution computes
from that use's own Input: checked against the convolution applied by hand to the validation
sample, and Grad-CAM against the formula written out with autograd through the whole network.
A name that is no layer is refused naming it; repeated and nested uses number their copies.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from fastapi import HTTPException

from backend.db.models import Job
from backend.inside import InsideRequest, check_gradcam, checked_image
from netcanvas.artifacts import EVALUATION
from netcanvas.graph import load_graph
from netcanvas.inside import cam_layers, conv_layers, default_layer
from netcanvas.messages import render
from netcanvas.samples import load as load_sample
from netcanvas.training_config import TrainingConfig
from netcanvas.validation import analyse
from tests.unit_graphs import nested, vgg
from worker.compiler import compile_graph
from worker.gradcam import grad_cam
from worker.inside import Feed, InsideError, feature_maps, validation_variables
from worker.predict import load_network
from worker.run import run_training
from worker.taps import module_at, run_tapped

SEED, SPLIT = 2, 0.2


@pytest.fixture(scope="module")
def siamese(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("siamese")
    config = TrainingConfig(epochs=1, batch_size=32, lr=0.01, seed=SEED, validation_split=SPLIT)
    result = run_training(load_sample("digits_siamese"), "digits_pairs", config, folder)
    assert result.status == "succeeded", result.reason
    return folder


def feed(input_name: str, sample: int) -> Feed:
    return Feed(input_name, sample, "digits_pairs", "digits_pairs", SEED, SPLIT)


def through(module: torch.nn.Module, x: torch.Tensor, *names: str) -> torch.Tensor:
    """`x` through `module`'s submodules `names` (dotted paths), one after another."""
    for name in names:
        x = module.get_submodule(name)(x)
    return x


def pair(sample: int) -> tuple[torch.Tensor, torch.Tensor]:
    variables = validation_variables("digits_pairs", SEED, SPLIT, ())
    return variables["x"][sample : sample + 1], variables["x2"][sample : sample + 1]


def test_convolutions_inside_uses_are_listed_by_path_per_input() -> None:
    siamese = analyse(load_graph(load_sample("digits_siamese")))
    assert conv_layers(siamese, "x") == ["a.conv"]  # each use of the shared unit: its own path
    assert conv_layers(siamese, "x2") == ["b.conv"]
    assert default_layer(siamese, None, "x2") == "b.conv"
    vgg = analyse(load_graph(load_sample("vgg_units")))  # copies numbered as state_dict keys
    assert conv_layers(vgg) == [
        "stage1.0.conv", "stage1.1.conv", "stage1", "stage2.0.conv", "stage2.1.conv", "stage2",
    ]  # fmt: skip
    resnet = analyse(load_graph(load_sample("resnet_units")))
    assert conv_layers(resnet)[:3] == ["stem", "blocks.0.conv1", "blocks.0.conv2"]
    gan = analyse(load_graph(load_sample("dcgan_digits")))  # the discriminator on real images
    assert conv_layers(gan) == ["d_real.conv1", "d_real.conv2"]
    assert cam_layers(gan, "d_fake_loss") == []  # fed by the generator, not by the Input


def test_each_use_of_a_shared_unit_shows_its_own_input_s_maps(siamese: Path) -> None:
    network, _ = load_network(siamese)
    conv = module_at(network, "a.conv")
    assert conv is module_at(network, "b.conv")  # one shared module for both uses
    x, x2 = pair(4)
    for chosen, path, image in (("x", "a.conv", x), ("x2", "b.conv", x2)):
        answer = feature_maps(siamese, None, None, feed(chosen, 4))
        assert [layer["node"] for layer in answer["layers"]] == [path]
        layer = answer["layers"][0]
        assert layer["shape"] == [16, 8, 8] and len(layer["channels"]) == 16
        with torch.no_grad():
            expected = conv(image)[0]  # (16, 8, 8): the convolution of this use's own input
        for channel in layer["channels"]:
            k = channel["index"]
            assert channel["min"] == pytest.approx(float(expected[k].min()), abs=1e-5)
            assert channel["max"] == pytest.approx(float(expected[k].max()), abs=1e-5)
        assert answer["filters"]["node"] == path and answer["filters"]["shape"] == [16, 1, 3, 3]
        assert answer["predicted"]["name"] in ("different", "same")
    assert not torch.equal(x, x2)


def test_tapped_values_are_those_the_network_computes(siamese: Path) -> None:
    network, _ = load_network(siamese)
    x, x2 = pair(1)
    with torch.no_grad():
        values, taps = run_tapped(network, (x, x2), ["a.conv", "b.conv"])
        assert torch.equal(values["fc2"], network.training_output(x, x2))
        assert torch.equal(taps["b.conv"], module_at(network, "b.conv")(x2))


@torch.no_grad()
def test_copies_and_nested_uses_are_tapped_as_their_bodies_run_them() -> None:
    torch.manual_seed(0)
    for share in (False, True):  # separate copies; one body run twice (shared weights)
        graph = vgg(repeat=2, share=share)
        channels = 8 if share else 1  # a shared body's output is its next run's input
        for node in graph["nodes"]:
            if node["type"] == "Input":
                node["params"]["shape"] = [channels, 8, 8]
        x = torch.rand(1, channels, 8, 8)
        network = compile_graph(load_graph(graph)).eval()
        paths = conv_layers(analyse(load_graph(graph)))
        assert paths == ["stage1.0.conv", "stage1.1.conv", "stage1"]
        values, taps = run_tapped(network, (x,), paths[:2])
        stage = network.module_of("stage1")
        first, second = ("0.", "1.") if not share else ("", "")  # the copies' paths in stage
        after_first = through(stage, x, f"{first}conv", f"{first}bn", f"{first}relu")
        assert torch.equal(taps["stage1.0.conv"], through(stage, x, f"{first}conv"))
        assert torch.equal(taps["stage1.1.conv"], through(stage, after_first, f"{second}conv"))
        assert torch.equal(values["fc"], network(x))
    graph = nested()  # s runs stage, whose first and second run conv_block
    network = compile_graph(load_graph(graph)).eval()
    paths = conv_layers(analyse(load_graph(graph)))
    assert paths[:2] == ["s.first.conv", "s.second.conv"]
    x = torch.rand(1, 1, 8, 8)
    _, taps = run_tapped(network, (x,), paths[:2])
    inner = network.module_of("s")
    assert torch.equal(taps["s.first.conv"], through(inner, x, "first.conv"))
    assert module_at(network, "s.second.conv") is inner.get_submodule("second.conv")


def test_grad_cam_at_a_path_inside_a_use_equals_autograd_through_the_network(
    siamese: Path,
) -> None:
    network, _ = load_network(siamese)
    body = network.module_of("b")
    x, x2 = pair(6)
    a = network.module_of("a")(x)
    b_conv = through(body, x2, "conv")  # (1, 16, 8, 8), the activation Grad-CAM weights
    b = through(body, b_conv, "relu1", "pool", "flatten", "fc", "relu2")
    both = network.module_of("both")(a, b, network.module_of("product")(a, b))
    logits = network.module_of("fc2")(network.module_of("relu")(network.module_of("fc1")(both)))
    klass = int(logits.argmax())
    (gradient,) = torch.autograd.grad(logits[0, klass], b_conv)
    cam = torch.relu((gradient.mean(dim=(2, 3), keepdim=True) * b_conv).sum(dim=1))[0].detach()
    answer = grad_cam(siamese, None, None, None, None, feed("x2", 6))
    assert answer["layer"] == "b.conv" and answer["layers"] == ["b.conv"]
    assert answer["class"] == klass and answer["class_names"] == ["different", "same"]
    assert np.allclose(np.array(answer["grid"]), cam.numpy(), atol=1e-6 + 1e-4 * float(cam.max()))
    named = grad_cam(siamese, None, None, "a.conv", None, feed("x", 6))
    assert named["layer"] == "a.conv"


def test_a_layer_name_that_does_not_exist_is_refused_naming_it(siamese: Path) -> None:
    with pytest.raises(InsideError) as missing:
        grad_cam(siamese, None, None, "b.nope", None, feed("x2", 0))
    assert missing.value.code == "inside.no_such_layer"
    assert missing.value.params["layer"] == "b.nope"
    with pytest.raises(InsideError) as other:  # it exists, but is computed from x
        grad_cam(siamese, None, None, "a.conv", None, feed("x2", 0))
    assert other.value.code == "inside.unknown_layer"

    graph = load_sample("digits_siamese")
    evaluation = json.loads((siamese / EVALUATION).read_text())
    job = Job(graph=graph, evaluation=evaluation, config={"seed": SEED}, dataset="digits_pairs")
    request = InsideRequest(sample=0, input="x2", layer="b.nope")
    checked = checked_image(job, siamese, request)
    with pytest.raises(HTTPException) as refused:
        check_gradcam(job, checked, request)
    assert refused.value.status_code == 422
    detail: Any = refused.value.detail
    assert detail["code"] == "inside.no_such_layer" and "b.nope" in detail["message"]
    japanese = render(detail["code"], detail["params"], "ja")
    assert "b.nope" in japanese and "レイヤー" in japanese and "b.conv" in japanese


def test_a_gan_shows_its_discriminator_on_the_real_image(tmp_path: Path) -> None:
    from tests.torch.test_previews_heads_units import digit_png, job_of

    real = {"task": "classification", "class_names": ["fake", "real"], "head": "d_real"}
    fake = {**real, "head": "d_fake"}
    evaluation = {**real, "heads": {"d_real_loss": real, "d_fake_loss": fake}}
    folder = job_of(tmp_path, "dcgan_digits", evaluation)
    answer = feature_maps(folder, digit_png())
    assert [layer["node"] for layer in answer["layers"]] == ["d_real.conv1", "d_real.conv2"]
    assert answer["predicted"]["name"] in ("fake", "real")
    cam = grad_cam(folder, digit_png(), None, None)  # where D sees a real (or fake) digit
    assert cam["layer"] == "d_real.conv2" and cam["class_names"] == ["fake", "real"]
    with pytest.raises(InsideError) as refused:  # the fake images' head has no Input's conv
        grad_cam(folder, digit_png(), None, None, "d_fake_loss")
    assert refused.value.code == "inside.head_without_conv"
    assert "d_fake_loss" in render(refused.value.code, refused.value.params)
    with pytest.raises(InsideError) as fed_by_noise:  # it exists, but sees generated images
        grad_cam(folder, digit_png(), None, "d_fake.conv1")
    assert fed_by_noise.value.code == "inside.unknown_layer"
