"""POST /api/jobs refusals in the language of Accept-Language, with the same codes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from backend.db.models import Job, User
from backend.db.session import session_factory
from netcanvas import samples
from tests.service.conftest import Service


def refuse(service: Service, body: dict[str, Any], lang: str) -> dict[str, Any]:
    answer = service.client.post(
        "/api/jobs", json=body, headers={**service.alice, "Accept-Language": lang}
    )
    assert answer.status_code == 422, answer.text
    detail: dict[str, Any] = answer.json()["detail"]
    return detail


def test_a_shape_mismatch_is_refused_in_japanese_for_ja(service: Service) -> None:
    body = {"graph": samples.load("xor_mlp"), "dataset": "iris"}
    en, ja = refuse(service, body, "en"), refuse(service, body, "ja")
    assert en["code"] == ja["code"] == "job.shape_mismatch"
    assert en["message"] == "dataset 'iris' has samples of shape [4] but the network's Input is [2]"
    assert ja["message"] == (
        "データセット 'iris' のサンプルの形状は [4] ですが、ネットワークの Input は [2] です"
    )


def test_an_invalid_graph_lists_its_errors_in_japanese(service: Service) -> None:
    graph = samples.load("xor_mlp")
    graph["nodes"][1]["params"]["out_features"] = 0
    en, ja = (
        refuse(service, {"graph": graph, "dataset": "xor"}, "en"),
        refuse(service, {"graph": graph, "dataset": "xor"}, "ja"),
    )
    assert ja["message"] == "グラフが正しくありません" and en["message"] == "the graph is not valid"
    assert [e["code"] for e in ja["errors"]] == [e["code"] for e in en["errors"]]
    assert "param.at_least" in [e["code"] for e in ja["errors"]]
    assert any("以上にしてください" in e["message"] for e in ja["errors"])


def test_an_impossible_config_names_each_field_in_japanese(service: Service) -> None:
    body = {"graph": samples.load("xor_mlp"), "dataset": "xor", "config": {"epochs": 0, "lr": "x"}}
    en, ja = refuse(service, body, "en"), refuse(service, body, "ja")
    assert en["code"] == ja["code"] == "job.config"
    assert (
        en["message"] == "impossible training config"
        and ja["message"] == "学習設定が正しくありません"
    )
    assert {e["field"]: e["code"] for e in ja["errors"]} == {
        "epochs": "param.at_least",
        "lr": "param.number",
    }
    assert {e["field"]: e["message"] for e in en["errors"]}["epochs"] == "epochs must be at least 1"
    assert {e["field"]: e["message"] for e in ja["errors"]}[
        "epochs"
    ] == "epochs は 1 以上にしてください"


def test_a_body_that_is_no_graph_is_refused_in_japanese(service: Service) -> None:
    body = {"graph": {"nodes": []}, "dataset": "xor"}
    en, ja = refuse(service, body, "en"), refuse(service, body, "ja")
    assert en["code"] == ja["code"] == "format.not_a_graph"
    assert ja["message"].startswith("netcanvas/graph@1 のグラフではありません")


def test_saving_a_network_that_is_no_graph_names_the_place_in_japanese(service: Service) -> None:
    headers = {**service.alice, "Accept-Language": "ja"}
    project = service.client.post("/api/projects", json={"name": "p"}, headers=headers).json()
    graph = {"format": "netcanvas/graph@1", "nodes": [{"id": "a", "type": ""}], "extra": 1}
    answer = service.client.post(
        f"/api/projects/{project['id']}/networks",
        json={"name": "n", "graph": graph},
        headers=headers,
    )
    assert answer.status_code == 422, answer.text
    [item] = answer.json()["detail"]
    assert item["loc"] == ["body", "graph", "extra"] and item["code"] == "format.unknown_field"
    assert item["msg"] == "不明なトップレベルのフィールド 'extra'"
    del graph["extra"]
    answer = service.client.post(
        f"/api/projects/{project['id']}/networks",
        json={"name": "n", "graph": graph},
        headers=headers,
    )
    [item] = answer.json()["detail"]
    assert item["loc"] == ["body", "graph", "nodes[0] (a).type"]
    assert (item["code"], item["msg"]) == ("param.text_too_short", "値 は 1 文字以上にしてください")


def test_a_job_without_weights_refuses_to_predict_in_japanese(service: Service) -> None:
    token = service.alice["Authorization"].removeprefix("Bearer ")
    with session_factory(service.database)() as session:  # a queued job, never sent to a queue
        owner = session.scalars(select(User).where(User.token == token)).one()
        job = Job(owner_id=owner.id, graph=samples.load("xor_mlp"), config={}, dataset="xor")
        session.add(job)
        session.commit()
        path = f"/api/jobs/{job.id}/predict"
    headers = {**service.alice, "Accept-Language": "ja"}
    answer = service.client.post(path, json={"input": [0, 1]}, headers=headers)
    assert answer.status_code == 409
    detail = answer.json()["detail"]
    assert detail["code"] == "job.no_weights" and detail["params"] == {"status": "queued"}
    assert detail["message"] == "ジョブは queued です: 重みがありません"


def test_a_loss_that_cannot_meet_the_dataset_is_refused_naming_the_loss(service: Service) -> None:
    body = {"graph": samples.load("xor_mlp"), "dataset": "spiral"}  # 2 outputs, 3 classes
    en, ja = refuse(service, body, "en"), refuse(service, body, "ja")
    assert en["code"] == ja["code"] == "job.targets" and en["params"] == {"node": "loss"}
    [error] = en["errors"]
    assert (error["node"], error["code"]) == ("loss", "target.class_scores")
    assert error["message"] == (
        "'loss': the output of 'fc2' is [2] but dataset 'spiral' has 3 classes: "
        "CrossEntropyLoss needs an output [3]"
    )
    assert ja["errors"][0]["message"].startswith("'loss': 'fc2' の出力は [2] ですが")
    # As the editor shows a refusal, its message then its reasons: the loss named once.
    for detail in (en, ja):
        shown = f"{detail['message']}: {detail['errors'][0]['message']}"
        assert shown.count("loss") == 1, shown
    assert en["message"] == "the network cannot train on this dataset"
    assert ja["message"] == "このデータセットではネットワークを学習できません"
