"""model.py of a generative network (worker/generate_codegen.py): `generate(count, seed)` and
`generate_from(noise)`, run in a fresh process that cannot import NetCanvas with the
downloaded weights, draw the images the worker's generator plan draws, number by number;
a GAN's model.py names its networks (`self.G`, `self.D`) and which phase trains which.
Noise drawn inside units (a sampler unit, nested too) is a parameter named by its path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import torch
from safetensors.torch import load_file, save_file

from netcanvas import samples
from netcanvas.graph import load_graph
from tests.torch.test_codegen import compile_dict, run_source
from tests.torch.test_export import randomise
from tests.torch.test_generator_export import vae_with_sampler
from worker.codegen import model_source
from worker.compiler import GraphNetwork, compile_graph
from worker.export import write_model_source, write_weights
from worker.samples import decode, generate, noise_for, plan_generator

SEED, COUNT = 3, 5
# Imported from its folder with NetCanvas blocked; prints generate()'s and generate_from()'s
# largest difference from the worker's images (saved beside it).
GENERATE_SCRIPT = """
import json, sys
sys.modules["netcanvas"] = sys.modules["worker"] = None  # model.py must stand alone
sys.path.insert(0, ".")
import torch
from safetensors.torch import load_file
import model
network = model.load()
check = load_file("check.safetensors")
drawn = network.generate(%(count)d, seed=%(seed)d)
noise = [check[name] for name in json.loads(sys.argv[1])]
given = network.generate_from(*noise)
print(json.dumps({
    "generate": float((drawn - check["drawn"]).abs().max()),
    "generate_from": float((given - check["given"]).abs().max()),
    "shape": list(drawn.shape),
    "training": network.training,
}))
"""


def vae_with_nested_sampler() -> dict[str, Any]:
    """vae_digits whose `z` uses unit `latent`: the `sampler` unit (inside it the draw),
    then a Linear, so model.py runs steps inside two uses from the noise."""
    graph = vae_with_sampler()
    latent = {
        "name": "latent",
        "nodes": [
            {"id": "mu", "type": "UnitInput", "params": {"port": 0}},
            {"id": "logvar", "type": "UnitInput", "params": {"port": 1}},
            {"id": "s", "type": "Unit", "params": {"unit": "sampler"}},
            {"id": "fc", "type": "Linear", "params": {"out_features": 2}},
            {"id": "out", "type": "UnitOutput"},
        ],
        "edges": [
            {"source": "mu", "target": "s", "target_port": 0},
            {"source": "logvar", "target": "s", "target_port": 1},
            {"source": "s", "target": "fc"},
            {"source": "fc", "target": "out"},
        ],
    }
    for node in graph["nodes"]:
        if node["id"] == "z":
            node["params"] = {"unit": "latent"}
    return {**graph, "units": [*graph["units"], latent]}


GRAPHS = {"sampler_unit": vae_with_sampler, "nested_sampler": vae_with_nested_sampler}


def exported(name: str, folder: Path) -> tuple[GraphNetwork, str]:
    graph = load_graph(GRAPHS[name]() if name in GRAPHS else samples.load(name))
    torch.manual_seed(0)
    network = compile_graph(graph)
    randomise(network)
    write_weights(network, folder / "model.safetensors", graph_name=graph.name)
    write_model_source(network, folder / "model.py", graph.name)
    return network, (folder / "model.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["vae_digits", "dcgan_digits", *GRAPHS])
def test_model_py_generates_what_the_worker_generates(name: str, tmp_path: Path) -> None:
    network, _ = exported(name, tmp_path)
    plan = plan_generator(network)
    assert plan is not None
    cpu = torch.device("cpu")
    given = noise_for(plan, 4, seed=11)
    check = {"drawn": generate(network, plan, COUNT, SEED, cpu)}
    check |= {"given": decode(network, plan, given, cpu), **given}
    save_file({k: v.contiguous() for k, v in check.items()}, str(tmp_path / "check.safetensors"))
    assert sorted(load_file(str(tmp_path / "model.safetensors"))) == sorted(network.state_dict())
    script = GENERATE_SCRIPT % {"count": COUNT, "seed": SEED}
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps(list(given))],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["shape"] == [COUNT, *plan.shape]
    assert report["generate"] <= 1e-6 and report["generate_from"] <= 1e-6, report
    assert report["training"] is False  # generate() restores the mode load() gave


def test_a_gan_reads_as_a_generator_and_a_discriminator(tmp_path: Path) -> None:
    _, source = exported("dcgan_digits", tmp_path)
    assert "class Generator(nn.Module):" in source and "class Discriminator(nn.Module):" in source
    assert "self.G = Generator()" in source and "self.D = Discriminator()" in source
    assert "_times" not in source  # each unit body runs once: a plain forward, no loop
    # each class's docstring carries its unit's description
    doc = '    """Unit discriminator; input (B, 1, 8, 8).\n\n    A 1×8×8 image → two strided'
    assert doc in source
    assert "- discriminator: d_real_loss + d_fake_loss; updates self.D (Discriminator)" in source
    assert "- generator: g_loss; updates self.G (Generator)" in source
    # every use of the shared discriminator calls it by its name, the noise gets its batch
    assert "d_fake = self.D(unlink)  # (B, 1)" in source and "noise = self.noise(x)" in source
    assert "G = self.G(noise)  # (B, 1, 8, 8)" in source.split("def generate_from")[1]


