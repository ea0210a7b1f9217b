"""A network saved from a sample keeps the sample's name on the server (SQLite and PostgreSQL),
so its lesson follows the network to any browser of its owner: saves keep it, a copy keeps it,
a network saved before (or from no sample) has none, and a name no sample has is kept harmlessly."""

from __future__ import annotations

from netcanvas import samples
from tests.service.conftest import Service
from tests.service.test_projects_networks import make_project


def test_a_network_saved_from_a_sample_keeps_it_through_saves_and_copies(
    service: Service,
) -> None:
    client, alice = service.client, service.alice
    project = make_project(service)
    graph = samples.load("dcgan_digits")
    created = client.post(
        f"/api/projects/{project['id']}/networks",
        json={"name": "my gan", "graph": graph, "sample": "dcgan_digits"},
        headers=alice,
    )
    assert created.status_code == 201, created.text
    network = created.json()
    assert network["sample"] == "dcgan_digits"
    url = f"/api/networks/{network['id']}"
    assert client.get(url, headers=alice).json()["sample"] == "dcgan_digits"

    changed = {**graph, "description": "changed"}
    saved = client.put(url, json={"name": "my gan 2", "graph": changed}, headers=alice)
    assert saved.status_code == 200, saved.text
    assert saved.json()["revision"] == 2
    assert saved.json()["sample"] == "dcgan_digits"
    renamed = client.patch(url, json={"name": "renamed"}, headers=alice)
    assert renamed.json()["sample"] == "dcgan_digits"
    listed = client.get(f"/api/projects/{project['id']}/networks", headers=alice).json()
    assert [n["sample"] for n in listed] == ["dcgan_digits"]

    # A copy (saved as a new network from the opened one) names the sample it names.
    opened = client.get(url, headers=alice).json()
    copy = client.post(
        f"/api/projects/{project['id']}/networks",
        json={"name": "copy", "graph": opened["graph"], "sample": opened["sample"]},
        headers=alice,
    ).json()
    assert client.get(f"/api/networks/{copy['id']}", headers=alice).json()["sample"] == (
        "dcgan_digits"
    )


def test_a_network_from_no_sample_has_none_and_an_unknown_name_is_kept(
    service: Service,
) -> None:
    client, alice = service.client, service.alice
    project = make_project(service)
    graph = samples.load("xor_mlp")
    plain = client.post(
        f"/api/projects/{project['id']}/networks", json={"name": "n", "graph": graph}, headers=alice
    ).json()
    assert client.get(f"/api/networks/{plain['id']}", headers=alice).json()["sample"] is None
    gone = client.post(
        f"/api/projects/{project['id']}/networks",
        json={"name": "old", "graph": graph, "sample": "a_sample_removed_since"},
        headers=alice,
    )
    assert gone.status_code == 201, gone.text
    assert gone.json()["sample"] == "a_sample_removed_since"
    too_long = client.post(
        f"/api/projects/{project['id']}/networks",
        json={"name": "x", "graph": graph, "sample": "s" * 65},
        headers=alice,
    )
    assert too_long.status_code == 422
    assert too_long.json()["detail"][0]["loc"] == ["body", "sample"]


def test_a_save_names_the_sample_of_a_network_that_names_none_and_never_replaces_one(
    service: Service,
) -> None:
    """A network saved before networks kept their sample gets it from a plain save (what the
    browser kept for it); a network that names one keeps it whatever a save says."""
    client, alice = service.client, service.alice
    project = make_project(service)
    graph = samples.load("xor_mlp")
    plain = client.post(
        f"/api/projects/{project['id']}/networks", json={"name": "n", "graph": graph}, headers=alice
    ).json()
    url = f"/api/networks/{plain['id']}"
    saved = client.put(url, json={"graph": graph, "sample": "xor_mlp"}, headers=alice)
    assert saved.status_code == 200, saved.text
    assert saved.json()["sample"] == "xor_mlp"
    again = client.put(url, json={"graph": graph, "sample": "dcgan_digits"}, headers=alice)
    assert again.json()["sample"] == "xor_mlp"
    assert client.put(url, json={"graph": graph}, headers=alice).json()["sample"] == "xor_mlp"
    too_long = client.put(url, json={"graph": graph, "sample": "s" * 65}, headers=alice)
    assert too_long.status_code == 422
    assert client.get(url, headers=alice).json()["sample"] == "xor_mlp"
