"""`GET /api/jobs/{id}/boundary`: the stored latest decision boundary, for its owner only."""

from __future__ import annotations

from sqlalchemy import select

from backend.db.models import Job, User
from backend.db.session import session_factory
from netcanvas.artifacts import BOUNDARY
from tests.service.conftest import Service
from worker.boundary_store import LatestBoundary

EVENT = {"type": "boundary", "epoch": 3, "size": 1, "extent": [0.0, 1.0, 0.0, 1.0],
         "class_names": ["a", "b"], "predicted": "AQ==", "confidence": "/w==",
         "points": [[0.5, 0.5, 1.0]]}  # fmt: skip


def alices_job(service: Service) -> int:
    token = service.alice["Authorization"].removeprefix("Bearer ")
    with session_factory(service.database)() as session:
        owner = session.scalars(select(User).where(User.token == token)).one()
        job = Job(owner_id=owner.id, graph={}, config={}, dataset="xor")
        session.add(job)
        session.commit()
        return job.id


def test_the_owner_reads_the_latest_boundary_and_others_get_404(service: Service) -> None:
    job = alices_job(service)
    path = f"/api/jobs/{job}/boundary"
    none = service.client.get(path, headers={**service.alice, "Accept-Language": "ja"})
    assert none.status_code == 404 and none.json()["detail"]["code"] == "job.no_boundary"
    assert none.json()["detail"]["message"].startswith(f"ジョブ {job} には決定境界がありません")
    written = LatestBoundary(service.data_dir / "artifacts" / str(job)).write(EVENT)
    assert written.name == BOUNDARY
    answer = service.client.get(path, headers=service.alice)
    assert answer.status_code == 200
    assert {k: answer.json()[k] for k in EVENT} == EVENT
    assert service.client.get(path, headers=service.bob).status_code == 404


def test_the_job_says_whether_it_has_a_boundary_so_a_page_asks_only_then(service: Service) -> None:
    job = alices_job(service)
    read = service.client.get(f"/api/jobs/{job}", headers=service.alice)
    assert read.status_code == 200 and read.json()["has_boundary"] is False
    LatestBoundary(service.data_dir / "artifacts" / str(job)).write(EVENT)
    assert service.client.get(f"/api/jobs/{job}", headers=service.alice).json()["has_boundary"]
    listed = service.client.get("/api/jobs", headers=service.alice).json()
    assert [j["has_boundary"] for j in listed if j["id"] == job] == [None]  # the list does not look
