"""A request FastAPI refuses before any route runs (a field missing, of the wrong kind, a
body that is no JSON) answers our codes, worded in the request's language and naming the
field, as the routes' own refusals do (`backend.localise`), not pydantic's English."""

from __future__ import annotations

from typing import Any

from tests.service.conftest import SQLITE_ONLY, Service


def item_of(answer: Any) -> dict[str, Any]:
    assert answer.status_code == 422, answer.text
    [item] = answer.json()["detail"]
    found: dict[str, Any] = item
    return found


@SQLITE_ONLY
def test_an_upload_without_its_file_names_the_field_in_both_languages(service: Service) -> None:
    for lang, msg in (("en", "file is required"), ("ja", "file は必須です")):
        answer = service.client.post(
            "/api/datasets", files={"name": (None, "load")},
            headers={**service.alice, "Accept-Language": lang},
        )  # fmt: skip
        item = item_of(answer)
        assert item["loc"] == ["body", "file"]
        assert (item["code"], item["msg"]) == ("param.required", msg)


@SQLITE_ONLY
def test_a_json_body_missing_a_field_or_of_the_wrong_kind_names_it(service: Service) -> None:
    ja = {**service.alice, "Accept-Language": "ja"}
    missing = item_of(service.client.post("/api/projects", json={}, headers=ja))
    assert (missing["code"], missing["msg"]) == ("param.required", "name は必須です")
    wrong = item_of(service.client.post("/api/projects", json={"name": ["x"]}, headers=ja))
    assert (wrong["code"], wrong["msg"]) == ("param.text", "name は文字列にしてください")
    english = item_of(service.client.post("/api/projects", json=[], headers=service.alice))
    assert english["code"].startswith("param.") and "body" in english["msg"]


@SQLITE_ONLY
def test_a_body_that_is_no_json_names_line_and_column(service: Service) -> None:
    headers = {**service.alice, "content-type": "application/json"}
    for lang, msg in (
        ("en", "the body is not JSON: a key in double quotes was expected at line 2, column 1"),
        ("ja", "本文が JSON ではありません: 2 行 1 文字目: ダブルクォートで囲んだキーがありません"),
    ):
        answer = service.client.post("/api/projects", content=b'{"name": "p",\n}',
                                     headers={**headers, "Accept-Language": lang})  # fmt: skip
        item = item_of(answer)
        assert (item["code"], item["msg"]) == ("format.not_json", msg)
