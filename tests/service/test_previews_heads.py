"""Layer previews and inside views of the issue 15 samples over HTTP, with a real Celery
worker: every head's branch and a GAN's generator have previews, a unit's body has them as
its first use runs it, and a trained two-head network's inside views follow the asked head.
(A GAN's refused inside views: tests/torch/test_previews_heads_units.py, without training.)"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from netcanvas import samples
from tests.service.flow import follow
from tests.service.stack import Stack, stack


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("previews")
    with stack(folder, f"sqlite:///{folder / 'netcanvas.db'}") as served:
        yield served


def trained(running: Stack, name: str, dataset: str) -> int:
    config = {**samples.lesson(name).config, "epochs": 1, "seed": 1}
    body = {"graph": samples.load(name), "dataset": dataset, "config": config}
    created = running.client.post("/api/jobs", json=body, headers=running.users["alice"])
    assert created.status_code == 201, created.text
    job = int(created.json()["id"])
    assert follow(running, job)[-1]["event"]["status"] == "succeeded"
    return job


def preview(running: Stack, name: str) -> dict[str, Any]:
    body = {"graph": samples.load(name), "dataset": "digits"}
    answer = running.client.post("/api/graphs/preview", json=body, headers=running.users["alice"])
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def test_previews_of_every_head_every_unit_body_and_a_gan_s_generator(running: Stack) -> None:
    assert preview(running, "digits_multitask")["nodes"]["parity"]["shape"] == [2]
    vgg = preview(running, "vgg_units")["units"]["conv_block"]
    assert vgg["use"] == "stage1" and vgg["nodes"]["conv"]["shape"] == [16, 8, 8]
    gan = preview(running, "dcgan_digits")
    assert gan["nodes"]["G"]["kind"] == "image" and gan["units"]["discriminator"]["use"] == "d_real"
    assert {"mu", "logvar", "z", "pixels"} <= set(preview(running, "vae_digits")["nodes"])


def test_inside_views_follow_the_asked_head_of_a_trained_two_head_network(
    running: Stack,
) -> None:
    auth = running.users["alice"]
    job = trained(running, "digits_multitask", "digits_parity")
    url = f"/api/jobs/{job}"
    first = running.client.get(f"{url}/samples", headers=auth).json()["samples"][0]["index"]
    maps = running.client.post(
        f"{url}/feature-maps", json={"sample": first, "head": "parity_loss"}, headers=auth
    )
    assert maps.status_code == 200, maps.text
    assert maps.json()["predicted"]["name"] in ("even", "odd")
    primary = running.client.post(f"{url}/feature-maps", json={"sample": first}, headers=auth)
    assert primary.json()["predicted"]["name"] in [str(d) for d in range(10)]
    cam = running.client.post(
        f"{url}/gradcam", json={"sample": first, "head": "parity", "class": 1}, headers=auth
    )
    assert cam.status_code == 200, cam.text
    assert cam.json()["class_names"] == ["even", "odd"] and cam.json()["class_name"] == "odd"
    wrong = running.client.post(
        f"{url}/gradcam", json={"sample": first, "head": "parity", "class": 2}, headers=auth
    )
    assert wrong.status_code == 422 and "0 to 1" in wrong.json()["detail"]["message"]
    unknown = running.client.post(
        f"{url}/feature-maps", json={"sample": first, "head": "nope"}, headers=auth
    )
    assert unknown.status_code == 422
    assert "the losses: digit_loss, parity_loss" in unknown.json()["detail"]["message"]
