"""Redis out of reach for a moment, not restarted (its `run_id` stays): a job whose send
failed is sent again by the scheduler's next pass once Redis answers, and once only
(`backend.scheduler._unmark`); the scheduler's loop goes on after the failed send.

A Redis of the test's own behind a relay the test cuts: every connection through it is
closed and new ones are dropped, as in a network blip, while Redis itself runs on."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient
from kombu.exceptions import OperationalError

from backend import scheduler
from backend.db.models import Job, User
from backend.db.session import session_factory
from backend.heartbeat import announce
from backend.serve import start_redis
from backend.settings import Settings, get_settings
from netcanvas import samples
from tests.service.conftest import add_user, app_client
from tests.service.stack import wait_for
from tests.serving import free_port


class Relay:
    """A TCP relay to a local port: `cut()` closes every connection through it and drops
    new ones until `mend()`."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.server = socket.create_server(("127.0.0.1", free_port()))
        self.port = self.server.getsockname()[1]
        self.up = True
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return  # closed
            with self.lock:
                if not self.up:
                    client.close()
                    continue
                upstream = socket.create_connection(("127.0.0.1", self.target))
                self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()

    def cut(self) -> None:
        with self.lock:
            self.up = False
            for sock in self.sockets:
                _close(sock)
            self.sockets = []

    def mend(self) -> None:
        with self.lock:
            self.up = True

    def close(self) -> None:
        self.cut()
        self.server.close()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        _close(source)
        _close(sink)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


@dataclass
class Blip:
    client: TestClient
    database: str
    relay: Relay
    direct: redis.Redis  # the same Redis, not through the relay
    alice: dict[str, str]


@pytest.fixture
def interval() -> str:
    """The scheduler's loop: a pass every 0.2 s."""
    return "0.2"


@pytest.fixture
def blip(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interval: str
) -> Iterator[Blip]:
    """The service on a Redis of its own, through a relay; one worker serving `cpu`."""
    process, url = start_redis(tmp_path / "redis")
    relay = Relay(int(url.split(":")[-1].split("/")[0]))
    request.param = "sqlite"
    env = {"REDIS_URL": f"redis://127.0.0.1:{relay.port}/0",
           "NETCANVAS_SCHEDULE_INTERVAL_S": interval}  # fmt: skip
    try:
        with app_client(request, tmp_path, monkeypatch, env) as (client, database):
            direct = redis.Redis.from_url(url)
            announce(direct, "blip-worker", ["cpu"], cuda=False)
            yield Blip(client, database, relay, direct, add_user(database, "alice"))
    finally:
        relay.close()
        process.kill()
        process.wait()


def add_job(blip: Blip, status: str) -> int:
    token = blip.alice["Authorization"].removeprefix("Bearer ")
    with session_factory(blip.database)() as session:
        owner = session.query(User).filter(User.token == token).one()
        job = Job(owner_id=owner.id, graph=samples.load("xor_mlp"), config={}, dataset="xor",
                  status=status)  # fmt: skip
        session.add(job)
        session.commit()
        return job.id


def row(blip: Blip, job_id: int) -> Job:
    with session_factory(blip.database)() as session:
        found = session.get(Job, job_id)
        assert found is not None
        session.expunge(found)
        return found


def first_send_in_a_blip(blip: Blip, monkeypatch: pytest.MonkeyPatch) -> list[Exception]:
    """The scheduler's first send finds Redis out of reach (after it marked the job sent);
    Redis answers again right after. The failures, as they come."""
    failures: list[Exception] = []
    real_dispatch = scheduler.dispatch

    def dispatch(settings: Settings, job_id: int, queue: str) -> None:
        if failures:
            return real_dispatch(settings, job_id, queue)
        blip.relay.cut()
        try:
            real_dispatch(settings, job_id, queue)
        except OperationalError as error:
            failures.append(error)
            raise
        finally:
            blip.relay.mend()

    monkeypatch.setattr(scheduler, "dispatch", dispatch)
    return failures


def test_a_job_whose_send_failed_in_a_blip_is_sent_once_when_redis_answers(
    blip: Blip, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_id = blip.direct.info("server")["run_id"]
    failures = first_send_in_a_blip(blip, monkeypatch)
    job_id = add_job(blip, "queued")  # the scheduler's loop sends it
    wait_for(lambda: bool(failures), 30, "the scheduler's send in the blip")
    wait_for(lambda: blip.direct.llen("cpu"), 30, "the job sent again")
    assert blip.direct.llen("cpu") == 1  # the one message of the send that went through
    assert row(blip, job_id).dispatched_to == "cpu"
    assert blip.direct.info("server")["run_id"] == run_id  # Redis never restarted
    assert row(blip, job_id).status == "queued"  # no worker here takes it


@pytest.mark.parametrize("interval", ["3600"])  # no pass of the loop but the first
def test_a_resume_whose_send_failed_is_saved_and_sent_by_the_next_pass(
    blip: Blip, monkeypatch: pytest.MonkeyPatch
) -> None:
    failures = first_send_in_a_blip(blip, monkeypatch)
    job_id = add_job(blip, "paused")
    answer = blip.client.post(f"/api/jobs/{job_id}/resume", headers=blip.alice)
    assert failures and answer.status_code == 200, answer.text
    assert answer.json()["status"] == "queued"
    assert (row(blip, job_id).status, row(blip, job_id).dispatched_to) == ("queued", None)
    assert blip.direct.llen("cpu") == 0
    assert scheduler.schedule(get_settings()) == [job_id]  # the loop's next pass
    assert blip.direct.llen("cpu") == 1


def test_pausing_a_queued_job_while_redis_is_out_of_reach_leaves_it_queued(blip: Blip) -> None:
    job_id = add_job(blip, "queued")
    blip.relay.cut()
    answer = blip.client.post(f"/api/jobs/{job_id}/pause", headers=blip.alice)
    assert answer.status_code == 503, answer.text
    assert answer.json()["detail"]["code"] == "job.queue_down"
    assert row(blip, job_id).status == "queued"
