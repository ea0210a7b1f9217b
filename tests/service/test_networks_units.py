"""A network whose graph carries units is saved and read back as it was sent, on SQLite and
PostgreSQL (a unit argument whose default is null included)."""

from __future__ import annotations

from tests.service.conftest import Service
from tests.service.test_projects_networks import make_network, make_project
from tests.unit_graphs import vgg


def test_a_network_with_units_is_stored_as_sent(service: Service) -> None:
    graph = vgg(repeat=2, channels=8)
    graph["units"][0]["arguments"].append({"name": "unused", "default": None})
    project = make_project(service)
    network = make_network(service, project["id"], graph)
    url = f"/api/networks/{network['id']}"
    stored = service.client.get(url, headers=service.alice).json()["graph"]
    assert stored["units"][0]["name"] == "conv_block"
    assert stored["units"][0]["nodes"] == graph["units"][0]["nodes"]
    assert stored["units"][0]["edges"] == graph["units"][0]["edges"]
    answer = service.client.post("/api/graphs/validate", json=stored, headers=service.alice)
    assert answer.json()["valid"] is True
    assert answer.json()["nodes"]["stage1"]["summary"] == "conv_block ×2"
