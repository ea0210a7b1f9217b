"""A worker killed mid-job: the reaper queues its job again, which resumes from its last
checkpoint on a new worker; a job whose worker dies on every attempt fails (a poison job),
never running forever."""

from __future__ import annotations

import os
import signal
import time
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backend import events, heartbeat
from backend.app import create_app
from backend.db.models import Job, User
from backend.db.session import session_factory
from backend.jobs import WORKER_LOST, reap_stale_jobs
from backend.queue import PREDICT
from backend.routes.jobs import PREDICT_TIMEOUT_S
from backend.settings import get_settings
from backend.trained import TRUST_S
from netcanvas.artifacts import BUNDLE
from tests.service.flow import follow, history, launch
from tests.service.stack import Stack, kill, pool_child, stack, start_worker, wait_for
from worker import atomic
from worker.jobs import HEARTBEAT_S, run_job

# Each run is killed as soon as its second epoch is seen (polled every 0.1 s), so ten
# epochs on xor at batch 1 leave it eight to go: still running at the kill however loaded
# the machine (its epochs slow down with the polling), and the retry has gaps to show.
EPOCHS = 10
REAP_S = 20  # the first test's own reaping pass: a job silent for longer has lost its worker


@pytest.fixture(scope="module")
def lost_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("lost")
    with stack(folder, f"sqlite:///{folder / 'netcanvas.db'}") as running:
        yield running


def test_reaper_queues_a_lost_job_again_until_its_last_attempt(lost_stack: Stack) -> None:
    # Silent for longer than this test's pass allows (`REAP_S`), not for longer than the
    # API's own passes do (`job_stale_s`, every 15 s): none of those takes them back first.
    lost = {"heartbeat": time.time() - 2 * REAP_S}
    with session_factory(lost_stack.database)() as session:
        owner = session.scalars(select(User.id).where(User.name == "alice")).one()
        # queued again for CUDA, which no worker of this stack serves: it stays queued
        first = Job(owner_id=owner, graph={}, config={"device": "cuda"}, dataset="xor",
                    status="running", started_at=datetime.now(UTC) - timedelta(minutes=5),
                    progress=lost)  # fmt: skip
        last = Job(owner_id=owner, graph={}, config={}, dataset="xor", status="running",
                   progress={**lost, "attempt": 3})  # fmt: skip
        fresh = Job(owner_id=owner, graph={}, config={}, dataset="xor", status="running",
                    progress={"heartbeat": time.time()})  # fmt: skip
        session.add_all([first, last, fresh])
        session.commit()
        first_id, last_id, fresh_id = first.id, last.id, fresh.id
    assert get_settings().job_stale_s >= 3 * REAP_S
    reaped = reap_stale_jobs(get_settings(), stale_s=REAP_S)
    assert set(reaped) == {first_id, last_id}
    with session_factory(lost_stack.database)() as session:
        again = session.get(Job, first_id)
        assert again is not None and again.status == "queued"
        assert again.progress == {"attempt": 2, "attempts": 3}
        poison = session.get(Job, last_id)
        assert poison is not None and poison.status == "failed"
        assert poison.reason == f"{WORKER_LOST}, on 3 attempts"
        assert session.get(Job, fresh_id).status == "running"  # type: ignore[union-attr]
    log = [m["event"] for m in history(lost_stack, first_id)]
    assert log[-1]["type"] == "log" and "attempt 2 of 3" in log[-1]["message"]
    assert history(lost_stack, last_id)[-1]["event"]["type"] == "finished"
    assert run_job(last_id, "redelivered") == "skipped"  # a job runs from `queued` only
    assert run_job(fresh_id, "twice") == "skipped"


def test_a_job_whose_worker_is_killed_runs_again_on_a_new_worker(lost_stack: Stack) -> None:
    created = launch(lost_stack, epochs=EPOCHS, batch_size=1)
    job_id = created.json()["id"]
    auth = lost_stack.users["alice"]

    def epochs() -> list[int]:
        events = [m["event"] for m in history(lost_stack, job_id)]
        return [event["epoch"] for event in events if event["type"] == "epoch"]

    wait_for(lambda: len(epochs()) >= 2, 120, "two epochs")
    kill(lost_stack.worker)  # SIGKILL, the worker and its pool, mid-epoch
    time.sleep(HEARTBEAT_S + 1.5)
    assert job_id in reap_stale_jobs(get_settings(), stale_s=HEARTBEAT_S + 1)
    job = lost_stack.client.get(f"/api/jobs/{job_id}", headers=auth).json()
    assert job["status"] == "queued" and job["progress"]["attempt"] == 2
    worker = start_worker(
        dict(os.environ), lost_stack.data_dir / "worker2.log", lost_stack.redis_url
    )
    try:
        last = follow(lost_stack, job_id)[-1]["event"]
        assert (last["type"], last["status"]) == ("finished", "succeeded"), last
    finally:
        kill(worker)
    assert epochs() == list(range(1, EPOCHS + 1))  # every epoch once: no gap, no repeat
    logs = [m["event"].get("message", "") for m in history(lost_stack, job_id)]
    assert any(line.startswith("resumed from the checkpoint after epoch") for line in logs), logs
    assert not (lost_stack.data_dir / "checkpoints" / str(job_id)).exists()
    job = lost_stack.client.get(f"/api/jobs/{job_id}", headers=auth).json()
    assert job["progress"]["attempt"] == 2
    rows = lost_stack.client.get(f"/api/jobs/{job_id}/epochs", headers=auth).json()
    assert [row["epoch"] for row in rows] == list(range(1, EPOCHS + 1))


