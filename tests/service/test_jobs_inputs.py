"""A network with two Inputs over HTTP with a real Celery worker (issue 15, several Inputs):
digits_siamese trains on digits_pairs (x and x2) above chance; a graph whose Input reads a
variable the dataset lacks, or has another shape than its variable, is refused before
queueing, naming the Input; layer previews feed each Input its variable (a built-in set and
an upload); predict's one-tensor form answers 422 `view.one_input`, never a 500 (runs on a
dataset and the inside views with several Inputs: tests/service/test_views_inputs.py); the
inside views show the convolution in the shared unit's uses by path, per Input."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from netcanvas import samples
from tests.datasets.helpers import write_zip
from tests.graphs import chain
from tests.service.conftest import Service
from tests.service.flow import follow, wait_for_exports
from tests.service.stack import Stack, stack

EPOCHS = 4
# What is stored (an upload's info) is checked on both databases.
SQLITE_AND_POSTGRES = pytest.mark.parametrize("service", ["sqlite", "postgresql"], indirect=True)


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

    # try-it: each Input's value by the variable it reads, as numbers or as images
    image = [[[0.0] * 8 for _ in range(8)]]  # a blank 8×8 image, [1, 8, 8]
    url = f"/api/jobs/{job}/predict"
    answer = client.post(url, json={"inputs": {"x": image, "x2": image}}, headers=auth)
    assert answer.status_code == 200, answer.text
    assert answer.json()["class_names"] == ["different", "same"]
    assert abs(sum(answer.json()["probabilities"][0]) - 1) < 1e-4
    png = "data:image/png;base64," + base64.b64encode(blank_png()).decode()
    answer = client.post(url, json={"images": {"x": png, "x2": png}}, headers=auth)
    assert answer.status_code == 200, answer.text
    assert len(answer.json()["probabilities"]) == 1
    missing = client.post(url, json={"inputs": {"x": image}}, headers=auth)
    assert missing.status_code == 422 and "x2" in missing.text
    one = client.post(url, json={"inputs": [image]}, headers=auth)  # one tensor for two Inputs
    assert one.status_code == 422 and one.json()["detail"]["code"] == "view.one_input"

    # the inside views: the siamese's convolution is inside its shared unit's uses, each use
    # its own layer by path (a.conv from x, b.conv from x2), computed from its own Input
    maps = client.post(f"/api/jobs/{job}/feature-maps", json={"sample": 0}, headers=auth)
    assert maps.status_code == 200, maps.text
    assert [layer["node"] for layer in maps.json()["layers"]] == ["a.conv"]
    assert maps.json()["filters"]["node"] == "a.conv" and maps.json()["input_node"] == "x"
    other = {"sample": 0, "input": "x2"}
    maps2 = client.post(f"/api/jobs/{job}/feature-maps", json=other, headers=auth)
    assert maps2.status_code == 200, maps2.text
    assert [layer["node"] for layer in maps2.json()["layers"]] == ["b.conv"]
    assert maps2.json()["layers"][0]["channels"] != maps.json()["layers"][0]["channels"]
    gradcam = client.post(f"/api/jobs/{job}/gradcam", json=other, headers=auth)
    assert gradcam.status_code == 200, gradcam.text
    assert gradcam.json()["layer"] == "b.conv" and gradcam.json()["layers"] == ["b.conv"]
    assert gradcam.json()["class_names"] == ["different", "same"]
    no_layer = {**other, "layer": "b.nope"}  # a name that is no layer: named, in both languages
    for lang, words in (("en", "is neither a node"), ("ja", "ノードでも")):
        headers = {**auth, "Accept-Language": lang}
        wrong = client.post(f"/api/jobs/{job}/gradcam", json=no_layer, headers=headers)
        assert wrong.status_code == 422, wrong.text
        detail = wrong.json()["detail"]
        assert detail["code"] == "inside.no_such_layer"
        assert "b.nope" in detail["message"] and words in detail["message"], detail
    elsewhere = {**other, "layer": "a.conv"}  # it exists, but is computed from x, not x2
    wrong = client.post(f"/api/jobs/{job}/gradcam", json=elsewhere, headers=auth)
    assert wrong.status_code == 422 and wrong.json()["detail"]["code"] == "inside.unknown_layer"
    run = {"dataset": "digits_pairs"}  # running the job over a dataset feeds both Inputs
    answer = client.post(f"/api/jobs/{job}/inference", json=run, headers=auth)
    assert answer.status_code == 202, answer.text

    # layer previews: each Input fed its variable of one sample, with the job's weights
    graph = samples.load("digits_siamese")
    preview = {"graph": graph, "dataset": "digits_pairs", "job": job, "index": 3}
    answer = client.post("/api/graphs/preview", json=preview, headers=auth)
    assert answer.status_code == 200, answer.text
    nodes = answer.json()["nodes"]
    assert nodes["x"]["kind"] == nodes["x2"]["kind"] == "image" and nodes["x"] != nodes["x2"]
    assert nodes["fc2"]["shape"] == [2] and answer.json()["weights"] == "job"
    assert {"a", "b", "fc1"} <= set(answer.json()["loaded"])
    assert answer.json()["units"]["embed"]["nodes"]["in"] == nodes["x"]
    lacking = {"graph": graph, "dataset": "digits"}  # digits has no x2: refused naming it
    answer = client.post("/api/graphs/preview", json=lacking, headers=auth)
    assert answer.status_code == 422 and answer.json()["detail"]["params"]["node"] == "x2"
    assert answer.json()["detail"]["errors"][0]["code"] == "target.missing_variable"


def blank_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (8, 8)).save(buffer, format="PNG")
    return buffer.getvalue()


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


def two_variable_csv(folder: Path, header: str = "x__0,x__1,x2:size,y:label,y2:kind") -> Path:
    """Points (x) and a size (x2): y is whether x__0 > x__1, y2 whether the size is large."""
    rows = []
    for i in range(120):
        a, b, size = (i * 7) % 11, (i * 5) % 13, (i * 3) % 10
        rows.append(f"{a},{b},{size},{int(a > b)},{'large' if size > 4 else 'small'}\n")
    return write_zip(folder / "two.zip", {"train.csv": header + "\n" + "".join(rows)})


def upload_csv(client: Any, auth: dict[str, str], path: Path) -> Any:
    with path.open("rb") as file:
        return client.post("/api/datasets", files={"file": (path.name, file, "application/zip")},
                           headers=auth)  # fmt: skip


def two_variable_graph(x2_variable: str = "x2") -> dict[str, Any]:
    """x [2] and x2 [1] concatenated, a head on y and one on y2."""
    graph = chain(
        ("x", "Input", {"shape": [2], "variable": "x"}),
        ("both", "Concat", {"dim": 0}),
        ("hidden", "Linear", {"out_features": 16}),
        ("relu", "ReLU"),
        ("fc", "Linear", {"out_features": 2}),
        ("loss", "CrossEntropyLoss"),
    )
    graph["edges"][0]["target_port"] = 0
    graph["nodes"] += [
        {"id": "size", "type": "Input", "params": {"shape": [1], "variable": x2_variable}},
        {"id": "kind", "type": "Linear", "params": {"out_features": 2}},
        {"id": "kind_loss", "type": "CrossEntropyLoss", "params": {"target": "y2"}},
    ]
    graph["edges"] += [
        {"source": "size", "target": "both", "target_port": 1},
        {"source": "relu", "target": "kind"},
        {"source": "kind", "target": "kind_loss"},
    ]
    return graph


def test_an_uploaded_csv_with_x2_and_y2_columns_trains(inputs_stack: Stack, tmp_path: Path) -> None:
    auth, client = inputs_stack.users["alice"], inputs_stack.client
    answer = upload_csv(client, auth, two_variable_csv(tmp_path))
    assert answer.status_code == 201, answer.text
    dataset = answer.json()["id"]
    body = {"graph": two_variable_graph(), "dataset": dataset,
            "config": {"epochs": 3, "lr": 0.01, "batch_size": 16}}  # fmt: skip
    created = client.post("/api/jobs", json=body, headers=auth)
    assert created.status_code == 201, created.text
    events = [m["event"] for m in follow(inputs_stack, created.json()["id"])]
    assert events[-1]["status"] == "succeeded", events[-1]
    last = [e for e in events if e["type"] == "epoch"][-1]
    assert "val_accuracy/kind_loss" in last and "val_accuracy" in last
    preview = {"graph": two_variable_graph(), "dataset": dataset, "index": 2}  # an upload's
    answer = client.post("/api/graphs/preview", json=preview, headers=auth)
    assert answer.status_code == 200, answer.text
    nodes = answer.json()["nodes"]
    assert nodes["x"]["shape"] == [2] and nodes["size"]["shape"] == [1]
    assert nodes["both"]["shape"] == [3] and nodes["kind"]["shape"] == [2]

    # one Input reading x2 alone ([1], where x is [2]) on the y2 target
    graph = chain(
        ("size", "Input", {"shape": [1], "variable": "x2"}),
        ("fc", "Linear", {"out_features": 2}),
        ("loss", "CrossEntropyLoss", {"target": "y2"}),
    )
    body = {"graph": graph, "dataset": dataset, "config": {"epochs": 2, "lr": 0.05}}
    created = client.post("/api/jobs", json=body, headers=auth)
    assert created.status_code == 201, created.text
    events = [m["event"] for m in follow(inputs_stack, created.json()["id"])]
    assert events[-1]["status"] == "succeeded", events[-1]


@SQLITE_AND_POSTGRES
def test_an_upload_names_its_more_variables_and_the_job_check_reads_them(
    service: Service, tmp_path: Path
) -> None:
    answer = upload_csv(service.client, service.alice, two_variable_csv(tmp_path))
    assert answer.status_code == 201, answer.text
    info = answer.json()["info"]
    assert info["sample_shape"] == [2]
    assert info["more_inputs"] == {"x2": [1]} and info["more_targets"] == {"y2": ["large", "small"]}
    detail = refused(service, two_variable_graph("x3"), answer.json()["id"])
    assert detail["params"]["node"] == "size"
    assert detail["errors"][0]["code"] == "target.missing_variable"


@SQLITE_AND_POSTGRES
def test_an_upload_with_a_y2_target_of_two_columns_is_refused_naming_them(
    service: Service, tmp_path: Path
) -> None:
    rows = "".join(f"{i},{i},{i},{i % 2},{i % 3},{i % 2}\n" for i in range(10))
    text = "x__0,x__1,x2:size,y:label,y2__0:kind,y2__1:more\n" + rows
    path = write_zip(tmp_path / "bad.zip", {"train.csv": text})
    answer = upload_csv(service.client, service.alice, path)
    assert answer.status_code == 422, answer.text
    assert "y2__0:kind, y2__1:more" in answer.json()["detail"]["message"]
