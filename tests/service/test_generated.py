"""The VAE over HTTP with a real Celery worker (issue 15 §3): vae_digits trains, its run's
latest generated samples are served by `GET /api/jobs/{id}/generated` and try-it draws new
ones with `POST /api/jobs/{id}/generate`, both for the owner only (404 for anyone else);
generating needs weights (409) and a generative network (422)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from netcanvas import samples
from tests.service.flow import follow
from tests.service.stack import Stack, stack

EPOCHS = 2


@pytest.fixture(scope="module")
def vae_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("vae")
    with stack(folder, f"sqlite:///{folder / 'netcanvas.db'}") as running:
        yield running


def launch(running: Stack, name: str, dataset: str, epochs: int) -> int:
    config = {**samples.lesson(name).config, "epochs": epochs, "seed": 1}
    body = {"graph": samples.load(name), "dataset": dataset, "config": config}
    created = running.client.post("/api/jobs", json=body, headers=running.users["alice"])
    assert created.status_code == 201, created.text
    job: int = created.json()["id"]
    return job


def test_vae_serves_its_samples_and_generates_for_its_owner_only(vae_stack: Stack) -> None:
    alice, bob = vae_stack.users["alice"], vae_stack.users["bob"]
    job = launch(vae_stack, "vae_digits", "digits", EPOCHS)
    before = vae_stack.client.post(f"/api/jobs/{job}/generate", json={}, headers=alice)
    events = [m["event"] for m in follow(vae_stack, job)]
    assert events[-1]["status"] == "succeeded", events[-1]
    drawn = [e for e in events if e["type"] == "samples"]
    assert drawn and drawn[-1]["epoch"] == EPOCHS and drawn[-1]["latent"] is not None
    # asked at once, while queued or running (the run takes seconds): no weights yet
    assert before.status_code == 409 and before.json()["detail"]["code"] == "job.no_weights"

    assert vae_stack.client.get(f"/api/jobs/{job}", headers=alice).json()["generative"] is True
    stored = vae_stack.client.get(f"/api/jobs/{job}/generated", headers=alice)
    assert stored.status_code == 200
    assert stored.json()["grid"] == drawn[-1]["grid"] and stored.json()["epoch"] == EPOCHS
    assert stored.json()["latent"]["size"] == 10
    assert vae_stack.client.get(f"/api/jobs/{job}/generated", headers=bob).status_code == 404

    url = f"/api/jobs/{job}/generate"
    answer = vae_stack.client.post(url, json={"count": 9, "seed": 3}, headers=alice)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["head"] == "pixels" and body["shape"] == [1, 8, 8] and len(body["images"]) == 9
    assert all(image.startswith("data:image/png;base64,") for image in body["images"])
    again = vae_stack.client.post(url, json={"count": 9, "seed": 3}, headers=alice).json()
    assert again["images"] == body["images"]  # the same seed draws the same images
    assert vae_stack.client.post(url, json={"count": 9}, headers=bob).status_code == 404
    too_many = vae_stack.client.post(url, json={"count": 65}, headers=alice)
    assert too_many.status_code == 422 and "count" in too_many.text  # a clear refusal:
    assert too_many.json()["detail"][0]["loc"] == ["body", "count"]  # the field and its
    assert too_many.json()["detail"][0]["ctx"] == {"le": 64}  # bound, never a silent clamp


def test_a_network_without_noise_has_no_samples_and_generates_nothing(vae_stack: Stack) -> None:
    alice = vae_stack.users["alice"]
    job = launch(vae_stack, "perceptron", "xor", 1)
    events = [m["event"] for m in follow(vae_stack, job)]
    assert events[-1]["status"] == "succeeded", events[-1]
    assert not [e for e in events if e["type"] == "samples"]
    assert vae_stack.client.get(f"/api/jobs/{job}", headers=alice).json()["generative"] is False
    none = vae_stack.client.get(f"/api/jobs/{job}/generated", headers=alice)
    assert none.status_code == 404 and none.json()["detail"]["code"] == "job.no_generated"
    answer = vae_stack.client.post(f"/api/jobs/{job}/generate", json={}, headers=alice)
    assert answer.status_code == 422
    assert answer.json()["detail"]["code"] == "job.not_generative"
