"""POST /api/jobs refusals in the language of Accept-Language, with the same codes."""

from __future__ import annotations

from typing import Any

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
