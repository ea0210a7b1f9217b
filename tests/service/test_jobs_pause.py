"""Pausing a job frees its worker and keeps its checkpoint; resuming goes on after the last
finished epoch, every epoch shown once. A real worker, a real Redis, a real database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from backend.db.models import Job, User
from backend.db.session import session_factory
from netcanvas import samples
from tests.service.flow import follow, history, launch
from tests.service.stack import Stack, stack, wait_for

# Paused once its second epoch is seen: twelve epochs at batch 1 leave it running until the
# pause lands (an epoch at most), and the resumed run several to train.
EPOCHS = 12


@pytest.fixture(scope="module")
def pause_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("pause")
    with stack(folder, f"sqlite:///{folder / 'netcanvas.db'}") as running:
        yield running


def read(s: Stack, job_id: int) -> dict[str, Any]:
    answer: dict[str, Any] = s.client.get(f"/api/jobs/{job_id}", headers=s.users["alice"]).json()
    return answer


def post(s: Stack, job_id: int, action: str) -> Any:
    return s.client.post(f"/api/jobs/{job_id}/{action}", headers=s.users["alice"])


def epochs(s: Stack, job_id: int) -> list[int]:
    events = [m["event"] for m in history(s, job_id)]
    return [event["epoch"] for event in events if event["type"] == "epoch"]


def test_a_paused_job_resumes_after_its_last_epoch(pause_stack: Stack) -> None:
    job_id = launch(pause_stack, epochs=EPOCHS, batch_size=1).json()["id"]
    wait_for(lambda: len(epochs(pause_stack, job_id)) >= 2, 120, "two epochs")
    assert post(pause_stack, job_id, "pause").status_code == 200
    wait_for(lambda: read(pause_stack, job_id)["status"] == "paused", 120, "the pause")
    done = epochs(pause_stack, job_id)
    checkpoint = (
        pause_stack.data_dir / "checkpoints" / str(job_id) / "lease-1.pt"
    )  # the first run's own
    assert checkpoint.is_file() and len(done) < EPOCHS
    assert not any(m["event"]["type"] == "finished" for m in history(pause_stack, job_id))
    assert post(pause_stack, job_id, "pause").json()["status"] == "paused"  # twice is once

    assert post(pause_stack, job_id, "resume").json()["status"] == "queued"
    last = follow(pause_stack, job_id)[-1]["event"]
    assert (last["type"], last["status"]) == ("finished", "succeeded"), last
    assert epochs(pause_stack, job_id) == list(range(1, EPOCHS + 1))  # once each
    logs = [m["event"].get("message", "") for m in history(pause_stack, job_id)]
    assert any(
        line.startswith(f"resumed from the checkpoint after epoch {len(done)}") for line in logs
    )
    assert not checkpoint.exists()
    refused = post(pause_stack, job_id, "resume")
    assert refused.status_code == 409 and refused.json()["detail"]["code"] == "job.not_paused"
    assert post(pause_stack, job_id, "pause").json()["detail"]["code"] == "job.not_active"


def test_a_queued_job_pauses_at_once_and_a_paused_one_can_be_cancelled(
    pause_stack: Stack,
) -> None:
    with session_factory(pause_stack.database)() as session:  # queued, never sent to a queue
        owner = session.scalars(select(User.id).where(User.name == "alice")).one()
        job = Job(owner_id=owner, graph=samples.load("xor_mlp"), config={"epochs": 2},
                  dataset="xor")  # fmt: skip
        session.add(job)
        session.commit()
        job_id = job.id
    paused = post(pause_stack, job_id, "pause").json()
    assert (paused["status"], paused["reason"]) == ("paused", "paused before it started")
    cancelled = post(pause_stack, job_id, "cancel").json()
    assert (cancelled["status"], cancelled["reason"]) == ("cancelled", "cancelled while paused")
    assert history(pause_stack, job_id)[-1]["event"]["status"] == "cancelled"

    # It has nothing: no weights to predict with, no artifact, no predictions.
    client, auth = pause_stack.client, pause_stack.users["alice"]
    answer = client.post(f"/api/jobs/{job_id}/predict", json={"input": [0.0, 1.0]}, headers=auth)
    assert answer.status_code == 409, answer.text
    assert answer.json()["detail"]["code"] == "job.no_weights"
    assert "cancelled" in answer.json()["detail"]["message"]
    assert client.get(f"/api/jobs/{job_id}/artifacts", headers=auth).json() == []
    for name in ("model.safetensors", "bundle.zip"):
        missing = client.get(f"/api/jobs/{job_id}/artifacts/{name}", headers=auth)
        assert missing.status_code == 404 and missing.json()["detail"]["code"] == "job.no_artifact"
    none = client.get(f"/api/jobs/{job_id}/predictions", headers=auth)
    assert none.status_code == 404 and none.json()["detail"]["code"] == "job.no_predictions"