def test_a_killed_pool_process_is_taken_back_by_its_own_worker_at_once(
    lost_stack: Stack,
) -> None:
    """The OOM killer's case: the process training dies, its worker lives. Celery puts the
    message back, and the worker takes the job back once its heartbeat is silent for two
    beats, without waiting a minute for the reaper."""
    log = lost_stack.data_dir / "pool.log"
    worker = start_worker(dict(os.environ), log, lost_stack.redis_url)
    try:
        job_id = launch(lost_stack, epochs=EPOCHS, batch_size=1).json()["id"]

        def messages() -> list[str]:
            return [m["event"].get("message", "") for m in history(lost_stack, job_id)]

        wait_for(lambda: _epochs(lost_stack, job_id) >= [1, 2], 120, "two epochs")
        os.kill(pool_child(worker), signal.SIGKILL)
        killed = time.monotonic()
        # Before the reaper could take it back (the last beat, up to a beat before the kill,
        # older than `job_stale_s`): the worker itself did, as its log says below. A new pool
        # process imports torch first, which takes a while on a loaded machine.
        reaper_s = get_settings().job_stale_s - HEARTBEAT_S
        wait_for(lambda: any(m.startswith("resumed from") for m in messages()), reaper_s,
                 "the resume")  # fmt: skip
        assert time.monotonic() - killed < reaper_s  # not the reaper's minute
        last = follow(lost_stack, job_id)[-1]["event"]
        assert (last["type"], last["status"]) == ("finished", "succeeded"), last
    finally:
        kill(worker)
    assert _epochs(lost_stack, job_id) == list(range(1, EPOCHS + 1))
    assert f"{WORKER_LOST}: trying again (attempt 2 of 3)" in messages()
    assert f"job {job_id}: its run on this worker died; taking it back" in log.read_text()


def _epochs(s: Stack, job_id: int) -> list[int]:
    found = [m["event"] for m in history(s, job_id)]
    return [event["epoch"] for event in found if event["type"] == "epoch"]


def test_the_api_reaps_on_startup(lost_stack: Stack) -> None:
    with session_factory(lost_stack.database)() as session:
        owner = session.scalars(select(User.id).where(User.name == "alice")).one()
        job = Job(owner_id=owner, graph={}, config={}, dataset="xor", status="running",
                  progress={"heartbeat": time.time() - 3600, "attempt": 3})  # fmt: skip
        session.add(job)
        session.commit()
        job_id = job.id
    with TestClient(create_app()) as client:
        auth = lost_stack.users["alice"]
        wait_for(
            lambda: client.get(f"/api/jobs/{job_id}", headers=auth).json()["status"] == "failed",
            60,
            "the startup reaper",
        )


def wide_mlp(
    width: int = 1024, hidden: int = 24, features: int = 2, classes: int = 2
) -> dict[str, Any]:
    """xor_mlp made wide and deep (25M weights): its ONNX export is written and checked for
    a second or more, so the test sees it under way however fast or loaded the machine.
    With `features` and `classes`, for another table (iris: 4 and 3)."""
    shape = [features]
    nodes: list[dict[str, Any]] = [{"id": "x", "type": "Input", "params": {"shape": shape}}]
    edges, previous = [], "x"
    for i in range(hidden):
        nodes += [{"id": f"fc{i}", "type": "Linear", "params": {"out_features": width}},
                  {"id": f"tanh{i}", "type": "Tanh"}]  # fmt: skip
        edges += [{"source": previous, "target": f"fc{i}"},
                  {"source": f"fc{i}", "target": f"tanh{i}"}]  # fmt: skip
        previous = f"tanh{i}"
    nodes += [{"id": "out", "type": "Linear", "params": {"out_features": classes}},
              {"id": "loss", "type": "CrossEntropyLoss"}]  # fmt: skip
    edges += [{"source": previous, "target": "out"}, {"source": "out", "target": "loss"}]
    for y, node in enumerate(nodes):
        node["ui"] = {"x": 0, "y": 100 * y}
    return {"format": "netcanvas/graph@1", "name": "Wide XOR", "nodes": nodes, "edges": edges}


