"""Redis gone between a check and the send: the request answers 503 `job.queue_down` within
seconds, not a 500 after the result backend's 20 s of reconnects (`backend.queue.send`,
`backend.localise`), and keeps what was saved. A websocket whose Redis goes away closes
with 4503 and the reason `job.queue_down`, no unhandled exception in the log.

A Redis of the test's own (`backend.serve.start_redis`), killed at the moment that matters."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient
from kombu.exceptions import OperationalError
from starlette.websockets import WebSocketDisconnect

from backend import events, trained
from backend.db.models import Job, User
from backend.db.session import session_factory
from backend.queue import PREDICT, send
from backend.serve import start_redis
from netcanvas import samples
from netcanvas.artifacts import WEIGHTS
from tests.service.conftest import add_user, app_client

PROMPT_S = 10  # "within seconds": well under the 20 s of Celery's default reconnects


@dataclass
class Gap:
    client: TestClient
    database: str
    data_dir: Path
    alice: dict[str, str]
    redis: subprocess.Popen[bytes]
    url: str

    def kill_redis(self) -> None:
        os.killpg(self.redis.pid, signal.SIGKILL)
        self.redis.wait()


@pytest.fixture
def gap(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Gap]:
    """The service on a Redis of its own, alive until the test kills it."""
    process, url = start_redis(tmp_path / "redis")
    request.param = "sqlite"
    try:
        with app_client(request, tmp_path, monkeypatch, {"REDIS_URL": url}) as (client, database):
            alice = add_user(database, "alice")
            yield Gap(client, database, tmp_path / "data", alice, process, url)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def add_job(gap: Gap, status: str) -> int:
    """A job of alice's; a succeeded one with (stand-in) weights."""
    with session_factory(gap.database)() as session:
        token = gap.alice["Authorization"].removeprefix("Bearer ")
        owner = session.query(User).filter(User.token == token).one()
        job = Job(owner_id=owner.id, graph=samples.load("xor_mlp"), config={}, dataset="xor",
                  status=status)  # fmt: skip
        session.add(job)
        session.commit()
        folder = gap.data_dir / "artifacts" / str(job.id)
        folder.mkdir(parents=True)
        (folder / WEIGHTS).write_bytes(b"stand-in")
        return job.id


@pytest.mark.parametrize("sent_before", [False, True], ids=["first-send", "later-send"])
def test_a_send_to_a_redis_that_died_raises_the_queue_error_within_seconds(
    tmp_path: Path, sent_before: bool
) -> None:
    process, url = start_redis(tmp_path / "redis")
    # Written and fsynced before the reply: a kill right after a send keeps it, even when a
    # busy disk makes `everysec` postpone the write.
    redis.Redis.from_url(url).config_set("appendfsync", "always")
    try:
        if sent_before:  # the result backend already listens on Redis
            send(url, PREDICT, [0], queue="predict", expires=1)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    started = time.monotonic()
    with pytest.raises(OperationalError):
        send(url, PREDICT, [0], queue="predict", expires=1)
    assert time.monotonic() - started < PROMPT_S
    process, url = start_redis(tmp_path / "redis", int(url.split(":")[-1].split("/")[0]))
    try:  # Redis back: the same app sends again
        send(url, PREDICT, [0], queue="predict", expires=1)
        assert redis.Redis.from_url(url).llen("predict") == 1 + sent_before
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_a_prediction_trusted_to_a_worker_when_redis_died_is_a_503_within_seconds(
    gap: Gap,
) -> None:
    job_id = add_job(gap, "succeeded")
    gap.kill_redis()
    trained.trust(gap.url).record(True, time.monotonic())  # a worker answered a moment ago
    started = time.monotonic()
    answer = gap.client.post(
        f"/api/jobs/{job_id}/predict", json={"input": [1.0, 1.0]},
        headers={**gap.alice, "Accept-Language": "ja"},
    )  # fmt: skip
    assert time.monotonic() - started < PROMPT_S
    assert answer.status_code == 503, answer.text
    assert answer.json()["detail"]["code"] == "job.queue_down"
    assert "ジョブキューに接続できない" in answer.json()["detail"]["message"]
    assert gap.url.split(":")[-1].split("/")[0] not in answer.text  # Redis's port: in the log


def test_a_cancel_while_redis_is_down_is_a_503_and_leaves_the_job_as_it_was(gap: Gap) -> None:
    job_id = add_job(gap, "queued")
    gap.kill_redis()
    answer = gap.client.post(f"/api/jobs/{job_id}/cancel", headers=gap.alice)
    assert answer.status_code == 503, answer.text
    assert answer.json()["detail"]["code"] == "job.queue_down"
    job = gap.client.get(f"/api/jobs/{job_id}", headers=gap.alice).json()
    assert job["status"] == "queued" and not job["cancel_requested"]


@pytest.mark.parametrize("when", ["before", "while"])
def test_a_websocket_whose_redis_goes_away_closes_with_4503_naming_job_queue_down(
    gap: Gap, when: str, caplog: pytest.LogCaptureFixture
) -> None:
    job_id = add_job(gap, "running")
    events.append(events.client(gap.url), job_id, {"type": "log", "message": "hello"})
    if when == "before":  # its replay finds Redis gone
        gap.kill_redis()
    url = f"/api/jobs/{job_id}/events"
    with gap.client.websocket_connect(url, headers=gap.alice) as socket:
        if when == "while":  # the live feed finds it gone
            assert socket.receive_json()["event"]["message"] == "hello"
            gap.kill_redis()
        started = time.monotonic()
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_json()
    assert time.monotonic() - started < PROMPT_S
    assert (closed.value.code, closed.value.reason) == (4503, "job.queue_down")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    said = [r.getMessage() for r in caplog.records if r.name == "backend.localise"]
    assert any("the job queue is not reachable" in line for line in said), said
