"""Networks of several Inputs in the views, over HTTP with a real Celery worker, on SQLite
and on PostgreSQL (issue 15 follow-up): "Run on a dataset" feeds each Input its variable (a
built-in pair set, and an upload with `x2:` number columns standardised as training did) and
refuses a dataset lacking a variable with a 422 naming the Input and the column; feature maps
and Grad-CAM look at the image Input the request names (default: the first), the other Input
reading the same validation sample; a plain CSV test file beside a plain CSV is evaluated."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.datasets.helpers import write_zip
from tests.service.conftest import postgres_database
from tests.service.flow import follow
from tests.service.stack import Stack, stack
from tests.service.test_inference import downloaded, finished
from tests.service.test_jobs_inputs import (
    blank_png,
    two_variable_csv,
    two_variable_graph,
    upload_csv,
)
from tests.service.test_test_sets import post_csv, train, xor_csv
from tests.torch.test_inputs_runs import two_towers


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def views_stack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp(f"views-{request.param}")
    if request.param == "sqlite":
        with stack(folder, f"sqlite:///{folder / 'netcanvas.db'}") as running:
            yield running
        return
    with postgres_database() as url, stack(folder, url) as running:
        yield running


def trained(stack_: Stack, graph: dict[str, Any], dataset: Any, epochs: int = 2) -> int:
    body = {"graph": graph, "dataset": dataset,
            "config": {"epochs": epochs, "lr": 0.01, "batch_size": 32, "seed": 1}}  # fmt: skip
    created = stack_.client.post("/api/jobs", json=body, headers=stack_.users["alice"])
    assert created.status_code == 201, created.text
    events = [m["event"] for m in follow(stack_, created.json()["id"])]
    assert events[-1]["status"] == "succeeded", events[-1]
    return int(created.json()["id"])


@pytest.fixture(scope="module")
def towers_job(views_stack: Stack) -> int:
    return trained(views_stack, two_towers(), "digits_pairs")


def test_a_run_on_a_pair_set_feeds_both_inputs(views_stack: Stack, towers_job: int) -> None:
    run = finished(views_stack, towers_job, "digits_pairs")
    rows = downloaded(views_stack, towers_job, run["id"])
    assert len(rows) == run["total"] == run["rows"] > 100
    assert {"p_different", "p_same"} <= set(rows[0])
    assert {r["y"] for r in rows} == {"different", "same"}
    for row in rows[:50]:  # each row's two probabilities, from both Inputs' values
        assert float(row["p_different"]) + float(row["p_same"]) == pytest.approx(1, abs=1e-4)


def test_a_dataset_lacking_an_input_s_variable_is_a_422_naming_it(
    views_stack: Stack, towers_job: int
) -> None:
    url = f"/api/jobs/{towers_job}/inference"
    lacking = views_stack.client.post(
        url, json={"dataset": "digits"}, headers=views_stack.users["alice"]
    )
    assert lacking.status_code == 422, lacking.text
    detail = lacking.json()["detail"]
    assert detail["code"] == "inference.input_missing" and detail["params"]["node"] == "x2"
    assert "Input 'x2' reads 'x2'" in detail["message"] and "x2:" in detail["message"]
    in_ja = {**views_stack.users["alice"], "Accept-Language": "ja"}
    japanese = views_stack.client.post(url, json={"dataset": "digits"}, headers=in_ja)
    assert "Input 'x2'" in japanese.json()["detail"]["message"]
    assert "データセット" in japanese.json()["detail"]["message"]


def test_an_upload_with_x2_columns_is_run_with_x2_standardised(
    views_stack: Stack, tmp_path: Path
) -> None:
    auth, client = views_stack.users["alice"], views_stack.client
    dataset = upload_csv(client, auth, two_variable_csv(tmp_path)).json()["id"]
    job = trained(views_stack, two_variable_graph(), dataset, epochs=3)
    run = finished(views_stack, job, dataset)
    rows = downloaded(views_stack, job, run["id"])
    assert len(rows) == 120 and rows[0]["x__0"] != ""  # x's values repeated, as before
    # the same rows through predict, by variable, in the file's own units
    xs = [[float(r["x__0"]), float(r["x__1"])] for r in rows[:5]]
    sizes = [[float((i * 3) % 10)] for i in range(5)]  # two_variable_csv's x2 column
    answer = client.post(f"/api/jobs/{job}/predict", json={"inputs": {"x": xs, "x2": sizes}},
                         headers=auth)  # fmt: skip
    assert answer.status_code == 200, answer.text
    for row, probabilities in zip(rows[:5], answer.json()["probabilities"], strict=True):
        assert [float(row["p_0"]), float(row["p_1"])] == pytest.approx(probabilities, abs=1e-4)
    rows_x = "".join(f"{i % 11},{i % 13},{int(i % 11 > i % 13)}\n" for i in range(40))
    only_x = write_zip(tmp_path / "only_x.zip", {"train.csv": "x__0,x__1,y:label\n" + rows_x})
    upload = upload_csv(client, auth, only_x)
    assert upload.status_code == 201, upload.text
    refused = client.post(f"/api/jobs/{job}/inference", json={"dataset": upload.json()["id"]},
                          headers=auth)  # fmt: skip
    assert refused.status_code == 422, refused.text
    detail = refused.json()["detail"]
    assert detail["code"] == "inference.input_missing" and detail["params"]["node"] == "size"
    assert "Input 'size' reads 'x2'" in detail["message"]


def png_url() -> str:
    return "data:image/png;base64," + base64.b64encode(blank_png()).decode()


def test_feature_maps_and_grad_cam_look_at_the_named_input(
    views_stack: Stack, towers_job: int
) -> None:
    auth, client = views_stack.users["alice"], views_stack.client
    stored = client.get(f"/api/jobs/{towers_job}/samples", headers=auth).json()["samples"]
    index = stored[0]["index"]
    maps_url, cam_url = f"/api/jobs/{towers_job}/feature-maps", f"/api/jobs/{towers_job}/gradcam"
    first = client.post(maps_url, json={"sample": index}, headers=auth)
    assert first.status_code == 200, first.text
    assert first.json()["input_node"] == "x" and [m["node"] for m in first.json()["layers"]] == [
        "conv_a"
    ]
    for name in ("x2", "x2"):  # the node id, or the variable it reads (here the same)
        second = client.post(maps_url, json={"sample": index, "input": name}, headers=auth)
        assert second.status_code == 200, second.text
        assert second.json()["input_node"] == "x2"
        assert [m["node"] for m in second.json()["layers"]] == ["conv_b"]
    assert second.json()["input"] != first.json()["input"]  # the pair's other digit
    assert second.json()["predicted"] == first.json()["predicted"]  # the same pair, one answer
    drawn = client.post(maps_url, json={"image": png_url(), "input": "x2", "sample": index},
                        headers=auth)  # fmt: skip
    assert drawn.status_code == 200, drawn.text
    cam = client.post(cam_url, json={"sample": index, "input": "x2"}, headers=auth)
    assert cam.status_code == 200, cam.text
    assert cam.json()["layer"] == "conv_b" and cam.json()["class_names"] == ["different", "same"]
    wrong = client.post(cam_url, json={"sample": index, "input": "x2", "layer": "conv_a"},
                        headers=auth)  # fmt: skip
    assert wrong.status_code == 422 and wrong.json()["detail"]["code"] == "inside.unknown_layer"
    not_image = client.post(maps_url, json={"sample": index, "input": "fc"}, headers=auth)
    assert not_image.status_code == 422, not_image.text
    assert not_image.json()["detail"]["code"] == "inside.not_image_input"
    assert "x, x2" in not_image.json()["detail"]["message"]
    neither = client.post(maps_url, json={"input": "x2"}, headers=auth)
    assert neither.status_code == 422 and neither.json()["detail"]["code"] == "inside.one_input"
    other = client.post(maps_url, json={"sample": index}, headers=views_stack.users["bob"])
    assert other.status_code == 404


def test_a_plain_csv_test_file_is_evaluated_on_both_databases(
    views_stack: Stack, tmp_path: Path
) -> None:
    answer = post_csv(views_stack, xor_csv(tmp_path / "xor.csv", 300, 0),
                      xor_csv(tmp_path / "xor-test.csv", 80, 1))  # fmt: skip
    assert answer.status_code == 201, answer.text
    assert answer.json()["info"]["test"]["filename"] == "xor-test.csv"
    started, evaluation = train(views_stack, answer.json()["id"])
    assert started["sizes"]["test"] == 80 and evaluation["test"]["predictions_total"] == 80
