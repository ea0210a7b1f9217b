"""The VAE's layers and generated samples (docs/GRAPH_UNITS_AND_NETWORKS.md section 3).

KLDivergenceLoss equals its formula on values worked by hand; GaussianSample draws
mu + exp(logvar/2)·ε with the right mean and spread in training, and gives mu in eval mode;
the `vae_digits` sample trains on the CPU with both losses, its loss falls, its `samples`
events carry a grid and a latent map, the images it draws from noise look like the data (their
mean image correlates with the digits' mean image), unlike uniform noise, and trying it on an
image gives the same reconstruction every time.
"""

from __future__ import annotations

import base64
import io
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from PIL import Image

from netcanvas import samples
from netcanvas.graph import load_graph
from netcanvas.layers import LAYERS
from netcanvas.training_config import TrainingConfig
from worker.compiler import compile_graph
from worker.datasets import load_dataset
from worker.datasets.builtin import digits as digits_set
from worker.predict import predict
from worker.run import run_training
from worker.samples import COUNT, Samples, generate_from, plan_generator


def build(layer_type: str, shape: tuple[int, ...]) -> torch.nn.Module:
    layer = LAYERS[layer_type]
    return layer.build(layer.params(), [shape, shape])


def test_kl_divergence_equals_the_formula_on_hand_values() -> None:
    mu = torch.tensor([[0.0, 1.0], [2.0, -1.0]])
    logvar = torch.tensor([[0.0, math.log(2.0)], [0.0, 0.0]])
    # sample 1: -½[(1+0-0-1) + (1+ln2-1-2)] = 1 - ½ln2; sample 2: -½[(1-4-1) + (1-1-1)] = 2.5
    expected = ((1 - 0.5 * math.log(2.0)) + 2.5) / 2
    loss = build("KLDivergenceLoss", (2,))(mu, logvar)
    assert loss.shape == ()
    assert float(loss) == pytest.approx(expected, rel=1e-6)
    zero = build("KLDivergenceLoss", (3,))(torch.zeros(4, 3), torch.zeros(4, 3))
    assert float(zero) == 0.0  # N(0, 1) itself


def test_gaussian_sample_in_training_has_the_mean_and_spread_it_is_given() -> None:
    module = build("GaussianSample", (2,))
    assert module.training
    torch.manual_seed(0)
    n = 20_000
    mu = torch.tensor([1.5, -2.0]).expand(n, 2)
    logvar = torch.tensor([math.log(4.0), math.log(0.25)]).expand(n, 2)
    draws = module(mu, logvar)  # (n, 2)
    assert draws.mean(dim=0).tolist() == pytest.approx([1.5, -2.0], abs=0.05)
    assert draws.std(dim=0).tolist() == pytest.approx([2.0, 0.5], rel=0.03)
    assert not torch.equal(module(mu[:5], logvar[:5]), module(mu[:5], logvar[:5]))  # fresh ε


def test_gaussian_sample_in_eval_mode_gives_the_mean() -> None:
    module = build("GaussianSample", (2,)).eval()
    mu, logvar = torch.tensor([[1.5, -2.0], [0.0, 3.0]]), torch.tensor([[1.0, -1.0], [2.0, 0.0]])
    torch.manual_seed(0)
    assert torch.equal(module(mu, logvar), mu)
    assert not torch.equal(module.train()(mu, logvar), mu)  # training draws


def test_the_generator_plan_is_the_decoder_from_the_sample_node() -> None:
    network = compile_graph(load_graph(samples.load("vae_digits")))
    plan = plan_generator(network)
    assert plan is not None
    assert plan.noise == {"z": (2,)}
    assert (plan.head, plan.shape) == ("pixels", (1, 8, 8))
    lenet = compile_graph(load_graph(samples.load("lenet")))
    assert plan_generator(lenet) is None  # no noise: draws nothing


def decoded(url: str) -> np.ndarray:
    data = base64.b64decode(url.split(",", 1)[1])
    return np.asarray(Image.open(io.BytesIO(data)), dtype=np.float64) / 255


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a.ravel(), b.ravel())[0, 1])


