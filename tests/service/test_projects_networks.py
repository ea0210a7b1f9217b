"""Projects and networks over HTTP, on SQLite and PostgreSQL: CRUD, revisions, bad graphs."""

from __future__ import annotations

from typing import Any

from tests import graphs
from tests.service.conftest import SQLITE_ONLY, Service


def small(out_features: int = 3, name: str = "small") -> dict[str, Any]:
    return graphs.chain(
        ("x", "Input", {"shape": [4]}),
        ("fc", "Linear", {"out_features": out_features}),
        ("loss", "CrossEntropyLoss"),
        name=name,
    )


def make_project(service: Service, name: str = "course") -> dict[str, Any]:
    answer = service.client.post("/api/projects", json={"name": name}, headers=service.alice)
    assert answer.status_code == 201, answer.text
    project: dict[str, Any] = answer.json()
    return project


def make_network(service: Service, project_id: int, graph: dict[str, Any]) -> dict[str, Any]:
    body = {"name": "net", "graph": graph}
    answer = service.client.post(
        f"/api/projects/{project_id}/networks", json=body, headers=service.alice
    )
    assert answer.status_code == 201, answer.text
    network: dict[str, Any] = answer.json()
    return network


def test_project_create_list_read_update_delete(service: Service) -> None:
    client, alice = service.client, service.alice
    project = make_project(service, "first")
    assert project["name"] == "first" and project["description"] == ""
    make_project(service, "second")
    names = [p["name"] for p in client.get("/api/projects", headers=alice).json()]
    assert sorted(names) == ["first", "second"]
    assert client.get("/api/projects", headers=service.bob).json() == []
    url = f"/api/projects/{project['id']}"
    assert client.get(url, headers=alice).json()["name"] == "first"
    changed = client.patch(url, json={"description": "LeNet variants"}, headers=alice).json()
    assert changed["name"] == "first" and changed["description"] == "LeNet variants"
    assert client.patch(url, json={"name": ""}, headers=alice).status_code == 422
    assert client.delete(url, headers=alice).status_code == 204
    assert client.get(url, headers=alice).status_code == 404


def test_network_create_list_read_rename_save_delete(service: Service) -> None:
    client, alice = service.client, service.alice
    project = make_project(service)
    network = make_network(service, project["id"], graphs.lenet())
    assert network["revision"] == 1 and network["project_id"] == project["id"]
    assert network["graph"]["nodes"][1]["params"] == {"out_channels": 16, "kernel_size": 5}
    listed = client.get(f"/api/projects/{project['id']}/networks", headers=alice).json()
    assert [n["id"] for n in listed] == [network["id"]] and "graph" not in listed[0]
    url = f"/api/networks/{network['id']}"
    renamed = client.patch(url, json={"name": "LeNet-5"}, headers=alice).json()
    assert renamed["name"] == "LeNet-5" and renamed["revision"] == 1
    saved = client.put(url, json={"graph": small()}, headers=alice).json()
    assert saved["revision"] == 2 and saved["name"] == "LeNet-5"
    assert client.get(url, headers=alice).json()["graph"]["name"] == "LeNet-5"
    assert client.delete(url, headers=alice).status_code == 204
    assert client.get(url, headers=alice).status_code == 404
    assert client.get(f"/api/networks/{network['id']}/revisions", headers=alice).status_code == 404


def test_a_network_and_its_graph_have_one_name_however_it_is_renamed(service: Service) -> None:
    client, alice = service.client, service.alice
    network = make_network(service, make_project(service)["id"], small(name="Digits CNN"))
    url = f"/api/networks/{network['id']}"
    assert network["graph"]["name"] == "net"  # the name the network was saved under
    renamed = client.patch(url, json={"name": "Digits CNN v2"}, headers=alice).json()
    assert renamed["revision"] == 1  # a rename is not a new revision
    read = client.get(url, headers=alice).json()
    assert read["name"] == read["graph"]["name"] == "Digits CNN v2"
    assert read["graph"] == {**network["graph"], "name": "Digits CNN v2"}  # nothing else changed
    saved = client.put(url, json={"name": "v3", "graph": small(4)}, headers=alice).json()
    assert saved["name"] == saved["graph"]["name"] == "v3" and saved["revision"] == 2
    restored = client.post(f"{url}/revisions/1/restore", headers=alice).json()
    assert restored["name"] == restored["graph"]["name"] == "v3" and restored["revision"] == 3
    assert restored["graph"]["nodes"] == network["graph"]["nodes"]
    first = client.get(f"{url}/revisions/1", headers=alice).json()["graph"]
    assert first == network["graph"]  # an older revision keeps the name it was saved under


def test_deleting_a_project_deletes_its_networks(service: Service) -> None:
    project = make_project(service)
    network = make_network(service, project["id"], small())
    service.client.delete(f"/api/projects/{project['id']}", headers=service.alice)
    answer = service.client.get(f"/api/networks/{network['id']}", headers=service.alice)
    assert answer.status_code == 404


