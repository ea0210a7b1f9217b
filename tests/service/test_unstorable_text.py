"""Text no database can keep (a NUL character, which PostgreSQL's text refuses; a lone
surrogate, which no UTF-8 spells) is a 422 naming the field and the character, in the
request's language, and nothing is saved: measured before, every such name was a 500 on
PostgreSQL, and a graph with a lone surrogate a 500 on both databases."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests import graphs
from tests.service.conftest import SQLITE_ONLY, Service
from tests.service.test_projects_networks import make_network, make_project


def refused_text(answer: Any, field: str, code: str = "text.nul") -> dict[str, Any]:
    """The one 422 item of a refused text, after checking it names `field` and `code`."""
    assert answer.status_code == 422, answer.text
    (item,) = answer.json()["detail"]
    assert (item["code"], item["loc"][-1]) == (code, field), item
    found: dict[str, Any] = item
    return found


@pytest.mark.parametrize("field", ["name", "description"])
def test_a_project_with_a_nul_is_refused_naming_the_field(service: Service, field: str) -> None:
    client, alice = service.client, service.alice
    body = {"name": "course", field: "LeNet\x00 variants"}
    item = refused_text(client.post("/api/projects", json=body, headers=alice), field)
    assert item["msg"] == f"{field} must not contain the NUL character (\\u0000), at character 6"
    assert client.get("/api/projects", headers=alice).json() == []
    project = make_project(service)
    url = f"/api/projects/{project['id']}"
    refused_text(client.patch(url, json={field: "\x00"}, headers=alice), field)
    assert client.get(url, headers=alice).json()[field] == project[field]


def test_a_network_name_with_a_nul_is_refused_on_every_save(service: Service) -> None:
    client, alice = service.client, service.alice
    project = make_project(service)
    url = f"/api/projects/{project['id']}/networks"
    created = client.post(url, json={"name": "n\x00", "graph": graphs.lenet()}, headers=alice)
    refused_text(created, "name")
    sample = {"name": "n", "graph": graphs.lenet(), "sample": "lenet\x00"}
    refused_text(client.post(url, json=sample, headers=alice), "sample")
    assert client.get(url, headers=alice).json() == []
    network = make_network(service, project["id"], graphs.lenet())
    saved = f"/api/networks/{network['id']}"
    refused_text(client.put(saved, json={"name": "\x00", "graph": graphs.lenet()}, headers=alice),
                 "name")  # fmt: skip
    refused_text(client.patch(saved, json={"name": "\x00"}, headers=alice), "name")
    kept = client.get(saved, headers=alice).json()
    assert (kept["name"], kept["revision"]) == ("net", 1)


def with_surrogate(body: dict[str, Any]) -> bytes:
    """`body` as JSON whose graph name is a lone surrogate, as a client may escape it."""
    return json.dumps(body).replace("SURROGATE", "\\ud800").encode()


def test_a_graph_with_a_lone_surrogate_is_refused_naming_where(service: Service) -> None:
    client, alice = service.client, service.alice
    project = make_project(service)
    url = f"/api/projects/{project['id']}/networks"
    graph = graphs.lenet()
    graph["nodes"][1]["ui"] = {"comment": "SURROGATE"}
    headers = {**alice, "content-type": "application/json"}
    body = with_surrogate({"name": "n", "graph": graph})
    answer = client.post(url, content=body, headers=headers)
    item = refused_text(answer, "graph", "text.surrogate")
    assert item["msg"] == (
        "nodes[1].ui.comment is not Unicode text: it has a lone surrogate (\\ud800) at character 1"
    )
    assert client.get(url, headers=alice).json() == []
    job = {"graph": graph, "dataset": "mnist", "config": {"epochs": 1}}
    japanese = {**headers, "Accept-Language": "ja"}
    answer = client.post("/api/jobs", content=with_surrogate(job), headers=japanese)
    item = refused_text(answer, "graph", "text.surrogate")
    assert item["msg"].startswith("nodes[1].ui.comment は Unicode の文字列ではありません")
    assert client.get("/api/jobs", headers=alice).json() == []


@SQLITE_ONLY
def test_an_upload_named_with_a_nul_is_refused_before_it_is_read(service: Service) -> None:
    files = {"file": ("digits.zip", b"PK\x05\x06" + bytes(18), "application/zip")}
    answer = service.client.post(
        "/api/datasets",
        files=files,
        data={"name": "digits\x00"},
        headers={**service.alice, "Accept-Language": "ja"},
    )
    item = refused_text(answer, "name")
    assert item["msg"] == "name に NUL 文字（\\u0000）は使えません（7 文字目）"
    listed = service.client.get("/api/datasets", headers=service.alice).json()
    assert listed["uploads"] == []
    assert not list((service.data_dir / "uploads").rglob("*.zip"))
