"""A network with two heads over HTTP with a real Celery worker (issue 15, several heads):
digits_multitask trains on digits_parity and reports both heads; a graph that asks for a
variable the dataset lacks is refused before queueing, naming the node."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from netcanvas import samples
from tests.service.conftest import Service
from tests.service.flow import follow, wait_for_exports
from tests.service.stack import Stack, stack

EPOCHS = 4


@pytest.fixture(scope="module")
def heads_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("heads")
    with stack(folder, f"sqlite:///{folder / 'netcanvas.db'}") as running:
        yield running


def test_digits_multitask_reports_both_heads_above_chance(heads_stack: Stack) -> None:
    auth = heads_stack.users["alice"]
    config = {**samples.lesson("digits_multitask").config, "epochs": EPOCHS, "seed": 1}
    body = {"graph": samples.load("digits_multitask"), "dataset": "digits_parity",
            "config": config}  # fmt: skip
    created = heads_stack.client.post("/api/jobs", json=body, headers=auth)
    assert created.status_code == 201, created.text
    job = created.json()["id"]
    events = [m["event"] for m in follow(heads_stack, job)]
    assert events[-1]["status"] == "succeeded", events[-1]
    epochs = [e for e in events if e["type"] == "epoch"]
    assert len(epochs) == EPOCHS
    last = epochs[-1]
    total = last["train_loss/digit_loss"] + 0.5 * last["train_loss/parity_loss"]
    assert last["train_loss"] == pytest.approx(total, rel=1e-4)  # the weighted sum
    assert last["val_accuracy"] == last["val_accuracy/digit_loss"]  # the primary head's

    url = f"/api/jobs/{job}/evaluation"
    evaluation: dict[str, Any] = heads_stack.client.get(url, headers=auth).json()
    heads = evaluation["heads"]
    assert list(heads) == ["digit_loss", "parity_loss"]
    assert evaluation["accuracy"] == heads["digit_loss"]["accuracy"] > 0.5  # chance: 0.1
    assert heads["parity_loss"]["accuracy"] > 0.7  # chance: 0.5
    assert heads["parity_loss"]["class_names"] == ["even", "odd"]
    assert heads["parity_loss"]["target"] == "y2" and heads["parity_loss"]["weight"] == 0.5
    assert heads["parity_loss"]["head"] == "parity"
    summary = heads_stack.client.get(f"/api/jobs/{job}", headers=auth).json()["summary"]
    assert summary["val_accuracy/parity_loss"] > 0.7
    names = wait_for_exports(heads_stack, job)
    assert {"model.onnx", "model.py", "model.safetensors"} <= set(names)

    image = [[[0.0] * 8 for _ in range(8)]]  # one blank 8×8 image, [1, 8, 8]
    answer = heads_stack.client.post(f"/api/jobs/{job}/predict", json={"inputs": [image]},
                                     headers=auth)  # fmt: skip
    assert answer.status_code == 200, answer.text
    prediction = answer.json()
    assert len(prediction["probabilities"][0]) == 10  # the top level: the primary head
    by_head = prediction["heads"]
    assert list(by_head) == ["digit", "parity"]
    assert by_head["digit"]["probabilities"] == prediction["probabilities"]
    assert by_head["parity"]["class_names"] == ["even", "odd"]
    assert abs(sum(by_head["parity"]["probabilities"][0]) - 1) < 1e-4


def refused(service: Service, graph: dict[str, Any], dataset: str) -> dict[str, Any]:
    body = {"graph": graph, "dataset": dataset, "config": {"epochs": 1}}
    answer = service.client.post("/api/jobs", json=body, headers=service.alice)
    assert answer.status_code == 422, answer.text
    detail: dict[str, Any] = answer.json()["detail"]
    return detail


def test_a_target_variable_the_dataset_lacks_is_refused(service: Service) -> None:
    detail = refused(service, samples.load("digits_multitask"), "digits")
    assert detail["code"] == "job.targets" and detail["params"]["node"] == "parity_loss"
    [error] = detail["errors"]
    assert error["code"] == "target.missing_variable" and error["node"] == "parity_loss"
    assert "'y2'" in error["message"] and "digits" in error["message"]


def test_an_input_variable_the_dataset_lacks_is_refused(service: Service) -> None:
    graph = samples.load("digits_multitask")
    graph["nodes"][0]["params"]["variable"] = "x2"
    detail = refused(service, graph, "digits_parity")
    assert (
        detail["params"]["node"] == "x" and detail["errors"][0]["code"] == "target.missing_variable"
    )


def test_a_head_that_does_not_fit_its_target_is_refused(service: Service) -> None:
    graph = samples.load("digits_multitask")
    parity = next(n for n in graph["nodes"] if n["id"] == "parity")
    parity["params"]["out_features"] = 1  # two classes need two scores for cross-entropy
    detail = refused(service, graph, "digits_parity")
    assert detail["params"]["node"] == "parity_loss"
    assert detail["errors"][0]["code"] == "target.class_scores"