def test_vae_sample_trains_and_draws_digits_not_noise(tmp_path: Path) -> None:
    config = TrainingConfig.model_validate({"epochs": 5, "batch_size": 32, "lr": 0.003})
    events: list[dict] = []  # type: ignore[type-arg]
    graph = samples.load("vae_digits")
    result = run_training(graph, "digits", config, tmp_path, emit=events.append)
    assert result.status == "succeeded", result.reason
    epochs = [e for e in events if e["type"] == "epoch"]
    first, last = epochs[0], epochs[-1]
    assert last["val_loss/reconstruction"] < first["val_loss/reconstruction"]
    assert last["train_loss"] < first["train_loss"]
    assert "val_loss/kl" in last and last["val_loss/kl"] > 0
    assert result.evaluation is not None
    assert result.evaluation["heads"]["kl"]["task"] == "none"

    drawn = [e for e in events if e["type"] == "samples"]
    assert drawn and drawn[-1]["epoch"] == 5  # the last epoch always has one
    event = drawn[-1]
    assert (event["count"], event["columns"], event["shape"]) == (COUNT, 6, [1, 8, 8])
    assert decoded(event["grid"]).shape == (6 * 8, 6 * 8)
    latent = event["latent"]
    assert decoded(latent["grid"]).shape == (10 * 8, 10 * 8)
    assert len(latent["points"]) > 100 and {len(p) for p in latent["points"]} == {3}
    assert latent["class_names"][:2] == ["0", "1"]

    answer = generate_from(tmp_path, 32, seed=1)
    images = np.stack([decoded(url) for url in answer["images"]])  # (32, 8, 8)
    assert answer["shape"] == [1, 8, 8] and len(images) == 32
    assert generate_from(tmp_path, 32, seed=1)["images"] == answer["images"]  # seeded
    assert generate_from(tmp_path, 32, seed=2)["images"] != answer["images"]
    digits = digits_set(0).x[:, 0]  # (N, 8, 8), 0..1
    noise = np.random.default_rng(0).uniform(size=images.shape)
    assert correlation(images.mean(axis=0), digits.mean(axis=0)) > 0.8
    assert correlation(noise.mean(axis=0), digits.mean(axis=0)) < 0.5
    assert images.std(axis=0).mean() > 0.02  # not one image drawn 32 times

    # Try-it reconstructs an image from its mean code: the same answer every time.
    image = digits[:1, None].tolist()  # (1, 1, 8, 8)
    tried = predict(tmp_path, image)["values"]
    assert predict(tmp_path, image)["values"] == tried


def digits_dataset() -> Any:
    return load_dataset("digits")


def test_a_decoder_that_also_reads_the_input_draws_nothing() -> None:
    """A conditional decoder (Concat of z and the flattened input) needs the Input: noise
    alone cannot run it, so the network has no generator plan."""
    graph = samples.load("vae_digits")
    graph["nodes"].append({"id": "cond", "type": "Concat", "params": {"dim": 0}})
    graph["edges"] = [e for e in graph["edges"] if e["source"] != "z"]
    graph["edges"] += [
        {"source": "z", "target": "cond", "target_port": 0},
        {"source": "flat", "target": "cond", "target_port": 1},
        {"source": "cond", "target": "dec"},
    ]
    network = compile_graph(load_graph(graph))
    assert plan_generator(network) is None


def test_samples_events_are_rate_limited_and_the_last_epoch_always_has_one() -> None:
    network = compile_graph(load_graph(samples.load("vae_digits")))
    samples_ = Samples.plan_for(network, digits_dataset(), torch.device("cpu"))
    assert samples_ is not None
    first = samples_.after_epoch(1, 100)
    assert first is not None and first["type"] == "samples" and first["latent"] is not None
    assert samples_.after_epoch(2, 100) is None  # within INTERVAL_S of the first
    last = samples_.after_epoch(100, 100)
    assert last is not None and last["epoch"] == 100
    assert last["grid"] == first["grid"]  # the same fixed noise through the same weights


def test_the_latent_map_follows_a_gaussian_sample_inside_a_unit() -> None:
    """vae_digits with its GaussianSample inside a `sampler` use (plan noise `z.draw`) draws
    the same latent map as vae_digits with the same weights: the decoded grid, and each
    validation sample's mu read on the way into the unit's sampler."""
    from tests.torch.test_generator_export import vae_with_sampler
    from worker.samples import latent_map

    torch.manual_seed(0)
    flat = compile_graph(load_graph(samples.load("vae_digits"))).eval()
    inside = compile_graph(load_graph(vae_with_sampler())).eval()
    inside.load_state_dict(flat.state_dict())  # the sampler has no weights: the same keys
    dataset, cpu = digits_dataset(), torch.device("cpu")
    plan_flat, plan_inside = plan_generator(flat), plan_generator(inside)
    assert plan_flat is not None and plan_inside is not None
    assert plan_inside.noise == {"z.draw": (2,)}
    expected, found = (
        latent_map(flat, plan_flat, dataset, cpu),
        latent_map(inside, plan_inside, dataset, cpu),
    )
    assert expected is not None and found is not None
    assert found.grid == expected.grid and found.points == expected.points
    mu = flat.node_inputs["z"][0]  # the flat network's mu node, run directly
    with torch.no_grad():
        direct = flat.run_from({flat.input_ids[0]: dataset.x_val[:3].float()}, mu)
    assert [p[:2] for p in found.points[:3]] == [
        [round(a, 4), round(b, 4)] for a, b in direct.tolist()
    ]
