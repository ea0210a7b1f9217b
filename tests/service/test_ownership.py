"""Every route refuses another owner's projects, networks, revisions and datasets with 404."""

from __future__ import annotations

from typing import Any

from fastapi.routing import APIRoute

from backend.db.models import Dataset, User
from backend.db.session import session_factory
from backend.routes import datasets, networks, projects
from tests.service.conftest import Service
from tests.service.test_projects_networks import small

ROUTERS = (projects.router, networks.router, datasets.router)


def bobs_objects(service: Service) -> dict[str, int]:
    """A project, a network with two revisions and an uploaded dataset, all Bob's."""
    client, bob = service.client, service.bob
    project = client.post("/api/projects", json={"name": "bob's"}, headers=bob).json()
    network = client.post(
        f"/api/projects/{project['id']}/networks", json={"name": "n", "graph": small()}, headers=bob
    ).json()
    client.put(f"/api/networks/{network['id']}", json={"graph": small(5)}, headers=bob)
    token = bob["Authorization"].removeprefix("Bearer ")
    with session_factory(service.database)() as session:
        owner = session.query(User).filter_by(token=token).one()
        row = Dataset(
            owner_id=owner.id, name="bob's", filename="b.zip", path="/nowhere/b.zip",
            sha256="0" * 64, size=1, info={"sample_shape": [4]},
        )  # fmt: skip
        session.add(row)
        session.commit()
        return {"project_id": project["id"], "network_id": network["id"], "dataset_id": row.id}


def requests(ids: dict[str, int]) -> list[tuple[str, str, dict[str, Any] | None]]:
    """(method, path, JSON body) for every route that names one of Bob's objects."""
    project, network, dataset = ids["project_id"], ids["network_id"], ids["dataset_id"]
    body = {"name": "mine now", "graph": small(9)}
    return [
        ("GET", f"/api/projects/{project}", None),
        ("PATCH", f"/api/projects/{project}", {"name": "mine now"}),
        ("DELETE", f"/api/projects/{project}", None),
        ("GET", f"/api/projects/{project}/networks", None),
        ("POST", f"/api/projects/{project}/networks", body),
        ("GET", f"/api/networks/{network}", None),
        ("PUT", f"/api/networks/{network}", body),
        ("PATCH", f"/api/networks/{network}", {"name": "mine now"}),
        ("DELETE", f"/api/networks/{network}", None),
        ("GET", f"/api/networks/{network}/revisions", None),
        ("GET", f"/api/networks/{network}/revisions/1", None),
        ("POST", f"/api/networks/{network}/revisions/1/restore", None),
        ("GET", f"/api/datasets/{dataset}", None),
        ("DELETE", f"/api/datasets/{dataset}", None),
        ("GET", f"/api/datasets/{dataset}/preview", None),
        ("GET", f"/api/datasets/upload:{dataset}/preview", None),
    ]


def test_every_route_refuses_another_owners_objects_with_404(service: Service) -> None:
    ids = bobs_objects(service)
    for method, path, body in requests(ids):
        answer = service.client.request(method, path, json=body, headers=service.alice)
        assert answer.status_code == 404, f"{method} {path}: {answer.status_code} {answer.text}"
    for method, path, _ in requests(ids):  # the local user (no token) is another owner too
        if method == "GET":
            assert service.client.get(path).status_code == 404, path
    client, bob = service.client, service.bob
    assert client.get(f"/api/networks/{ids['network_id']}", headers=bob).json()["revision"] == 2
    assert client.get(f"/api/projects/{ids['project_id']}", headers=bob).json()["name"] == "bob's"
    assert client.get(f"/api/datasets/{ids['dataset_id']}", headers=bob).status_code == 200


def test_lists_show_only_the_users_own_objects(service: Service) -> None:
    bobs_objects(service)
    assert service.client.get("/api/projects", headers=service.alice).json() == []
    uploads = service.client.get("/api/datasets", headers=service.alice).json()["uploads"]
    assert uploads == []


def test_every_route_naming_an_object_is_in_the_list_above() -> None:
    ids = {"project_id": 1, "network_id": 2, "dataset_id": 3}
    covered = {(method, path) for method, path, _ in requests(ids)}
    for router in ROUTERS:
        for route in router.routes:
            assert isinstance(route, APIRoute)
            if "{" not in route.path:
                continue
            assert route.methods is not None
            for method in route.methods:
                path = route.path.format(project_id=1, network_id=2, dataset_id=3, number=1, ref=3)
                assert (method, path) in covered, f"{method} {route.path} is not checked"


def test_another_owners_job_is_the_same_404_as_none_in_the_askers_language(
    service: Service,
) -> None:
    """A student typing a classmate's job or network id into the address bar learns nothing:
    the answer is word for word that of an id nobody has, in English or Japanese."""
    ids = bobs_objects(service)
    client, alice = service.client, service.alice
    for kind, theirs in (("network", ids["network_id"]), ("project", ids["project_id"])):
        other = client.get(f"/api/{kind}s/{theirs}", headers=alice).json()["detail"]
        none = client.get(f"/api/{kind}s/{theirs + 10_000}", headers=alice).json()["detail"]
        assert other["code"] == none["code"] == f"missing.{kind}"
        assert other["message"] == f"no {kind} {theirs}"
        assert none["message"] == f"no {kind} {theirs + 10_000}"
    ja = client.get("/api/jobs/123456", headers={**alice, "Accept-Language": "ja"}).json()
    assert ja["detail"]["message"] == "ジョブ 123456 はありません"
