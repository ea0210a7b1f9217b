"""Request-validation 422s in our own words and the request's language: each FastAPI item has
our `code`, its `params` (the field named) and `msg` worded from them, never pydantic's
English ("Input should be a valid dictionary or object to extract fields from")."""

from __future__ import annotations

from typing import Any

from backend.localise import _coded_item
from netcanvas import samples
from tests.service.conftest import SQLITE_ONLY, Service

JSON = {"content-type": "application/json"}


def item_of(answer: Any) -> dict[str, Any]:
    assert answer.status_code == 422, answer.text
    (item,) = answer.json()["detail"]
    found: dict[str, Any] = item
    return found


def in_both(
    service: Service, method: str, url: str, **sent: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The one validation item of a request, answered in English and in Japanese."""
    headers = {**service.alice, **(JSON if "content" in sent else {})}
    call = getattr(service.client, method)
    en = item_of(call(url, headers={**headers, "Accept-Language": "en"}, **sent))
    ja = item_of(call(url, headers={**headers, "Accept-Language": "ja"}, **sent))
    assert en["code"] == ja["code"] and en["params"] == ja["params"] and en["type"] == ja["type"]
    return en, ja


@SQLITE_ONLY
def test_a_body_that_is_no_object_is_named_as_the_body(service: Service) -> None:
    en, ja = in_both(service, "post", "/api/projects", content=b"[1, 2]")
    assert en["code"] == "param.object" and en["type"] == "model_attributes_type"
    assert en["params"] == {"field": "body", "item": ""}
    assert en["msg"] == "body must be an object"
    assert ja["msg"] == "body はオブジェクトにしてください"


@SQLITE_ONLY
def test_a_text_sent_where_a_file_goes_is_named_as_the_file(service: Service) -> None:
    en, ja = in_both(service, "post", "/api/datasets", data={"file": "pets.zip"})
    assert en["code"] == "param.file" and en["type"] == "value_error"
    assert en["params"] == {"field": "file", "item": ""}
    assert en["msg"] == "file must be a file, sent as multipart/form-data"
    assert ja["msg"] == "file はファイルにしてください（multipart/form-data で送ります）"
    assert "UploadFile" not in en["msg"] + ja["msg"]


@SQLITE_ONLY
def test_a_value_outside_a_choice_names_the_choice(service: Service) -> None:
    en, ja = in_both(service, "get", "/api/samples/xor_mlp?include=notes")
    assert en["code"] == "param.literal" and en["params"]["field"] == "include"
    assert en["msg"] == "include must be 'lesson'"
    assert ja["msg"] == "include は 'lesson' のいずれかにしてください"


@SQLITE_ONLY
def test_a_too_long_name_and_a_wrong_type_keep_their_codes_and_params(service: Service) -> None:
    en, ja = in_both(service, "post", "/api/projects", content=b'{"name": "' + b"a" * 201 + b'"}')
    assert en["code"] == "param.text_too_long"
    assert en["params"] == {"field": "name", "item": "", "max_length": 200}
    assert en["msg"] == "name must have at most 200 characters"
    assert ja["msg"] == "name は 200 文字以内にしてください"
    en, ja = in_both(service, "get", "/api/jobs/abc")
    assert (en["code"], en["params"]["field"]) == ("param.integer", "job_id")
    assert ja["msg"] == "job_id は整数にしてください"


@SQLITE_ONLY
def test_a_config_choice_is_listed_with_or_in_english_and_without_it_in_japanese(
    service: Service,
) -> None:
    body = {"graph": samples.load("xor_mlp"), "dataset": "xor", "config": {"optimizer": "lion"}}
    worded = {}
    for lang in ("en", "ja"):
        answer = service.client.post(
            "/api/jobs", json=body, headers={**service.alice, "Accept-Language": lang}
        )
        assert answer.status_code == 422, answer.text
        (error,) = answer.json()["detail"]["errors"]
        assert error["code"] == "param.literal" and error["field"] == "optimizer"
        expected = error["params"]["expected"]
        assert expected["code"] == "hint.choices" and expected["params"]["last"] == "'adamw'"
        listed = expected["params"]["first"]  # each comma a message: 、 in Japanese
        assert listed["code"] == "hint.listed" and listed["params"]["next"] == "'adam'"
        worded[lang] = error["message"]
    assert worded["en"] == (
        "optimizer must be 'sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam' or 'adamw'"
    )
    assert worded["ja"] == (
        "optimizer は 'sgd'、'momentum'、'nesterov'、'adagrad'、'rmsprop'、'adam'、'adamw' "
        "のいずれかにしてください"
    )


def test_a_type_without_words_of_ours_names_its_field_in_both_languages() -> None:
    msg = "Input should be a valid URL, relative URL without a base"
    item = {"type": "url_parsing", "loc": ["body", "config", "home"], "msg": msg, "input": "x",
            "ctx": {"error": "..."}}  # fmt: skip
    en, ja = _coded_item(item, "en"), _coded_item(item, "ja")
    assert en["code"] == ja["code"] == "param.invalid"
    assert en["params"] == {"field": "config.home", "item": ""}
    assert en["msg"] == "config.home is not valid here"
    assert ja["msg"] == "config.home の値が正しくありません"
    assert en["type"] == "url_parsing" and en["ctx"] == item["ctx"]  # pydantic's, for machines