def test_a_gan_s_model_py_shows_generate_first_and_draws_as_a_script(tmp_path: Path) -> None:
    _, source = exported("dcgan_digits", tmp_path)
    top = source.split('"""')[1]  # the module's docstring
    assert "images = network.generate(16, seed=0)" in top
    assert "(a GAN: the discriminator's)" in top and "draw a few images" in top
    # generate() says what draws the same images: a seed given to the generate endpoint
    assert "POST /api/jobs/{id}/generate with that seed" in source
    assert "try-it" not in source
    done = subprocess.run(
        [sys.executable, "model.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["output shape: (2, 1)", "generated images: (4, 1, 8, 8)"]


def test_a_network_that_draws_nothing_has_no_generate(tmp_path: Path) -> None:
    _, source = exported("lenet", tmp_path)
    assert "def generate" not in source and "generate(" not in source


def test_noise_drawn_inside_units_is_named_by_its_path(tmp_path: Path) -> None:
    _, source = exported("nested_sampler", tmp_path)
    assert "def generate_from(self, z_s_draw: torch.Tensor) -> torch.Tensor:" in source
    assert "z_s_draw (the draw of z.s.draw) from N(0, 1)" in source
    assert "z_s = z_s_draw  # (B, 2)" in source
    assert "z_fc = self.z.fc(z_s)  # (B, 2)" in source and "z = z_fc  # z's value" in source


def test_nodes_named_like_the_methods_are_modules_not_the_methods() -> None:
    graph = {
        "format": "netcanvas/graph@1",
        "name": "clash",
        "nodes": [
            {"id": "x", "type": "Input", "params": {"shape": [4]}},
            {"id": "heads", "type": "Linear", "params": {"out_features": 3}},
            {"id": "generate", "type": "Linear", "params": {"out_features": 2}},
            {"id": "a", "type": "CrossEntropyLoss"},
            {"id": "b", "type": "MSELoss", "params": {"target": "y2"}},
        ],
        "edges": [
            {"source": "x", "target": "heads"}, {"source": "x", "target": "generate"},
            {"source": "heads", "target": "a"}, {"source": "generate", "target": "b"},
        ],
    }  # fmt: skip
    network = compile_dict(graph).eval()
    source = model_source(network, "clash")
    assert 'self._modules["heads"] = nn.Linear(4, 3, bias=True)' in source
    assert 'heads = self._modules["heads"](x)  # (B, 3)' in source
    rebuilt = run_source(source)["Network"]()
    rebuilt.load_state_dict(network.state_dict(), strict=True)
    x = torch.randn(2, 4)
    with torch.no_grad():
        values = rebuilt.eval().heads(x)
        assert torch.equal(values["heads"], network(x))
        assert torch.equal(values["generate"], network.heads(x)[1])