def test_exports_a_killed_run_was_writing_are_written_again_complete(lost_stack: Stack) -> None:
    """The run dies while it writes the exports that follow `finished` (ONNX, model.py, the
    bundle): its claim on them lapses within seconds, not the minutes a claim lasts before
    it is written, so the API asks the predict queue's worker, which clears the dead
    writer's temporary file and writes every export, the bundle complete."""
    log = lost_stack.data_dir / "exports.log"
    worker = start_worker(dict(os.environ), log, lost_stack.redis_url)
    try:
        # On iris, one epoch: the training takes a moment and draws no decision boundary (on
        # xor, 4,096 grid points through the 25M weights each epoch took minutes, loaded).
        graph = wide_mlp(features=4, classes=3)
        body = {"graph": graph, "dataset": "iris", "config": {"epochs": 1}}
        launched = lost_stack.client.post("/api/jobs", json=body, headers=lost_stack.users["alice"])
        assert launched.status_code == 201, launched.text
        job_id = launched.json()["id"]
        folder = lost_stack.data_dir / "artifacts" / str(job_id)

        def writing() -> bool:  # the ONNX file's temporary name: the exports have begun
            return folder.is_dir() and any(
                atomic.is_temporary(p.name) and "model.onnx" in p.name for p in folder.iterdir()
            )

        try:
            wait_for(writing, 240, "the exports to begin", every_s=0.02)
        except AssertionError:  # say where the run was, and what its worker said
            seen = [m["event"]["type"] for m in history(lost_stack, job_id)]
            raise AssertionError(f"events {seen}; worker: {log.read_text()[-3000:]}") from None
        os.kill(pool_child(worker), signal.SIGKILL)
        assert not (folder / BUNDLE).exists()
        claim = events.exporting_key(job_id)
        assert 0 < lost_stack.redis.ttl(claim) <= events.WRITING_S  # lapses soon, unrenewed
        auth = lost_stack.users["alice"]

        def exported() -> bool:
            names = lost_stack.client.get(f"/api/jobs/{job_id}/artifacts", headers=auth).json()
            return BUNDLE in names

        wait_for(exported, 180, "the exports, written again")
        # The bundle is listed a moment before the worker lets the claim go: killed in between,
        # it would keep it until it lapses (a loaded machine's run failed that way). Waited on for
        # less than the time it has left, so a claim never let go, only lapsed, still fails.
        left = lost_stack.redis.ttl(claim)  # -2 once it is gone
        wait_for(lambda: not lost_stack.redis.exists(claim), max(left - 1, 0),
                 "the exports' claim, released")  # fmt: skip
    finally:
        kill(worker)
    assert not [p.name for p in folder.iterdir() if atomic.is_temporary(p.name)]
    with zipfile.ZipFile(folder / BUNDLE) as bundle:
        assert {"model.onnx", "model.py", "model.safetensors"} <= set(bundle.namelist())
    announced = [m["event"].get("name") for m in history(lost_stack, job_id)]
    assert announced[-1] == BUNDLE and "model.onnx" in announced
    assert not lost_stack.redis.exists(claim)  # released


def test_a_run_killed_after_its_evaluation_announces_it_once(lost_stack: Stack) -> None:
    """The pool process dies after the `evaluation` event, while it writes the results
    (the wide network's 25 MB of weights; on iris, which trains it in a moment and draws no
    decision boundary): the retry resumes after the last epoch and evaluates again, and the
    stream, which the page reads the first evaluation of, still has one."""
    log = lost_stack.data_dir / "evaluated.log"
    worker = start_worker(dict(os.environ), log, lost_stack.redis_url)
    r = lost_stack.redis
    try:
        graph = wide_mlp(width=512, features=4, classes=3)
        body = {"graph": graph, "dataset": "iris", "config": {"epochs": 1}}
        launched = lost_stack.client.post("/api/jobs", json=body, headers=lost_stack.users["alice"])
        assert launched.status_code == 201, launched.text
        job_id = launched.json()["id"]

        def kinds() -> list[str]:
            return [event["type"] for _, event in events.history(r, job_id)]

        def evaluated() -> bool:
            return any(event["type"] == "evaluation" for _, event in events.tail(r, job_id, 5))

        try:
            wait_for(evaluated, 240, "the evaluation", every_s=0.01)
        except AssertionError:
            raise AssertionError(f"events {kinds()}; worker: {log.read_text()[-3000:]}") from None
        os.kill(pool_child(worker), signal.SIGKILL)
        assert "finished" not in kinds(), "the run ended before it was killed"
        last = follow(lost_stack, job_id)[-1]["event"]
        assert (last["type"], last["status"]) == ("finished", "succeeded"), last
    finally:
        kill(worker)
    seen = [m["event"] for m in history(lost_stack, job_id)]
    messages = [event.get("message", "") for event in seen]
    resumed = "resumed from the checkpoint after epoch 1"
    assert any(m.startswith(resumed) for m in messages), messages
    assert f"job {job_id}: its run on this worker died; taking it back" in log.read_text()
    assert [event["type"] for event in seen].count("evaluation") == 1
    assert kinds().count("evaluation") == 1  # the stream itself, not only the replay
    job = lost_stack.client.get(f"/api/jobs/{job_id}", headers=lost_stack.users["alice"]).json()
    assert job["progress"]["attempt"] == 2


