"""A network with two Inputs over HTTP with a real Celery worker (issue 15, several Inputs):
digits_siamese trains on digits_pairs (x and x2) above chance; a graph whose Input reads a
variable the dataset lacks, or has another shape than its variable, is refused before
queueing, naming the Input; views that feed one tensor answer 422, never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from netcanvas import samples
from tests.graphs import chain
from tests.service.conftest import Service
from tests.service.flow import follow, wait_for_exports
from tests.service.stack import Stack, stack

EPOCHS = 4


@pytest.fixture(scope="module")
def inputs_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("inputs")
    with stack(folder, f"sqlite:///{folder / 'netcanvas.db'}") as running:
        yield running


def test_digits_siamese_trains_on_two_inputs_above_chance(inputs_stack: Stack) -> None:
    auth, client = inputs_stack.users["alice"], inputs_stack.client
    config = {**samples.lesson("digits_siamese").config, "epochs": EPOCHS, "seed": 1}
    body = {"graph": samples.load("digits_siamese"), "dataset": "digits_pairs", "config": config}
    created = client.post("/api/jobs", json=body, headers=auth)
    assert created.status_code == 201, created.text
    job = created.json()["id"]
    events = [m["event"] for m in follow(inputs_stack, job)]
    assert events[-1]["status"] == "succeeded", events[-1]
    epochs = [e for e in events if e["type"] == "epoch"]
    assert len(epochs) == EPOCHS
    assert epochs[-1]["val_accuracy"] > 0.6  # chance: 0.5 (half of the pairs are the same)

    evaluation: dict[str, Any] = client.get(f"/api/jobs/{job}/evaluation", headers=auth).json()
    assert evaluation["class_names"] == ["different", "same"]
    names = wait_for_exports(inputs_stack, job)
    assert {"model.onnx", "model.py", "model.safetensors"} <= set(names)
    samples_answer = client.get(f"/api/jobs/{job}/samples", headers=auth)
    assert samples_answer.status_code == 200, samples_answer.text
    predictions = client.get(f"/api/jobs/{job}/predictions", headers=auth)
    assert predictions.status_code == 200, predictions.text

    # the views that feed one tensor: a clear 422, never a 500
    maps = client.post(f"/api/jobs/{job}/feature-maps", json={"sample": 0}, headers=auth)
    assert maps.status_code == 422, maps.text
    assert maps.json()["detail"]["code"] == "view.one_input"
    graph = samples.load("digits_siamese")
    preview = {"graph": graph, "dataset": "digits_pairs", "job": job, "index": 0}
    answer = client.post("/api/graphs/preview", json=preview, headers=auth)
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"]["code"] == "view.one_input"


def refused(service: Service, graph: dict[str, Any], dataset: str) -> dict[str, Any]:
    body = {"graph": graph, "dataset": dataset, "config": {"epochs": 1}}
    answer = service.client.post("/api/jobs", json=body, headers=service.alice)
    assert answer.status_code == 422, answer.text
    detail: dict[str, Any] = answer.json()["detail"]
    return detail


def test_an_input_reading_a_variable_the_dataset_lacks_is_refused(service: Service) -> None:
    detail = refused(service, samples.load("digits_siamese"), "digits")  # digits has no x2
    assert detail["code"] == "job.targets" and detail["params"]["node"] == "x2"
    [error] = detail["errors"]
    assert error["code"] == "target.missing_variable" and error["node"] == "x2"
    assert "'x2'" in error["message"]


def test_an_input_of_another_shape_than_its_variable_is_refused(service: Service) -> None:
    graph = chain(
        ("x", "Input", {"shape": [1, 8, 8]}),
        ("flat", "Flatten"),
        ("both", "Concat", {"dim": 0}),
        ("fc", "Linear", {"out_features": 2}),
        ("loss", "CrossEntropyLoss"),
    )
    flat = {"id": "flat2", "type": "Input", "params": {"shape": [64], "variable": "x2"}}
    graph["nodes"].append(flat)
    graph["edges"][1]["target_port"] = 0
    graph["edges"].append({"source": "flat2", "target": "both", "target_port": 1})
    detail = refused(service, graph, "digits_pairs")
    assert detail["params"]["node"] == "flat2"
    [error] = detail["errors"]
    assert error["code"] == "dataset.input_shape" and error["node"] == "flat2"
    assert "[1, 8, 8]" in error["message"] and "[64]" in error["message"]


def test_the_catalogue_names_the_input_variables(service: Service) -> None:
    listed = service.client.get("/api/datasets", headers=service.alice).json()
    pairs = next(e for e in listed["builtin"] if e["name"] == "digits_pairs")
    assert pairs["more_inputs"] == {"x2": [1, 8, 8]}