def test_every_save_is_kept_and_an_old_revision_restores(service: Service) -> None:
    client, alice = service.client, service.alice
    network = make_network(service, make_project(service)["id"], small(3))
    url = f"/api/networks/{network['id']}"
    client.put(url, json={"graph": small(5)}, headers=alice)
    unchanged = client.put(url, json={"graph": small(5)}, headers=alice).json()
    assert unchanged["revision"] == 2  # the same graph again is not a new revision
    client.put(url, json={"graph": small(7)}, headers=alice)
    revisions = client.get(f"{url}/revisions", headers=alice).json()
    assert [r["number"] for r in revisions] == [3, 2, 1]
    first = client.get(f"{url}/revisions/1", headers=alice).json()
    assert first["graph"]["nodes"][1]["params"] == {"out_features": 3}
    restored = client.post(f"{url}/revisions/1/restore", headers=alice).json()
    assert restored["revision"] == 4
    assert restored["graph"] == first["graph"]
    assert client.get(f"{url}/revisions/4", headers=alice).json()["graph"] == first["graph"]
    assert client.get(f"{url}/revisions/9", headers=alice).status_code == 404
    assert client.post(f"{url}/revisions/9/restore", headers=alice).status_code == 404


def test_an_invalid_graph_saves_but_a_non_graph_is_422_and_changes_nothing(
    service: Service,
) -> None:
    client, alice = service.client, service.alice
    project = make_project(service)
    work_in_progress = small(0)  # out_features 0: invalid, yet a graph
    network = make_network(service, project["id"], work_in_progress)
    url = f"/api/networks/{network['id']}"
    bad = {"format": "netcanvas/graph@1", "nodes": [{"id": "x", "kind": "Input"}]}
    answer = client.put(url, json={"graph": bad}, headers=alice)
    assert answer.status_code == 422
    assert ["body", "graph", "nodes[0] (x).type"] in [
        issue["loc"] for issue in answer.json()["detail"]
    ]
    assert client.put(url, json={"graph": {"nodes": []}}, headers=alice).status_code == 422
    assert client.get(url, headers=alice).json() == network
    assert len(client.get(f"{url}/revisions", headers=alice).json()) == 1
    created = client.post(
        f"/api/projects/{project['id']}/networks", json={"name": "n", "graph": bad}, headers=alice
    )
    assert created.status_code == 422
    listed = client.get(f"/api/projects/{project['id']}/networks", headers=alice).json()
    assert len(listed) == 1


def test_without_a_token_the_local_user_works_and_a_bad_token_is_401(service: Service) -> None:
    client = service.client
    assert client.post("/api/projects", json={"name": "mine"}).status_code == 201
    assert [p["name"] for p in client.get("/api/projects").json()] == ["mine"]
    assert client.get("/api/projects", headers=service.alice).json() == []
    wrong = {"Authorization": "Bearer nope"}
    assert client.get("/api/projects", headers=wrong).status_code == 401


def test_a_name_of_spaces_only_is_refused_and_spaces_around_a_name_dropped(
    service: Service,
) -> None:
    """A project or network named "   " would list as a blank line: refused as "" is."""
    client, alice = service.client, service.alice
    answer = client.post("/api/projects", json={"name": "   "}, headers=alice)
    assert answer.status_code == 422 and answer.json()["detail"][0]["loc"] == ["body", "name"]
    project = make_project(service, "  course \t")
    assert project["name"] == "course"
    assert (
        client.patch(
            f"/api/projects/{project['id']}", json={"name": " "}, headers=alice
        ).status_code
        == 422
    )
    network = make_network(service, project["id"], small())
    url = f"/api/networks/{network['id']}"
    answer = client.patch(url, json={"name": "\u3000 "}, headers=alice)  # a full-width space too
    assert answer.status_code == 422 and answer.json()["detail"][0]["loc"] == ["body", "name"]
    assert client.put(url, json={"name": "  ", "graph": small()}, headers=alice).status_code == 422
    body = {"name": "  ", "graph": small()}
    posted = client.post(f"/api/projects/{project['id']}/networks", json=body, headers=alice)
    assert posted.status_code == 422
    assert client.patch(url, json={"name": " LeNet "}, headers=alice).json()["name"] == "LeNet"


@SQLITE_ONLY
def test_a_parameter_nested_900_deep_is_422_naming_it_not_500(service: Service) -> None:
    project = make_project(service)
    deep: Any = []
    for _ in range(899):
        deep = [deep]
    graph = small()
    graph["nodes"][0]["params"]["extra"] = deep  # past pydantic's serialisation depth
    url = f"/api/projects/{project['id']}/networks"
    body = {"name": "n", "graph": graph}
    answer = service.client.post(url, json=body, headers=service.alice)
    assert answer.status_code == 422, answer.text
    (issue,) = answer.json()["detail"]
    assert issue["loc"] == ["body", "graph", "nodes[0] (x).params"]
    assert issue["code"] == "param.too_deep"
