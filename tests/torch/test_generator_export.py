"""`generator.onnx`: a generative network's generator on its own, noise in, images out
(worker/generator_export.py), equal to PyTorch for the same codes; none for other networks.
A GaussianSample inside a unit is noise too, named by its path (`z.draw`). A GAN's
discriminator alone: `discriminator.onnx`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime
import pytest
import torch

from netcanvas import samples
from netcanvas.artifacts import DISCRIMINATOR_ONNX, GENERATOR_ONNX
from netcanvas.graph import load_graph
from worker.compiler import compile_graph
from worker.generator_export import (
    Generator,
    discriminator,
    write_discriminator_onnx,
    write_generator_onnx,
)
from worker.samples import decode, noise_for, plan_generator


@pytest.mark.parametrize(("name", "noise", "head"), [
    ("dcgan_digits", "z", "G"),
    ("vae_digits", "z", "sigmoid"),
])  # fmt: skip
def test_the_generator_exports_alone_and_draws_what_pytorch_draws(
    name: str, noise: str, head: str, tmp_path: Path
) -> None:
    torch.manual_seed(0)
    network = compile_graph(load_graph(samples.load(name))).eval()
    plan = plan_generator(network)
    assert plan is not None
    info = write_generator_onnx(network, tmp_path)
    assert info is not None and info.path == tmp_path / GENERATOR_ONNX, info
    session = onnxruntime.InferenceSession(str(info.path), providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]
    assert names == list(plan.noise) and [o.name for o in session.get_outputs()] == [plan.head]
    codes = {n: torch.randn(5, *shape) for n, shape in plan.noise.items()}
    (images,) = session.run(None, {n: z.numpy() for n, z in codes.items()})
    with torch.no_grad():
        expected = Generator(network, plan)(*codes.values()).numpy()
    assert images.shape == (5, *plan.shape)
    np.testing.assert_allclose(images, expected, atol=1e-5)


def test_a_network_that_draws_nothing_has_no_generator(tmp_path: Path) -> None:
    network = compile_graph(load_graph(samples.load("lenet")))
    assert write_generator_onnx(network, tmp_path) is None
    assert not (tmp_path / GENERATOR_ONNX).exists()


def vae_with_sampler() -> dict[str, Any]:
    """vae_digits with its GaussianSample inside a `sampler` unit (mu, logvar → z)."""
    graph = samples.load("vae_digits")
    sampler = {
        "name": "sampler",
        "nodes": [
            {"id": "mu", "type": "UnitInput", "params": {"port": 0}},
            {"id": "logvar", "type": "UnitInput", "params": {"port": 1}},
            {"id": "draw", "type": "GaussianSample"},
            {"id": "out", "type": "UnitOutput"},
        ],
        "edges": [
            {"source": "mu", "target": "draw", "target_port": 0},
            {"source": "logvar", "target": "draw", "target_port": 1},
            {"source": "draw", "target": "out"},
        ],
    }
    for node in graph["nodes"]:
        if node["id"] == "z":
            node.update(type="Unit", params={"unit": "sampler"})
    return {**graph, "units": [sampler]}


def test_a_gaussian_sample_inside_a_unit_is_the_generators_noise(tmp_path: Path) -> None:
    torch.manual_seed(0)
    network = compile_graph(load_graph(vae_with_sampler())).eval()
    plan = plan_generator(network)
    assert plan is not None and plan.noise == {"z.draw": (2,)} and plan.head == "pixels"
    codes = noise_for(plan, 4, seed=2)
    with torch.no_grad():  # the decoder alone, fed the code the sampler would have drawn
        expected = codes["z.draw"]
        for node in ("dec", "dec_relu", "dec_out", "image", "pixels"):
            expected = network.get_submodule(node)(expected)
    np.testing.assert_allclose(decode(network, plan, codes, torch.device("cpu")), expected)
    info = write_generator_onnx(network, tmp_path)
    assert info is not None and info.reason is None, info
    session = onnxruntime.InferenceSession(str(info.path), providers=["CPUExecutionProvider"])
    assert [i.name for i in session.get_inputs()] == ["z.draw"]
    (images,) = session.run(None, {"z.draw": codes["z.draw"].numpy()})
    np.testing.assert_allclose(images, expected.numpy(), atol=1e-5)


def test_a_gans_discriminator_exports_alone_and_judges_as_pytorch_does(tmp_path: Path) -> None:
    torch.manual_seed(0)
    network = compile_graph(load_graph(samples.load("dcgan_digits"))).eval()
    assert discriminator(network) == ("D", "d_real")
    info = write_discriminator_onnx(network, tmp_path)
    assert info is not None and info.path == tmp_path / DISCRIMINATOR_ONNX, info
    assert info.reason is None and "network D alone" in info.detail
    session = onnxruntime.InferenceSession(str(info.path), providers=["CPUExecutionProvider"])
    assert [i.name for i in session.get_inputs()] == ["in"]
    assert [o.name for o in session.get_outputs()] == ["D"]
    images = torch.rand(4, 1, 8, 8)
    (logits,) = session.run(None, {"in": images.numpy()})
    with torch.no_grad():
        expected = network.get_submodule("D")(images).numpy()
    assert logits.shape == (4, 1)
    np.testing.assert_allclose(logits, expected, atol=1e-5)


def test_a_vae_has_no_discriminator(tmp_path: Path) -> None:
    network = compile_graph(load_graph(samples.load("vae_digits")))
    assert write_discriminator_onnx(network, tmp_path) is None
