"""POST /api/jobs refuses a network without a loss node (422 `job.no_loss`) before any job
exists: validation only warns (`graph.no_loss`), and such a job could only fail in the worker."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from backend.db.models import Job, User
from backend.db.session import session_factory
from netcanvas import samples
from tests.service.conftest import SQLITE_ONLY, Service


def without_loss(name: str) -> dict[str, Any]:
    graph = samples.load(name)
    losses = {n["id"] for n in graph["nodes"] if n["type"].endswith("Loss")}
    graph["nodes"] = [n for n in graph["nodes"] if n["id"] not in losses]
    graph["edges"] = [e for e in graph["edges"] if e["target"] not in losses]
    return graph


def jobs(service: Service) -> int:
    """Alice's jobs: PostgreSQL's test database holds other tests' jobs too."""
    token = service.alice["Authorization"].removeprefix("Bearer ")
    with session_factory(service.database)() as session:
        mine = select(func.count(Job.id)).join(User, Job.owner_id == User.id)
        return session.scalar(mine.where(User.token == token)) or 0


def test_a_network_without_a_loss_is_refused_before_a_job_exists(service: Service) -> None:
    graph = without_loss("xor_mlp")
    validated = service.client.post("/api/graphs/validate", json=graph, headers=service.alice)
    assert [w["code"] for w in validated.json()["warnings"]] == ["graph.no_loss"]
    answer = service.client.post(
        "/api/jobs", json={"graph": graph, "dataset": "xor"}, headers=service.alice
    )
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert detail["code"] == "job.no_loss"
    assert detail["message"].startswith("the network has no loss node, so it cannot be trained")
    assert jobs(service) == 0


@SQLITE_ONLY
def test_the_refusal_of_a_network_without_a_loss_is_in_japanese(service: Service) -> None:
    project = service.client.post("/api/projects", json={"name": "p"}, headers=service.alice)
    network = service.client.post(
        f"/api/projects/{project.json()['id']}/networks",
        json={"name": "n", "graph": without_loss("xor_mlp")},
        headers=service.alice,
    )
    assert network.status_code == 201, network.text
    answer = service.client.post(
        "/api/jobs",
        json={"network_id": network.json()["id"], "dataset": "xor"},
        headers={**service.alice, "Accept-Language": "ja"},
    )
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert detail["code"] == "job.no_loss"
    assert detail["message"].startswith("ネットワークに損失ノードがないため学習できません")
    assert jobs(service) == 0


@SQLITE_ONLY
def test_networks_trained_with_losses_of_their_own_still_launch(service: Service) -> None:
    """The GAN and the VAE train on losses that are not the usual last node: they queue."""
    for name in ("dcgan_digits", "xor_mlp"):
        answer = service.client.post(
            "/api/jobs", json={"graph": samples.load(name), "dataset": "digits"
                               if name == "dcgan_digits" else "xor"}, headers=service.alice,
        )  # fmt: skip
        assert answer.status_code == 201, (name, answer.text)
