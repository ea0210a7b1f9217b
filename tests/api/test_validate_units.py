"""POST /api/graphs/validate with units: the answer's `units`, errors on the use node in
either language, and a 422 naming the place for a unit that is not a unit at all."""

from __future__ import annotations

from fastapi.testclient import TestClient

from backend.app import create_app
from tests.graphs import lenet
from tests.unit_graphs import conv_block, vgg

client = TestClient(create_app())


def test_validate_answers_units_and_the_use_node() -> None:
    response = client.post("/api/graphs/validate", json=vgg(repeat=2, channels=8))
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is True
    assert body["nodes"]["stage1"]["summary"] == "conv_block ×2"
    assert body["nodes"]["stage1"]["output_shape"] == [8, 8, 8]
    inner = body["units"]["conv_block"]
    assert inner["nodes"]["conv"]["output_shape"] == [8, 8, 8]
    assert inner["errors"] == [] and inner["warnings"] == []


def test_validate_without_units_answers_an_empty_units() -> None:
    body = client.post("/api/graphs/validate", json=lenet()).json()
    assert body["units"] == {} and body["valid"] is True


def test_an_error_inside_a_unit_is_on_the_use_in_japanese_too() -> None:
    response = client.post(
        "/api/graphs/validate", json=vgg(channels=0), headers={"Accept-Language": "ja"}
    )
    body = response.json()
    (error,) = body["errors"]
    assert (error["node"], error["field"], error["code"]) == ("stage1", "args", "param.at_least")
    assert error["message"].startswith("conv_block（コピー 1）の中の conv: ")
    assert body["units"]["conv_block"]["errors"][0]["node"] == "conv"


def test_a_unit_that_is_not_one_is_a_422_naming_it() -> None:
    graph = vgg()
    graph["units"] = [{**conv_block(), "name": 3}]
    response = client.post("/api/graphs/validate", json=graph)
    assert response.status_code == 422
    assert "units[0]" in response.text and "name" in response.text


def test_unit_nodes_count_towards_the_node_bound() -> None:
    graph = vgg()
    many = [{"id": f"r{i}", "type": "ReLU"} for i in range(10_000)]
    graph["units"].append({"name": "huge", "nodes": many, "edges": []})
    response = client.post("/api/graphs/validate", json=graph)
    assert response.status_code == 422
    assert "at most 10000 nodes" in response.text and "units included" in response.text
