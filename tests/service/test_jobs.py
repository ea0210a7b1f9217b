"""Jobs over HTTP on SQLite, a real Redis (DB 11) and a real Celery worker process."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from backend.db.models import Dataset, Job, User
from backend.db.session import session_factory
from netcanvas import samples
from netcanvas.artifacts import ARTIFACTS
from netcanvas.events import finished_event
from tests.service.flow import check_main_flow, follow, history, launch, wait_for_exports
from tests.service.stack import Stack, stack, wait_for

LONG: dict[str, Any] = {"epochs": 3000, "batch_size": 4, "lr": 0.01}  # runs until cancelled


@pytest.fixture(scope="module")
def jobs_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("jobs")
    with stack(folder, f"sqlite:///{folder / 'netcanvas.db'}") as running:
        yield running


@pytest.fixture(scope="module")
def finished_job(jobs_stack: Stack) -> int:
    return check_main_flow(jobs_stack)


def job_count(stack: Stack) -> int:
    with session_factory(stack.database)() as session:
        return int(session.scalar(select(func.count()).select_from(Job)) or 0)


def read(stack: Stack, job_id: int) -> dict[str, Any]:
    answer = stack.client.get(f"/api/jobs/{job_id}", headers=stack.users["alice"])
    result: dict[str, Any] = answer.json()
    return result


def started(stack: Stack) -> int:
    """A long job, once its first epoch is over."""
    created = launch(stack, **LONG)
    assert created.status_code == 201, created.text
    job_id = int(created.json()["id"])
    wait_for(
        lambda: any(e["event"]["type"] == "epoch" for e in history(stack, job_id)), 180, "an epoch"
    )
    return job_id


def test_create_job_follow_evaluate_download_predict(finished_job: int) -> None:
    assert finished_job > 0


def test_websocket_after_the_end_gets_the_whole_history(
    jobs_stack: Stack, finished_job: int
) -> None:
    received = follow(jobs_stack, finished_job)
    everything = history(jobs_stack, finished_job)
    assert received == everything[: len(received)]  # then the exports' artifact events
    assert received[0]["event"]["type"] == "queued"
    assert received[-1]["event"]["type"] == "finished"


def test_the_exports_follow_the_end(jobs_stack: Stack, finished_job: int) -> None:
    """Done with its results (weights, graph, evaluation, metrics); ONNX, model.py and
    the bundle come after `finished`, each announced."""
    kinds = [
        (m["event"]["type"], m["event"].get("name")) for m in history(jobs_stack, finished_job)
    ]
    end = kinds.index(("finished", None))
    before, after = {name for _, name in kinds[:end]}, [name for _, name in kinds[end:]]
    assert {"model.safetensors", "graph.json", "evaluation.json", "metrics.csv"} <= before
    assert {"model.onnx", "model.py", "bundle.zip"}.isdisjoint(before)
    assert after[1:] == ["model.onnx", "model.py", "bundle.zip"]


def test_exports_a_dead_run_left_unwritten_are_written_when_asked_for(
    jobs_stack: Stack, finished_job: int
) -> None:
    folder = jobs_stack.data_dir / "artifacts" / str(finished_job)
    for name in ("model.onnx", "model.py", "bundle.zip"):
        (folder / name).unlink()  # as when the worker died after the job was done
    auth = jobs_stack.users["alice"]
    missing = jobs_stack.client.get(f"/api/jobs/{finished_job}/artifacts/model.onnx", headers=auth)
    assert missing.status_code == 404  # not yet: a worker is asked for it
    names = wait_for_exports(jobs_stack, finished_job)
    assert {"model.onnx", "model.py", "bundle.zip"} <= set(names)
    announced = [m["event"].get("name") for m in history(jobs_stack, finished_job)]
    assert announced[-3:] == ["model.onnx", "model.py", "bundle.zip"]
    assert not jobs_stack.redis.exists(f"job:{finished_job}:exporting")  # released


def test_every_epoch_keeps_its_points_of_the_per_step_curve(
    jobs_stack: Stack, finished_job: int
) -> None:
    messages = history(jobs_stack, finished_job)
    sent = [m["event"] for m in messages if m["event"]["type"] == "metrics"]
    auth = jobs_stack.users["alice"]
    kept = jobs_stack.client.get(f"/api/jobs/{finished_job}/steps", headers=auth).json()
    assert {point["epoch"] for point in kept} == {1, 2, 3, 4}
    assert kept == [{k: v for k, v in event.items() if k not in ("type", "ts", "lr")}
                    for event in sent]  # fmt: skip
    assert all(point["steps"] >= point["step"] >= 1 and "step_loss" in point for point in kept)
    for epoch in (1, 2, 3, 4):  # each epoch's curve reaches its end, where its epoch point is
        mine = [point for point in kept if point["epoch"] == epoch]
        assert mine[0]["step"] == 1 and mine[-1]["step"] == mine[-1]["steps"]


def test_a_finished_jobs_progress_is_its_last_step(jobs_stack: Stack, finished_job: int) -> None:
    progress = read(jobs_stack, finished_job)["progress"]
    assert (progress["epoch"], progress["epochs"]) == (4, 4)
    assert progress["step"] == progress["steps"] and progress["eta_s"] == 0.0


def test_history_and_evaluation_outlive_redis(jobs_stack: Stack, finished_job: int) -> None:
    jobs_stack.redis.delete(f"job:{finished_job}:events")
    auth = jobs_stack.users["alice"]
    epochs = jobs_stack.client.get(f"/api/jobs/{finished_job}/epochs", headers=auth).json()
    assert len(epochs) == 4 and "val_loss" in epochs[0]
    evaluation = jobs_stack.client.get(f"/api/jobs/{finished_job}/evaluation", headers=auth)
    assert evaluation.status_code == 200 and "confusion_matrix" in evaluation.json()
    replayed = follow(jobs_stack, finished_job)  # from the database: the row says it is over
    kinds = [message["event"]["type"] for message in replayed]
    assert kinds == ["epoch"] * 4 + ["evaluation", "finished"]
    assert [m["event"]["epoch"] for m in replayed[:4]] == [row["epoch"] for row in epochs]


def test_websocket_joining_mid_run_gets_every_later_event_once(jobs_stack: Stack) -> None:
    job_id = started(jobs_stack)
    first = follow(jobs_stack, job_id, limit=4)
    mark = first[-1]["id"]
    # events arrive while nobody listens
    wait_for(lambda: history(jobs_stack, job_id, after=mark), 60, "an event after the mark")
    auth = jobs_stack.users["alice"]
    url = f"/api/jobs/{job_id}/events?after={mark}"
    with jobs_stack.client.websocket_connect(url, headers=dict(auth)) as socket:
        later = [socket.receive_json() for _ in range(3)]
        assert read(jobs_stack, job_id)["status"] == "running"  # joined a live run
        jobs_stack.client.post(f"/api/jobs/{job_id}/cancel", headers=auth)
        while later[-1]["event"]["type"] != "finished":
            later.append(socket.receive_json())
    assert later == history(jobs_stack, job_id, after=mark)[: len(later)]  # then the exports
    ids = [message["id"] for message in first + later]
    assert ids == sorted(set(ids), key=lambda i: tuple(map(int, i.split("-"))))
    assert [m["id"] for m in history(jobs_stack, job_id)][: len(ids)] == ids


def test_cancel_stops_a_running_job_within_two_seconds(jobs_stack: Stack) -> None:
    job_id = started(jobs_stack)
    asked = time.time()
    answer = jobs_stack.client.post(f"/api/jobs/{job_id}/cancel", headers=jobs_stack.users["alice"])
    assert answer.status_code == 200 and answer.json()["cancel_requested"]
    wait_for(lambda: read(jobs_stack, job_id)["status"] == "cancelled", 120, "cancelled")
    training = [m for m in history(jobs_stack, job_id)
                if m["event"]["type"] in ("progress", "metrics", "epoch")]  # fmt: skip
    last_ms = int(training[-1]["id"].split("-")[0])
    assert last_ms / 1000 - asked < 2.0
    job = read(jobs_stack, job_id)
    assert "cancelled" in job["reason"]
    weights = jobs_stack.client.get(
        f"/api/jobs/{job_id}/artifacts/model.safetensors", headers=jobs_stack.users["alice"]
    )
    assert weights.status_code == 200  # it keeps what it had
    auth = jobs_stack.users["alice"]
    names = wait_for_exports(jobs_stack, job_id)
    assert "model.safetensors" in names and "bundle.zip" in names
    tried = jobs_stack.client.post(
        f"/api/jobs/{job_id}/predict", json={"input": [1.0, 1.0]}, headers=auth
    )
    assert tried.status_code == 200, tried.text  # its weights can be tried
    no_evaluation = jobs_stack.client.get(f"/api/jobs/{job_id}/predictions", headers=auth)
    assert no_evaluation.json()["detail"]["code"] == "job.no_predictions"


def test_a_finished_job_lists_the_artifacts_it_wrote(jobs_stack: Stack, finished_job: int) -> None:
    auth = jobs_stack.users["alice"]
    names = jobs_stack.client.get(f"/api/jobs/{finished_job}/artifacts", headers=auth).json()
    folder = jobs_stack.data_dir / "artifacts" / str(finished_job)
    assert names == [name for name in ARTIFACTS if (folder / name).is_file()]
    assert {"model.safetensors", "model.py", "graph.json", "bundle.zip"} <= set(names)
    (folder / "model.onnx").rename(folder / "elsewhere")  # as when the export failed
    try:
        after = jobs_stack.client.get(f"/api/jobs/{finished_job}/artifacts", headers=auth).json()
        assert after == [name for name in names if name != "model.onnx"]
    finally:
        (folder / "elsewhere").rename(folder / "model.onnx")


def bad_graph() -> dict[str, Any]:
    graph = samples.load("xor_mlp")
    graph["nodes"][1]["params"]["out_features"] = 0
    return graph


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"graph": bad_graph(), "dataset": "xor"}, 422, "not valid"),
        ({"graph": {"nodes": 3}, "dataset": "xor"}, 422, "graph"),
        ({"graph": samples.load("xor_mlp"), "dataset": "no_such_set"}, 404, "unknown dataset"),
        ({"graph": samples.load("xor_mlp"), "dataset": 999}, 404, "unknown dataset"),
        ({"graph": samples.load("xor_mlp"), "dataset": "iris"}, 422, "shape [4]"),
        (
            {"graph": samples.load("xor_mlp"), "dataset": "xor", "config": {"epochs": 0}},
            422,
            "epochs",
        ),
        ({"graph": samples.load("xor_mlp"), "dataset": "xor", "config": {"lr": -1}}, 422, "lr"),
        ({"graph": samples.load("xor_mlp"), "dataset": "xor", "config": {"typo": 1}}, 422, "typo"),
        (
            {"graph": samples.load("xor_mlp"), "dataset": "xor", "config": {"device": "cuda"}},
            422,
            "no worker with a GPU",
        ),
        ({"dataset": "xor"}, 422, "network_id or graph"),
        ({"network_id": 12345, "dataset": "xor"}, 404, "network"),
    ],
)
def test_create_job_refuses_before_queueing(
    jobs_stack: Stack, body: dict[str, Any], status: int, words: str
) -> None:
    before = job_count(jobs_stack)
    answer = jobs_stack.client.post("/api/jobs", json=body, headers=jobs_stack.users["alice"])
    assert answer.status_code == status, answer.text
    assert words in answer.text
    assert job_count(jobs_stack) == before
    assert jobs_stack.redis.llen("cpu") == 0


def test_delete_job_removes_it(jobs_stack: Stack) -> None:
    created = launch(jobs_stack, epochs=1)
    job_id = created.json()["id"]
    follow(jobs_stack, job_id)
    auth = jobs_stack.users["alice"]
    assert jobs_stack.client.delete(f"/api/jobs/{job_id}", headers=auth).status_code == 204
    assert jobs_stack.client.get(f"/api/jobs/{job_id}", headers=auth).status_code == 404
    assert not (jobs_stack.data_dir / "artifacts" / str(job_id)).exists()
    assert jobs_stack.redis.exists(f"job:{job_id}:events") == 0


def test_a_new_job_on_a_reused_id_gets_nothing_of_the_old_one(jobs_stack: Stack) -> None:
    """SQLite gives the highest id again once its row is gone; a row that went without its
    files and events (its owner removed while Redis was down) lends the next job nothing."""
    old = launch(jobs_stack, epochs=1).json()["id"]
    follow(jobs_stack, old)
    wait_for_exports(jobs_stack, old)
    with session_factory(jobs_stack.database)() as session:
        session.delete(session.get(Job, old))
        session.commit()
    folder = jobs_stack.data_dir / "artifacts" / str(old)
    assert (folder / "bundle.zip").exists()

    created = launch(jobs_stack, **LONG)
    assert created.status_code == 201, created.text
    assert created.json()["id"] == old  # SQLite reuses it
    types = [m["event"]["type"] for m in history(jobs_stack, old)]
    assert types[0] == "queued" and "finished" not in types, types
    assert not (folder / "bundle.zip").exists()
    auth = jobs_stack.users["alice"]
    assert (
        "bundle.zip" not in jobs_stack.client.get(f"/api/jobs/{old}/artifacts", headers=auth).json()
    )
    jobs_stack.client.post(f"/api/jobs/{old}/cancel", headers=auth)
    wait_for(lambda: read(jobs_stack, old)["status"] == "cancelled", 120, "cancelled")


def test_a_job_keeps_the_graph_it_trained(jobs_stack: Stack, finished_job: int) -> None:
    answer = jobs_stack.client.get(
        f"/api/jobs/{finished_job}/graph", headers=jobs_stack.users["alice"]
    )
    assert answer.status_code == 200
    ids = [node["id"] for node in answer.json()["nodes"]]
    assert ids == [node["id"] for node in samples.load("xor_mlp")["nodes"]]


def test_list_jobs_shows_only_ones_own(jobs_stack: Stack, finished_job: int) -> None:
    mine = jobs_stack.client.get("/api/jobs", headers=jobs_stack.users["alice"]).json()
    theirs = jobs_stack.client.get("/api/jobs", headers=jobs_stack.users["bob"]).json()
    assert finished_job in [job["id"] for job in mine]
    assert finished_job not in [job["id"] for job in theirs]


def test_another_owners_job_is_404_on_every_route(jobs_stack: Stack, finished_job: int) -> None:
    bob, base = jobs_stack.users["bob"], f"/api/jobs/{finished_job}"
    client = jobs_stack.client
    answers = [
        client.get(base, headers=bob),
        client.post(f"{base}/cancel", headers=bob),
        client.delete(base, headers=bob),
        client.get(f"{base}/events", headers=bob),
        client.get(f"{base}/epochs", headers=bob),
        client.get(f"{base}/evaluation", headers=bob),
        client.get(f"{base}/artifacts/bundle.zip", headers=bob),
        client.get(f"{base}/samples", headers=bob),
        client.get(f"{base}/predictions", headers=bob),
        client.get(f"{base}/predictions?actual=0&predicted=0", headers=bob),
        client.get(f"{base}/artifacts", headers=bob),
        client.get(f"{base}/graph", headers=bob),
        client.post(f"{base}/predict", json={"input": [0.0, 1.0]}, headers=bob),
    ]
    assert [a.status_code for a in answers] == [404] * len(answers)
    with pytest.raises(Exception):  # noqa: B017  # the websocket closes before accepting
        follow(jobs_stack, finished_job, user="bob")
    assert read(jobs_stack, finished_job)["status"] == "succeeded"  # untouched


def test_uploaded_dataset_is_checked_against_the_input(jobs_stack: Stack) -> None:
    with session_factory(jobs_stack.database)() as session:
        owner = session.scalars(select(User.id).where(User.name == "alice")).one()
        upload = Dataset(owner_id=owner, name="four", filename="four.zip", path="/nowhere.zip",
                         sha256="0" * 64, size=1, info={"sample_shape": [4]})  # fmt: skip
        session.add(upload)
        session.commit()
    before = job_count(jobs_stack)
    body = {"graph": samples.load("xor_mlp"), "dataset": upload.id}
    answer = jobs_stack.client.post("/api/jobs", json=body, headers=jobs_stack.users["alice"])
    assert answer.status_code == 422 and "shape [4]" in answer.text
    body["dataset"] = f"upload:{upload.id}"
    answer = jobs_stack.client.post("/api/jobs", json=body, headers=jobs_stack.users["bob"])
    assert answer.status_code == 404  # another owner's upload does not exist for bob
    assert job_count(jobs_stack) == before


def test_cancel_a_queued_job_means_it_never_starts(jobs_stack: Stack) -> None:
    busy = started(jobs_stack)  # the only worker process is taken
    waiting = launch(jobs_stack, epochs=1).json()["id"]
    auth = jobs_stack.users["alice"]
    answer = jobs_stack.client.post(f"/api/jobs/{waiting}/cancel", headers=auth).json()
    assert answer["status"] == "cancelled" and answer["reason"] == "cancelled before it started"
    jobs_stack.client.post(f"/api/jobs/{busy}/cancel", headers=auth)
    wait_for(lambda: read(jobs_stack, busy)["status"] == "cancelled", 120, "the busy job")
    # A later job of Alice's runs to its end: the waiting one, older, would have had its turn
    # on the worker before it (the scheduler sends a user's oldest first), and never did.
    later = launch(jobs_stack, epochs=1).json()["id"]
    assert follow(jobs_stack, later)[-1]["event"]["status"] == "succeeded"
    assert read(jobs_stack, waiting)["started_at"] is None
    events = [m["event"] for m in follow(jobs_stack, waiting)]
    assert [event["type"] for event in events] == ["queued", "finished"]
    assert set(events[-1]) == set(finished_event("cancelled", "")) and events[-1]["ts"] > 0


def test_a_bad_config_value_is_a_422_naming_the_field(jobs_stack: Stack) -> None:
    body = {"graph": samples.load("xor_mlp"), "dataset": "xor", "config": {"epochs": 0}}
    answer = jobs_stack.client.post("/api/jobs", json=body, headers=jobs_stack.users["alice"])
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert [error["field"] for error in detail["errors"]] == ["epochs"]
    assert detail["errors"][0]["message"] == "epochs must be at least 1"
    assert detail["errors"][0]["code"] == "param.at_least"


def test_the_worker_finished_event_has_the_one_shape(jobs_stack: Stack) -> None:
    job_id = launch(jobs_stack, epochs=1).json()["id"]
    follow(jobs_stack, job_id)
    events = [entry["event"] for entry in history(jobs_stack, job_id)]
    assert all(isinstance(event["ts"], float) for event in events)
    # The exports' `artifact` events may come after `finished` (ARCHITECTURE: "Jobs").
    finished = [event for event in events if event["type"] == "finished"]
    assert len(finished) == 1
    assert set(finished[0]) == set(finished_event("succeeded", ""))
    assert finished[0]["seconds"] > 0


# Transfer learning from the weights that ship in `netcanvas/pretrained/`.
def finetune(**config: Any) -> dict[str, Any]:
    return {"graph": samples.load("mnist_finetune"), "dataset": "mnist5k_5to9", "config": config}


def test_pretrained_weights_are_listed_and_start_a_job(jobs_stack: Stack) -> None:
    auth = jobs_stack.users["alice"]
    listed = jobs_stack.client.get("/api/pretrained", headers=auth).json()
    entry = next(e for e in listed if e["name"] == "mnist_0to4")
    assert entry["sample"] == "mnist_finetune" and len(entry["sha256"]) == 64

    frozen = ["conv1", "conv2"]
    config = {"epochs": 1, "init_from": "pretrained:mnist_0to4", "freeze": frozen}
    created = jobs_stack.client.post("/api/jobs", json=finetune(**config), headers=auth)
    assert created.status_code == 201, created.text
    job_id = created.json()["id"]
    follow(jobs_stack, job_id)
    job = read(jobs_stack, job_id)
    assert job["status"] == "succeeded", job["reason"]
    assert 0 <= job["summary"]["start_val_accuracy"] <= 1
    logs = [e["event"].get("message", "") for e in history(jobs_stack, job_id)]
    assert any("for conv1, conv2; new weights for fc1, fc2" in line for line in logs), logs


def test_unknown_pretrained_weights_are_a_422_naming_them(jobs_stack: Stack) -> None:
    before = job_count(jobs_stack)
    body = finetune(epochs=1, init_from="pretrained:nope")
    answer = jobs_stack.client.post("/api/jobs", json=body, headers=jobs_stack.users["alice"])
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert detail["code"] == "job.init_from_pretrained"
    assert "'nope'" in detail["message"] and "mnist_0to4" in detail["message"]
    assert job_count(jobs_stack) == before
