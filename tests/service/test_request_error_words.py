"""Requests refused with what a library said, now in our words (through the app): a job's
graph that is no graph names the first problem and where (`format.at`), a prediction
request that is not JSON or not of the right shape names the line or the field, an
augmentation preview's wrong parameter names the parameter; each in English and Japanese
with the same code and params."""

from __future__ import annotations

from typing import Any

from backend.db.models import Job, User
from backend.db.session import session_factory
from backend.inside import _feed
from backend.localise import localise_detail
from netcanvas import samples
from tests.service.conftest import SQLITE_ONLY, Service
from tests.service.test_error_answers import JSON, finished_job


def refused(
    service: Service, url: str, lang: str, headers: dict[str, str] | None = None, **sent: Any
) -> dict[str, Any]:
    headers = {**service.alice, **(headers or {}), "Accept-Language": lang}
    answer = service.client.post(url, headers=headers, **sent)
    assert answer.status_code == 422, answer.text
    detail: dict[str, Any] = answer.json()["detail"]
    return detail


def both(service: Service, url: str, **sent: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    en, ja = refused(service, url, "en", **sent), refused(service, url, "ja", **sent)
    assert en["code"] == ja["code"] and en["params"] == ja["params"]
    return en, ja


@SQLITE_ONLY
def test_a_job_graph_without_format_names_the_field_in_both_languages(service: Service) -> None:
    en, ja = both(service, "/api/jobs", json={"graph": {"nodes": []}, "dataset": "xor"})
    assert en["code"] == "format.not_a_graph"
    assert en["params"]["text"] == {"code": "format.at", "params": {
        "where": "format",
        "what": {"code": "format.missing", "params": {"expected": "netcanvas/graph@1"}},
    }}  # fmt: skip
    assert en["message"] == (
        "not a netcanvas/graph@1 graph: format: missing 'format': expected 'netcanvas/graph@1'"
    )
    assert ja["message"] == (
        "netcanvas/graph@1 のグラフではありません: format: 'format' がありません: "
        "'netcanvas/graph@1' を指定してください"
    )


@SQLITE_ONLY
def test_a_job_graph_with_an_unknown_field_names_it_in_both_languages(service: Service) -> None:
    graph = {**samples.load("xor_mlp"), "colour": "red"}
    en, ja = both(service, "/api/jobs", json={"graph": graph, "dataset": "xor"})
    assert en["params"]["text"]["params"]["what"]["code"] == "format.unknown_field"
    assert en["message"].endswith(": colour: unknown top-level field 'colour'")
    assert ja["message"].endswith(": colour: 不明なトップレベルのフィールド 'colour'")


@SQLITE_ONLY
def test_a_prediction_that_is_no_json_names_the_line_and_column(service: Service) -> None:
    url = f"/api/jobs/{finished_job(service)}/predict"
    en, ja = both(service, url, content=b'{"input": [1, 2,]}', headers=JSON)
    assert en["code"] == "predict.not_a_request"
    assert en["params"]["error"]["code"] == "json.at"
    assert en["params"]["error"]["params"]["line"] == 1
    assert en["message"].startswith("not a prediction request: ") and "line 1" in en["message"]
    assert ja["message"].startswith("予測のリクエストではありません: 1 行 ")
    assert "Expecting" not in en["message"] + ja["message"]


@SQLITE_ONLY
def test_a_prediction_with_a_wrong_field_names_the_field(service: Service) -> None:
    url = f"/api/jobs/{finished_job(service)}/predict"
    en, ja = both(service, url, json={"image": 5})
    assert en["code"] == "predict.not_a_request"
    assert en["params"]["error"] == {"code": "param.text",
                                     "params": {"item": "", "field": "image"}}  # fmt: skip
    assert en["message"] == "not a prediction request: image must be text"
    assert ja["message"] == "予測のリクエストではありません: image は文字列にしてください"


@SQLITE_ONLY
def test_a_prediction_that_is_no_object_names_the_body(service: Service) -> None:
    url = f"/api/jobs/{finished_job(service)}/predict"
    en, ja = both(service, url, json=[1, 2])
    assert en["params"]["error"]["params"]["field"] == "body"
    assert en["message"] == "not a prediction request: body must be an object"
    assert ja["message"] == "予測のリクエストではありません: body はオブジェクトにしてください"


@SQLITE_ONLY
def test_an_augmentation_parameter_out_of_range_is_named(service: Service) -> None:
    body = {"type": "ImageAugmentation", "params": {"max_scale": 9}}
    en, ja = both(service, "/api/layers/preview", json=body)
    assert en["code"] == "preview.bad_params"
    params = {"item": "", "le": 4.0, "field": "max_scale"}
    assert en["params"]["text"] == {"code": "param.at_most", "params": params}
    assert en["message"] == "the layer's parameters are wrong: max_scale must be at most 4.0"
    assert ja["message"] == (
        "レイヤーのパラメーターが正しくありません: max_scale は 4.0 以下にしてください"
    )


@SQLITE_ONLY
def test_an_unknown_augmentation_parameter_is_named(service: Service) -> None:
    body = {"type": "ImageAugmentation", "params": {"angel": 9}}
    en, ja = both(service, "/api/layers/preview", json=body)
    assert en["params"]["text"]["code"] == "param.unknown"
    assert en["params"]["text"]["params"]["field"] == "angel"
    assert "angel" in ja["message"] and "Extra inputs" not in en["message"] + ja["message"]


@SQLITE_ONLY
def test_the_other_inputs_of_a_deleted_upload_say_so_in_both_languages(service: Service) -> None:
    with session_factory(service.database)() as session:
        token = service.alice["Authorization"].removeprefix("Bearer ")
        owner = session.query(User).filter(User.token == token).one()
        job = Job(owner_id=owner.id, graph=samples.load("xor_mlp"), config={},
                  dataset="upload:999999", status="succeeded")  # fmt: skip
        try:
            _feed(session, job, "x2", 3)
        except Exception as error:  # an HTTPException, rendered as the app renders it
            detail = getattr(error, "detail", None)
        else:
            raise AssertionError("a deleted upload was fed")
    assert isinstance(detail, dict) and detail["code"] == "inside.no_dataset"
    assert detail["params"]["text"] == {"code": "inside.dataset_deleted", "params": {}}
    assert detail["message"].endswith("which the job can no longer read: the dataset was deleted")
    ja = localise_detail(detail, "ja")
    assert ja["message"].endswith("このジョブからはもう読めません：データセットは削除されています")
