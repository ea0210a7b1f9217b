"""Layer previews and inside views of the issue 15 samples (several heads, units, a VAE and a
GAN), computed by the worker with seeded weights: every head's branch has previews, a unit's
body has them as its first use runs it, noise nodes give the same pictures twice, and the
inside views follow a non-primary head and look inside unit uses (the convolutions inside them
too, by path: tests/torch/test_inside_units.py)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from fastapi import HTTPException
from PIL import Image
from safetensors.torch import save_file

from backend.db.models import Job
from backend.inside import InsideRequest, checked_image
from netcanvas.artifacts import EVALUATION, GRAPH, WEIGHTS
from netcanvas.samples import load as load_sample
from tests.unit_graphs import nested
from worker.gradcam import grad_cam
from worker.inside import InsideError, feature_maps
from worker.layer_preview import compiled, first_samples, layer_preview, summary


def preview(name: str, tmp_path: Path) -> dict[str, Any]:
    return layer_preview(load_sample(name), "digits", None, index=3, cache_dir=tmp_path)


def test_every_head_s_branch_has_previews(tmp_path: Path) -> None:
    answer = preview("digits_multitask", tmp_path)
    assert answer["nodes"]["parity"]["shape"] == [2]  # the second head, not on the primary's way
    assert answer["nodes"]["digit"]["shape"] == [10]
    assert not {"digit_loss", "parity_loss"} & set(answer["nodes"])
    assert answer["units"] == {}


def test_a_unit_s_body_is_previewed_as_its_first_use_runs_it(tmp_path: Path) -> None:
    answer = preview("vgg_units", tmp_path)
    body = answer["units"]["conv_block"]
    assert body["use"] == "stage1"  # the first use; stage2 runs the same unit with 32 channels
    nodes = body["nodes"]
    assert nodes["in"]["shape"] == [1, 8, 8] and nodes["in"] == answer["nodes"]["x"]
    assert nodes["conv"]["shape"] == [16, 8, 8] and nodes["out"]["shape"] == [16, 8, 8]
    assert nodes["out"] == nodes["relu"] and nodes["relu"]["min"] >= 0
    # stage1 repeats the body twice: the tab shows the first copy, fed by the Input
    network = compiled(load_sample("vgg_units"))
    x, _ = first_samples("digits", tmp_path)
    with torch.no_grad():
        first_copy = network.module_of("stage1").get_submodule("0")(x[3:4])  # (1, 16, 8, 8)
    assert nodes["out"] == summary(first_copy[0])
    assert answer["nodes"]["stage1"] != nodes["out"]  # the use's output is the second copy's


def test_a_unit_used_only_inside_another_is_previewed_at_its_first_inner_use(
    tmp_path: Path,
) -> None:
    answer = layer_preview(nested(), "digits", None, index=0, cache_dir=tmp_path)
    stage, block = answer["units"]["stage"], answer["units"]["conv_block"]
    assert stage["use"] == "s" and block["use"] == "s"  # run inside s, the main canvas's node
    assert stage["nodes"]["first"]["shape"] == [6, 8, 8]  # `wide` = 6 from the use's args
    assert block["nodes"]["conv"]["shape"] == [6, 8, 8]  # its first use: stage's "first"
    assert stage["nodes"]["pool"]["shape"] == [8, 4, 4]


def test_a_shared_weights_unit_of_a_gan_is_named_by_its_first_use(tmp_path: Path) -> None:
    answer = preview("dcgan_digits", tmp_path)
    assert answer["units"]["discriminator"]["use"] == "d_real"
    assert answer["units"]["generator"]["use"] == "G"
    for node in ("noise", "G", "unlink", "d_real", "d_fake", "d_gen"):
        assert node in answer["nodes"], node
    assert answer["nodes"]["G"]["kind"] == "image"
    assert preview("dcgan_digits", tmp_path) == answer  # the noise is seeded too


def test_a_vae_s_sample_and_both_losses_inputs_are_previewed_the_same_twice(
    tmp_path: Path,
) -> None:
    answer = preview("vae_digits", tmp_path)
    for node in ("mu", "logvar", "z", "pixels"):
        assert node in answer["nodes"], node
    assert answer["nodes"]["z"]["shape"] == [2]
    assert not {"kl", "reconstruction"} & set(answer["nodes"])
    assert preview("vae_digits", tmp_path) == answer  # the same pictures every time


def job_of(folder: Path, name: str, evaluation: dict[str, Any]) -> Path:
    graph = load_sample(name)
    network = compiled(graph)
    (folder / GRAPH).write_text(json.dumps(graph))
    save_file({k: v.contiguous() for k, v in network.state_dict().items()}, str(folder / WEIGHTS))
    (folder / EVALUATION).write_text(json.dumps(evaluation))
    return folder


def digit_png() -> bytes:
    out = io.BytesIO()
    Image.fromarray((np.eye(8) * 255).astype(np.uint8)).save(out, format="PNG")
    return out.getvalue()


MULTITASK = {
    "task": "classification",
    "class_names": [str(d) for d in range(10)],
    "heads": {
        "digit_loss": {
            "task": "classification",
            "class_names": [str(d) for d in range(10)],
            "head": "digit",
        },
        "parity_loss": {"task": "classification", "class_names": ["even", "odd"], "head": "parity"},
    },
}


def test_inside_views_follow_a_non_primary_head(tmp_path: Path) -> None:
    folder = job_of(tmp_path, "digits_multitask", MULTITASK)
    primary = feature_maps(folder, digit_png())
    assert primary["predicted"]["name"] in [str(d) for d in range(10)]
    parity = feature_maps(folder, digit_png(), "parity_loss")
    assert parity["predicted"]["name"] in ("even", "odd")
    assert [layer["node"] for layer in parity["layers"]] == ["conv1", "conv2"]
    cam = grad_cam(folder, digit_png(), None, None, "parity")  # the head node's id works too
    assert cam["class_names"] == ["even", "odd"] and len(cam["probabilities"]) == 2
    assert cam["layer"] == "conv2"
    network = compiled(load_sample("digits_multitask"))
    assert abs(sum(cam["probabilities"]) - 1) < 1e-4 and network is not None
    with pytest.raises(InsideError) as refused:
        feature_maps(folder, digit_png(), "nope")
    assert refused.value.code == "inside.unknown_head"


def test_inside_views_show_a_unit_use_as_one_layer_with_its_first_convolution(
    tmp_path: Path,
) -> None:
    folder = job_of(
        tmp_path,
        "vgg_units",
        {"task": "classification", "class_names": [str(d) for d in range(10)]},
    )
    answer = feature_maps(folder, digit_png())
    assert [(layer["node"], layer["shape"]) for layer in answer["layers"]] == [
        ("stage1.0.conv", [16, 8, 8]),  # the convolutions inside, each copy's
        ("stage1.1.conv", [16, 8, 8]),
        ("stage1", [16, 8, 8]),
        ("stage2.0.conv", [32, 4, 4]),  # after a pool between the stages
        ("stage2.1.conv", [32, 4, 4]),
        ("stage2", [32, 4, 4]),
    ]
    assert answer["filters"]["node"] == "stage1.0.conv" and answer["filters"]["shape"][1] == 1
    cam = grad_cam(folder, digit_png(), 3, None)
    assert cam["layer"] == "stage2" and cam["class"] == 3


def test_inside_views_of_a_vae_refuse_naming_the_reason(tmp_path: Path) -> None:
    # a GAN's discriminator on the real image is looked inside (tests/torch/test_inside_units.py)
    job_of(tmp_path, "vae_digits", {"task": "generation"})
    with pytest.raises(InsideError) as refused:
        feature_maps(tmp_path, digit_png())
    assert (refused.value.code, refused.value.params) == ("inside.no_conv", {})


def without_real_images(graph: dict[str, Any]) -> dict[str, Any]:
    """dcgan_digits without its discriminator's use on the Input: every Conv2d is then in
    uses fed by the generator alone."""
    graph["nodes"] = [n for n in graph["nodes"] if n["id"] not in ("d_real", "d_real_loss")]
    graph["edges"] = [e for e in graph["edges"] if "d_real" not in (e["source"], e["target"])]
    for phase in graph["training"]["phases"]:
        phase["losses"] = [loss for loss in phase["losses"] if loss != "d_real_loss"]
    return graph


def test_the_api_refuses_convolutions_not_computed_from_the_input_naming_the_units(
    tmp_path: Path,
) -> None:
    job = Job(graph=without_real_images(load_sample("dcgan_digits")))
    request = InsideRequest(image="AAAA")
    with pytest.raises(HTTPException) as refused:
        checked_image(job, tmp_path, request)
    assert refused.value.status_code == 422
    detail: Any = refused.value.detail
    assert detail["code"] == "inside.conv_in_units" and "d_gen, d_fake" in detail["message"]
    gan = Job(graph=load_sample("dcgan_digits"))  # its discriminator's use on x is shown
    assert checked_image(gan, tmp_path, request).input == "x"
    multitask = Job(graph=load_sample("digits_multitask"))
    with pytest.raises(HTTPException) as unknown:
        checked_image(multitask, tmp_path, InsideRequest(image="AAAA", head="nope"))
    assert unknown.value.status_code == 422
    assert "digit_loss, parity_loss" in unknown.value.detail["message"]  # type: ignore[index]


def test_a_gan_job_s_shared_weights_load_every_use_of_their_name(tmp_path: Path) -> None:
    folder = job_of(tmp_path, "dcgan_digits", {"task": "generation"})
    answer = layer_preview(load_sample("dcgan_digits"), "digits", folder / WEIGHTS, 0, tmp_path)
    assert answer["weights"] == "job"
    assert answer["loaded"] == ["G", "d_fake", "d_gen", "d_real"]  # D's uses, not "D"