def test_a_prediction_with_no_live_worker_fails_at_once_and_sends_nothing(
    lost_stack: Stack,
) -> None:
    """Every worker of the predict queue killed (SIGKILL: its announcement stays for up to
    half a minute): try-it answers 503 `job.no_predict_worker` after a ping goes unanswered,
    not the 60 s wait for an answer, in the request's language, and leaves no message in
    the queue for a worker that starts later. (Kills this stack's own worker: at the end.)"""
    worker = start_worker(dict(os.environ), lost_stack.data_dir / "predict.log",
                          lost_stack.redis_url, alone=False)  # fmt: skip
    auth = lost_stack.users["alice"]
    try:
        job_id = launch(lost_stack, epochs=1).json()["id"]
        assert follow(lost_stack, job_id)[-1]["event"]["status"] == "succeeded"
        url = f"/api/jobs/{job_id}/predict"
        answered = lost_stack.client.post(url, json={"input": [1.0, -1.0]}, headers=auth)
        assert answered.status_code == 200, answered.text  # a live worker answers
    finally:
        kill(worker)
        kill(lost_stack.worker)
    assert any(w for w in heartbeat.alive(lost_stack.redis) if "predict" in w["queues"])
    time.sleep(TRUST_S)  # the live worker's answer is no longer taken on trust: asked afresh
    asked = time.monotonic()
    refused = lost_stack.client.post(
        url, json={"input": [1.0, -1.0]}, headers={**auth, "Accept-Language": "ja"}
    )
    assert time.monotonic() - asked < PREDICT_TIMEOUT_S / 2
    assert refused.status_code == 503, refused.text
    detail = refused.json()["detail"]
    assert detail["code"] == "job.no_predict_worker"
    assert "ワーカーが今は動いていません" in detail["message"]
    assert lost_stack.redis.llen("predict") == 0  # nothing sent to run later


def test_a_predict_worker_killed_while_a_request_waits_ends_the_wait_at_once(
    lost_stack: Stack,
) -> None:
    """The worker takes the task (its pool process stopped, so it never answers) and is
    killed: the wait's own check, every `WATCH_S`, answers 503 `job.no_predict_worker`
    within seconds, not after the 60 s wait for an answer. (Kills this stack's own worker.)"""
    kill(lost_stack.worker)  # the worker below is the predict queue's only one
    worker = start_worker(dict(os.environ), lost_stack.data_dir / "waited.log",
                          lost_stack.redis_url, alone=False)  # fmt: skip
    auth, r = lost_stack.users["alice"], lost_stack.redis

    def predicting() -> bool:  # a predict task delivered to the worker, not yet acknowledged
        return any(PREDICT in message for message in r.hvals("unacked"))

    try:
        job_id = launch(lost_stack, epochs=1).json()["id"]
        assert follow(lost_stack, job_id)[-1]["event"]["status"] == "succeeded"
        url, body = f"/api/jobs/{job_id}/predict", {"input": [1.0, -1.0]}
        answered = lost_stack.client.post(url, json=body, headers=auth)
        assert answered.status_code == 200, answered.text  # the run and this task are done
        wait_for(lambda: not predicting(), 60, "the answered task's acknowledgement")
        os.kill(pool_child(worker), signal.SIGSTOP)
        with ThreadPoolExecutor(1) as pool:
            asked = pool.submit(lost_stack.client.post, url, json=body, headers=auth)
            wait_for(predicting, 30, "the worker to take the task")
            kill(worker)
            killed = time.monotonic()
            answer = asked.result(timeout=PREDICT_TIMEOUT_S)
        # the wait's own check (every WATCH_S, a ping of PING_S) ended it, not the 60 s wait
        # for an answer: with room for a loaded machine, as the test above allows
        assert time.monotonic() - killed < PREDICT_TIMEOUT_S / 2
    finally:
        kill(worker)
    assert answer.status_code == 503, answer.text
    assert answer.json()["detail"]["code"] == "job.no_predict_worker"
