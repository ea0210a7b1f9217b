"""Steps the job tests share: launch, follow a websocket, the whole main flow."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from starlette.websockets import WebSocketDisconnect

from netcanvas import samples
from tests.service.stack import Stack, wait_for


def launch(stack: Stack, user: str = "alice", dataset: str = "xor", **config: Any) -> Any:
    body = {"graph": samples.load("xor_mlp"), "dataset": dataset, "config": config}
    return stack.client.post("/api/jobs", json=body, headers=stack.users[user])


def follow(stack: Stack, job_id: int, user: str = "alice", after: str | None = None,
           limit: int | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """The websocket's messages until it closes after `finished` (or `limit` messages)."""
    url = f"/api/jobs/{job_id}/events" + (f"?after={after}" if after else "")
    received: list[dict[str, Any]] = []
    with stack.client.websocket_connect(url, headers=dict(stack.users[user])) as socket:
        while limit is None or len(received) < limit:
            try:
                message = socket.receive_json()
            except WebSocketDisconnect:
                break
            received.append(message)
            if message["event"]["type"] == "finished":
                break
    return received


def history(stack: Stack, job_id: int, after: str | None = None) -> list[dict[str, Any]]:
    params = {"after": after} if after else {}
    answer = stack.client.get(
        f"/api/jobs/{job_id}/events", params=params, headers=stack.users["alice"]
    )
    assert answer.status_code == 200, answer.text
    result: list[dict[str, Any]] = answer.json()
    return result


def wait_for_exports(stack: Stack, job_id: int, user: str = "alice") -> list[str]:
    """The job's artifacts once its exports (ONNX, model.py, the bundle last) follow its end."""
    url = f"/api/jobs/{job_id}/artifacts"
    names: list[str] = []

    def exported() -> bool:
        names[:] = stack.client.get(url, headers=stack.users[user]).json()
        return "bundle.zip" in names

    wait_for(exported, 180, f"job {job_id}'s exports")
    return names


def check_main_flow(stack: Stack, epochs: int = 4) -> int:
    """Save a network in a new project, launch it on xor, follow to succeeded, read the
    evaluation, download the zip, predict."""
    auth = stack.users["alice"]
    project = stack.client.post("/api/projects", json={"name": "XOR"}, headers=auth).json()
    network = stack.client.post(
        f"/api/projects/{project['id']}/networks",
        json={"name": "xor mlp", "graph": samples.load("xor_mlp")},
        headers=auth,
    ).json()
    config = {"epochs": epochs, "batch_size": 32, "lr": 0.05, "seed": 1}
    body = {"network_id": network["id"], "dataset": "xor", "config": config}
    created = stack.client.post("/api/jobs", json=body, headers=auth)
    assert created.status_code == 201, created.text
    job = created.json()
    assert job["network_id"] == network["id"]
    assert job["status"] == "queued" and isinstance(job["id"], int)
    received = follow(stack, job["id"])
    kinds = [message["event"]["type"] for message in received]
    assert kinds[0] == "queued" and "started" in kinds and kinds.count("epoch") == epochs
    assert received[-1]["event"]["status"] == "succeeded", received[-1]
    ids = [message["id"] for message in received]
    assert len(set(ids)) == len(ids)

    done = stack.client.get(f"/api/jobs/{job['id']}", headers=auth).json()
    assert done["status"] == "succeeded" and done["finished_at"] and done["started_at"]
    assert done["device"] == "cpu" and done["summary"]["epochs_run"] == epochs
    evaluation = stack.client.get(f"/api/jobs/{job['id']}/evaluation", headers=auth).json()
    assert evaluation["task"] == "classification" and evaluation["accuracy"] > 0.7
    epochs_rows = stack.client.get(f"/api/jobs/{job['id']}/epochs", headers=auth).json()
    assert [row["epoch"] for row in epochs_rows] == list(range(1, epochs + 1))

    wait_for_exports(stack, job["id"])
    bundle = stack.client.get(f"/api/jobs/{job['id']}/artifacts/bundle.zip", headers=auth)
    assert bundle.status_code == 200
    names = set(zipfile.ZipFile(io.BytesIO(bundle.content)).namelist())
    assert {"model.safetensors", "graph.json", "model.py", "evaluation.json"} <= names

    answer = stack.client.post(
        f"/api/jobs/{job['id']}/predict", json={"inputs": [[1.0, 1.0], [1.0, -1.0]]}, headers=auth
    )
    assert answer.status_code == 200, answer.text
    prediction = answer.json()
    assert prediction["task"] == "classification" and len(prediction["probabilities"]) == 2
    assert all(abs(sum(row) - 1) < 1e-4 for row in prediction["probabilities"])
    return int(job["id"])
