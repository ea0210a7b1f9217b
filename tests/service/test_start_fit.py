"""A start from earlier weights (`init_from`) that no node of the network can take is refused
before a job is made (`job.init_from_unfit`, naming the job and why, in English and Japanese);
`GET /api/jobs?weights=true` tells each succeeded job's weight shapes as the validation answer
tells a network's; a start that fits runs on the real worker and logs, as coded lines in the
reader's language, which nodes took the earlier weights, which start anew and which are
frozen. Real API, SQLite, Redis and worker."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from netcanvas import samples
from tests.graphs import chain
from tests.service.flow import follow
from tests.service.stack import Stack, stack

SPIRAL_MLP = chain(  # the student's spiral network: fc1 and fc2 as digits_cnn names them
    ("x", "Input", {"shape": [2]}),
    ("fc1", "Linear", {"out_features": 32}),
    ("relu", "ReLU"),
    ("fc2", "Linear", {"out_features": 3}),
    ("loss", "CrossEntropyLoss"),
)
DIGITS_MLP = chain(
    ("x", "Input", {"shape": [1, 8, 8]}),
    ("flat", "Flatten"),
    ("fc", "Linear", {"out_features": 10}),
    ("loss", "CrossEntropyLoss"),
)
DIGITS_DEEPER = chain(  # fc as DIGITS_MLP has it, then a new fc2
    ("x", "Input", {"shape": [1, 8, 8]}),
    ("flat", "Flatten"),
    ("fc", "Linear", {"out_features": 10}),
    ("relu", "ReLU"),
    ("fc2", "Linear", {"out_features": 10}),
    ("loss", "CrossEntropyLoss"),
)
DIGITS_POOLED = chain(  # fc of other shapes: 16 inputs, no bias
    ("x", "Input", {"shape": [1, 8, 8]}),
    ("pool", "AvgPool2d", {"kernel_size": 2}),
    ("flat", "Flatten"),
    ("fc", "Linear", {"out_features": 10, "bias": False}),
    ("loss", "CrossEntropyLoss"),
)
QUICK: dict[str, Any] = {"epochs": 1, "batch_size": 64}


@pytest.fixture(scope="module")
def fit_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("start_fit")
    with stack(folder, f"sqlite:///{folder / 'netcanvas.db'}") as running:
        yield running


def post(stack: Stack, graph: Any, dataset: str, lang: str = "en", **config: Any) -> Any:
    headers = {**stack.users["alice"], "Accept-Language": lang}
    body = {"graph": graph, "dataset": dataset, "config": config}
    return stack.client.post("/api/jobs", json=body, headers=headers)


def trained(stack: Stack, graph: Any, dataset: str, **config: Any) -> dict[str, Any]:
    answer = post(stack, graph, dataset, **QUICK, **config)
    assert answer.status_code == 201, answer.text
    job: dict[str, Any] = answer.json()
    follow(stack, job["id"])
    done: dict[str, Any] = stack.client.get(
        f"/api/jobs/{job['id']}", headers=stack.users["alice"]
    ).json()
    assert done["status"] == "succeeded", done["reason"]
    return done


def job_ids(stack: Stack) -> list[int]:
    return [j["id"] for j in stack.client.get("/api/jobs", headers=stack.users["alice"]).json()]


@pytest.fixture(scope="module")
def spiral_job(fit_stack: Stack) -> dict[str, Any]:
    return trained(fit_stack, {**SPIRAL_MLP, "name": "Spiral MLP"}, "spiral")


@pytest.fixture(scope="module")
def mlp_job(fit_stack: Stack) -> dict[str, Any]:
    return trained(fit_stack, DIGITS_MLP, "digits")


def test_create_job_refuses_a_start_from_a_job_whose_weights_cannot_fit(
    fit_stack: Stack, spiral_job: dict[str, Any]
) -> None:
    before = job_ids(fit_stack)
    cnn = samples.load("digits_cnn")
    answer = post(fit_stack, cnn, "digits", **QUICK, init_from=str(spiral_job["id"]))
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert detail["code"] == "job.init_from_unfit"
    assert f"job #{spiral_job['id']} (Spiral MLP)" in detail["message"]
    assert detail["params"]["why"]["code"] == "fit.other_shapes"  # fc1 and fc2: other shapes
    assert "fc1, fc2" in detail["message"]
    ja = post(fit_stack, cnn, "digits", "ja", **QUICK, init_from=str(spiral_job["id"]))
    assert ja.status_code == 422
    assert f"ジョブ #{spiral_job['id']}" in ja.json()["detail"]["message"]
    assert "重み" in ja.json()["detail"]["message"]
    assert job_ids(fit_stack) == before  # no job made


def test_create_job_names_the_nodes_whose_weights_have_other_shapes(
    fit_stack: Stack, mlp_job: dict[str, Any]
) -> None:
    answer = post(fit_stack, DIGITS_POOLED, "digits", **QUICK, init_from=str(mlp_job["id"]))
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert detail["code"] == "job.init_from_unfit"
    assert detail["params"]["why"] == {"code": "fit.other_shapes", "params": {"nodes": "fc"}}
    assert detail["message"].endswith("its weights of fc have other shapes than this network's")


def test_create_job_refuses_shipped_weights_no_node_can_take(fit_stack: Stack) -> None:
    answer = post(fit_stack, SPIRAL_MLP, "spiral", **QUICK,
                  init_from="pretrained:digits_clean")  # fmt: skip
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"]["code"] == "job.init_from_unfit"
    assert "pretrained:digits_clean" in answer.json()["detail"]["message"]


def test_list_jobs_with_weights_tells_each_succeeded_job_s_shapes(
    fit_stack: Stack, spiral_job: dict[str, Any]
) -> None:
    auth = fit_stack.users["alice"]
    listed = fit_stack.client.get("/api/jobs", params={"weights": "true"}, headers=auth).json()
    job = next(j for j in listed if j["id"] == spiral_job["id"])
    validated = fit_stack.client.post("/api/graphs/validate", json=SPIRAL_MLP)
    expected = {n: r["weights"] for n, r in validated.json()["nodes"].items() if r["weights"]}
    assert job["weights"] == expected and expected
    assert expected == {"fc1": "weight 32×2, bias 32", "fc2": "weight 3×32, bias 3"}
    plain = fit_stack.client.get("/api/jobs", headers=auth).json()
    assert all(j["weights"] is None for j in plain)


def test_a_start_that_fits_logs_its_nodes_and_frozen_ones_in_the_reader_s_language(
    fit_stack: Stack, mlp_job: dict[str, Any]
) -> None:
    later = trained(fit_stack, DIGITS_DEEPER, "digits", init_from=str(mlp_job["id"]),
                    freeze=["fc"])  # fmt: skip
    url = f"/api/jobs/{later['id']}/events?type=log"
    en = [e["event"] for e in fit_stack.client.get(url, headers=fit_stack.users["alice"]).json()]
    weights = next(e for e in en if e.get("code") == "log.weights_from_new")
    assert weights["params"] == {"loaded": "fc", "new": "fc2"}
    assert weights["message"] == "started from earlier weights for fc; new weights for fc2"
    frozen = next(e for e in en if e.get("code") == "log.frozen")
    assert frozen["params"] == {"nodes": "fc"}
    in_japanese = {**fit_stack.users["alice"], "Accept-Language": "ja"}
    ja = [e["event"]["message"] for e in fit_stack.client.get(url, headers=in_japanese).json()]
    assert "fc は以前の重みから始めました。fc2 は新しい重みです" in ja
    assert "固定して学習しないノード: fc" in ja
