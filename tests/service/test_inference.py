"""Inference over a dataset on SQLite, a real Redis and a real worker: a tiny trained job
run over a built-in set and over an uploaded zip, its CSV downloaded and checked against the
job's own predictions; another user's 404s, a misfit dataset's 422 naming both shapes."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from netcanvas import samples
from netcanvas.inference import (
    RUNNING_STALE_S,
    WORKER_LOST,
    InferenceRun,
    now,
    state_path,
    write_state_atomically,
)
from tests.service.flow import follow
from tests.service.stack import Stack, stack, wait_for

ROWS = [(1.1, 0.9, 0), (-1.0, 1.2, 1), (-0.8, -1.1, 0), (0.9, -1.0, 1), (0.2, 0.1, 0)]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("inference")
    with stack(folder, f"sqlite:///{folder / 'netcanvas.db'}") as running:
        yield running


@pytest.fixture(scope="module")
def xor_job(served: Stack) -> int:
    body = {"graph": samples.load("xor_mlp"), "dataset": "xor", "config": {"epochs": 2}}
    created = served.client.post("/api/jobs", json=body, headers=served.users["alice"])
    assert created.status_code == 201, created.text
    job_id = int(created.json()["id"])
    assert follow(served, job_id)[-1]["event"]["status"] == "succeeded"
    return job_id


def finished(served: Stack, job_id: int, dataset: Any) -> dict[str, Any]:
    """Start a run over `dataset` and wait for it to end; its last state."""
    auth = served.users["alice"]
    started = served.client.post(f"/api/jobs/{job_id}/inference", json={"dataset": dataset},
                                 headers=auth)  # fmt: skip
    assert started.status_code == 202, started.text
    assert started.json()["status"] == "queued"
    url = f"/api/jobs/{job_id}/inference/{started.json()['id']}"
    ended = ("succeeded", "failed")
    wait_for(lambda: served.client.get(url, headers=auth).json()["status"] in ended,
             timeout=60, what="the inference run")  # fmt: skip
    run: dict[str, Any] = served.client.get(url, headers=auth).json()
    assert run["status"] == "succeeded", run
    return run


def downloaded(served: Stack, job_id: int, run_id: str) -> list[dict[str, str]]:
    answer = served.client.get(f"/api/jobs/{job_id}/inference/{run_id}/csv",
                               headers=served.users["alice"])  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(answer.text)))


def test_a_builtin_dataset_gives_a_row_per_sample_with_label_and_probabilities(
    served: Stack, xor_job: int
) -> None:
    run = finished(served, xor_job, "xor")
    assert (run["rows"], run["total"], run["limited"]) == (400, 400, False)
    rows = downloaded(served, xor_job, run["id"])
    assert list(rows[0]) == ["id", "x__0", "x__1", "y", "y'", "p_0", "p_1"]
    assert [int(r["id"]) for r in rows] == list(range(400))
    for row in rows:
        p = [float(row["p_0"]), float(row["p_1"])]
        assert abs(sum(p) - 1) < 1e-4 and row["y"] in ("0", "1")
        assert row["y'"] == str(p.index(max(p)))
    listed = served.client.get(f"/api/jobs/{xor_job}/inference", headers=served.users["alice"])
    assert run["id"] in [r["id"] for r in listed.json()]


def xor_zip(folder: Path) -> Path:
    path = folder / "points.zip"
    lines = ["x__0,x__1,y", *(f"{a},{b},{y}" for a, b, y in ROWS)]
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("train.csv", "\n".join(lines) + "\n")
    return path


def test_an_upload_gives_the_same_probabilities_as_predict(
    served: Stack, xor_job: int, tmp_path: Path
) -> None:
    auth = served.users["alice"]
    with xor_zip(tmp_path).open("rb") as file:
        uploaded = served.client.post("/api/datasets", files={"file": ("points.zip", file)},
                                      headers=auth)  # fmt: skip
    assert uploaded.status_code == 201, uploaded.text
    upload_id = uploaded.json()["id"]
    run = finished(served, xor_job, upload_id)
    assert run["dataset"] == f"upload:{upload_id}" and run["rows"] == len(ROWS)
    rows = downloaded(served, xor_job, run["id"])
    inputs = [[a, b] for a, b, _ in ROWS]
    predicted = served.client.post(f"/api/jobs/{xor_job}/predict", json={"inputs": inputs},
                                   headers=auth)  # fmt: skip
    assert predicted.status_code == 200, predicted.text
    expected = predicted.json()
    assert [r["y"] for r in rows] == [str(y) for _, _, y in ROWS]
    given = [float(r[column]) for r in rows for column in ("x__0", "x__1")]
    assert given == pytest.approx([v for pair in inputs for v in pair])  # in the file's units
    assert [r["y'"] for r in rows] == expected["predicted"]
    for row, p in zip(rows, expected["probabilities"], strict=True):
        assert abs(float(row["p_0"]) - p[0]) < 1e-5 and abs(float(row["p_1"]) - p[1]) < 1e-5


def test_another_user_sees_no_run_and_cannot_start_one(served: Stack, xor_job: int) -> None:
    alice, bob = served.users["alice"], served.users["bob"]
    runs = served.client.get(f"/api/jobs/{xor_job}/inference", headers=alice).json()
    assert runs, "the earlier tests ran one"
    run_id = runs[0]["id"]
    base = f"/api/jobs/{xor_job}/inference"
    for url in (base, f"{base}/{run_id}", f"{base}/{run_id}/csv"):
        assert served.client.get(url, headers=bob).status_code == 404, url
    assert served.client.post(base, json={"dataset": "xor"}, headers=bob).status_code == 404
    unknown = served.client.get(f"{base}/{'0' * 16}", headers=alice)
    assert unknown.status_code == 404 and "no inference run" in unknown.text
    assert served.client.get(f"{base}/..%2F..%2Fx", headers=alice).status_code in (404, 422)


def test_a_dataset_that_does_not_fit_is_a_422_naming_both_shapes(
    served: Stack, xor_job: int
) -> None:
    auth = served.users["alice"]
    url = f"/api/jobs/{xor_job}/inference"
    misfit = served.client.post(url, json={"dataset": "digits"}, headers=auth)
    assert misfit.status_code == 422, misfit.text
    assert "[1, 8, 8]" in misfit.text and "[2]" in misfit.text
    unknown = served.client.post(url, json={"dataset": "nope"}, headers=auth)
    assert unknown.status_code == 404 and "nope" in unknown.text


def test_one_run_of_a_job_at_a_time_and_a_dead_workers_run_reads_failed(
    served: Stack, xor_job: int
) -> None:
    auth, url = served.users["alice"], f"/api/jobs/{xor_job}/inference"
    key = f"job:{xor_job}:inference-start"
    served.redis.set(key, "1", ex=30)  # another request is starting one right now
    starting = served.client.post(url, json={"dataset": "xor"}, headers=auth)
    assert starting.status_code == 409 and "being started" in starting.text
    served.redis.delete(key)

    folder = served.data_dir / "artifacts" / str(xor_job)
    running = InferenceRun(id="d" * 16, job_id=xor_job, dataset="xor", status="running",
                           created_at=now(), updated_at=now())  # fmt: skip
    write_state_atomically(state_path(folder, running.id), running)
    busy = served.client.post(url, json={"dataset": "xor"}, headers=auth)
    assert busy.status_code == 409 and "d" * 16 in busy.text

    silent = now() - timedelta(seconds=RUNNING_STALE_S + 1)  # its worker died long ago
    write_state_atomically(state_path(folder, running.id),
                           running.model_copy(update={"updated_at": silent}))  # fmt: skip
    lost = served.client.get(f"{url}/{running.id}", headers=auth).json()
    assert (lost["status"], lost["error"]) == ("failed", WORKER_LOST)
    assert served.client.get(f"{url}/{running.id}/csv", headers=auth).status_code == 404
    finished(served, xor_job, "xor")  # and a new run starts
