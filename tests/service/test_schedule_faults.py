"""The scheduler when a send fails: only the job whose send failed is affected
(`scheduler.SendFailed` names it), and a mark that could not be taken back (the database
away too) expires, so the job is sent again without a restart (`resend_after_s`); a mark
whose message still waits in its queue is renewed instead, and the queue keeps one
message for the job; a message Redis lost is sent again.

A Redis of the test's own behind a relay the test cuts (`tests.service.test_redis_blip`),
and for the database's outage PostgreSQL behind another: real servers, real connections
dropped, as in a network blip."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient
from kombu.exceptions import OperationalError

from backend import scheduler
from backend.db.models import Job
from backend.db.session import engine_for
from backend.heartbeat import announce
from backend.serve import start_redis
from backend.settings import Settings, get_settings
from netcanvas import samples
from tests.service.conftest import add_user, app_client, postgres_database
from tests.service.rows import job_row, queued_xor_job
from tests.service.stack import wait_for
from tests.service.test_redis_blip import Relay


@dataclass
class Faults:
    client: TestClient
    database: str
    relay: Relay  # to Redis
    direct: redis.Redis  # the same Redis, not through the relay
    alice: dict[str, str]
    bob: dict[str, str]
    db_relay: Relay | None = None  # to PostgreSQL, when the test asks for it


@contextmanager
def serving(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    database: str | None = None,
) -> Iterator[Faults]:
    """The service on a Redis of its own through a relay, one worker serving `cpu`; on
    SQLite, or on `database` as the service reaches it (`env`'s `DATABASE_URL`)."""
    process, url = start_redis(tmp_path / "redis")
    relay = Relay(int(url.split(":")[-1].split("/")[0]))
    request.param = "sqlite"
    env = {"REDIS_URL": f"redis://127.0.0.1:{relay.port}/0", **env}
    try:
        with app_client(request, tmp_path, monkeypatch, env) as (client, sqlite):
            database = database or sqlite
            direct = redis.Redis.from_url(url)
            announce(direct, "faults-worker", ["cpu"], cuda=False)
            alice, bob = add_user(database, "alice"), add_user(database, "bob")
            yield Faults(client, database, relay, direct, alice, bob)
    finally:
        relay.close()
        process.kill()
        process.wait()


@pytest.fixture
def faults(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Faults]:
    """On SQLite; no scheduling or reaping pass but the API's first ones, over before the
    test begins (`app_client`; on a loaded machine a late one would make the send, and cut
    the relay, that the test means its own pass to make), and those the test makes."""
    env = {"NETCANVAS_SCHEDULE_INTERVAL_S": "3600", "NETCANVAS_REAPER_INTERVAL_S": "3600"}
    with serving(request, tmp_path, monkeypatch, env) as found:
        yield found


@pytest.fixture
def down_db(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Faults]:
    """On a fresh PostgreSQL database that the service reaches through a relay of its own
    (the test's reads go direct); a pass every 0.2 s, and a mark 1 s old expires."""
    with postgres_database() as url:
        db_relay = Relay(5432)
        env = {"DATABASE_URL": url.replace(":5432/", f":{db_relay.port}/"),
               "NETCANVAS_SCHEDULE_INTERVAL_S": "0.2", "NETCANVAS_RESEND_AFTER_S": "1"}  # fmt: skip
        try:
            with serving(request, tmp_path, monkeypatch, env, url) as found:
                found.db_relay = db_relay
                yield found
        finally:
            db_relay.close()
            engine_for(env["DATABASE_URL"]).dispose()


@pytest.fixture
def quick(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Faults]:
    """On SQLite, a pass every 0.2 s, and a mark 1 s old expires unless its message is in
    Redis; the announced worker never takes a message (busy with long jobs)."""
    env = {"NETCANVAS_SCHEDULE_INTERVAL_S": "0.2", "NETCANVAS_RESEND_AFTER_S": "1"}
    with serving(request, tmp_path, monkeypatch, env) as found:
        yield found


def add_job(f: Faults, who: dict[str, str], **config: str) -> int:
    return queued_xor_job(f.database, who["Authorization"].removeprefix("Bearer "), config)


def row(f: Faults, job_id: int) -> Job:
    return job_row(f.database, job_id)


def fail_a_send(f: Faults, monkeypatch: pytest.MonkeyPatch, job_id: int | None = None) -> list[int]:
    """The send of job `job_id` (the first send, without one) finds Redis out of reach;
    Redis answers again right after. The ids whose send failed."""
    failed: list[int] = []
    real_dispatch = scheduler.dispatch

    def dispatch(settings: Settings, sent: int, queue: str) -> None:
        if failed or (job_id is not None and sent != job_id):
            return real_dispatch(settings, sent, queue)
        f.relay.cut()
        try:
            real_dispatch(settings, sent, queue)
        except OperationalError:
            failed.append(sent)
            raise
        finally:
            f.relay.mend()

    monkeypatch.setattr(scheduler, "dispatch", dispatch)
    return failed


def launch(f: Faults) -> tuple[int, dict[str, object]]:
    body = {"graph": samples.load("xor_mlp"), "dataset": "xor", "config": {"device": "cpu"}}
    answer = f.client.post("/api/jobs", json=body, headers=f.alice)
    return answer.status_code, answer.json()


def test_a_launch_whose_pass_failed_on_anothers_send_stays_queued_and_goes_next(
    faults: Faults, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = faults
    bobs = add_job(f, f.bob, device="cuda")  # waits: no worker serves `gpu` yet
    assert scheduler.schedule(get_settings()) == []
    announce(f.direct, "faults-gpu", ["gpu"], cuda=True)
    failed = fail_a_send(f, monkeypatch, bobs)
    status, job = launch(f)  # its pass sends Bob's older job first, which fails
    assert failed == [bobs]
    assert status == 201, job
    assert (job["status"], job["reason"]) == ("queued", "")
    alices = int(str(job["id"]))
    assert (row(f, alices).status, row(f, alices).dispatched_to) == ("queued", None)
    assert (row(f, bobs).status, row(f, bobs).dispatched_to) == ("queued", None)
    assert scheduler.schedule(get_settings()) == [bobs, alices]  # the next pass
    assert (f.direct.llen("gpu"), f.direct.llen("cpu")) == (1, 1)


def test_a_launch_whose_own_send_failed_is_a_503_and_fails(
    faults: Faults, monkeypatch: pytest.MonkeyPatch
) -> None:
    failed = fail_a_send(faults, monkeypatch)
    status, answer = launch(faults)
    assert status == 503, answer
    assert answer["detail"]["code"] == "job.queue_down"  # type: ignore[index]
    (job_id,) = failed
    job = row(faults, job_id)
    assert (job.status, job.dispatched_to) == ("failed", None)
    assert job.reason.startswith("the job queue is not reachable")


def test_a_mark_kept_through_a_failed_send_with_the_database_away_expires_and_goes_again(
    down_db: Faults, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = down_db
    assert f.db_relay is not None
    run_id = f.direct.info("server")["run_id"]
    failed = fail_a_send(f, monkeypatch)
    kept: list[str | None] = []
    real_unmark, real_dispatch = scheduler._unmark, scheduler.dispatch

    def dispatch(settings: Settings, job_id: int, queue: str) -> None:
        if not failed:
            f.db_relay.cut()  # type: ignore[union-attr]  # the database goes too
        real_dispatch(settings, job_id, queue)

    def unmark(settings: Settings, job_ids: list[int]) -> None:
        try:
            real_unmark(settings, job_ids)
        finally:
            f.db_relay.mend()  # type: ignore[union-attr]
            kept.append(row(f, job_ids[0]).dispatched_to)

    monkeypatch.setattr(scheduler, "dispatch", dispatch)
    monkeypatch.setattr(scheduler, "_unmark", unmark)
    job_id = add_job(f, f.alice)  # the scheduler's loop sends it
    wait_for(lambda: kept, 30, "the failed send and its unmarking")
    assert (failed, kept) == ([job_id], ["cpu"])  # the database kept the mark
    assert f.direct.llen("cpu") == 0
    wait_for(lambda: f.direct.llen("cpu"), 30, "the job sent again")
    assert f.direct.llen("cpu") == 1
    job = row(f, job_id)
    assert (job.status, job.dispatched_to) == ("queued", "cpu")
    assert f.direct.info("server")["run_id"] == run_id  # Redis never restarted


def sent(f: Faults, job_id: int) -> datetime:
    """Wait for the scheduler's loop to send the job (again); when it did."""
    return wait_for(lambda: row(f, job_id).dispatched_at, 30, "the job sent")  # type: ignore[no-any-return]


def renewed_twice(f: Faults, job_id: int, since: datetime) -> bool:
    """Whether the job's mark was renewed twice or more since `since` (each renewal comes
    over `resend_after_s`, 1 s, after the one before), the job still queued."""
    job = row(f, job_id)
    assert job.status == "queued" and job.dispatched_at is not None
    return job.dispatched_at >= since + timedelta(seconds=2)


def test_a_job_whose_message_waits_for_a_busy_worker_has_one_message_in_its_queue(
    quick: Faults,
) -> None:
    f = quick
    job_id = add_job(f, f.alice)  # the scheduler's loop sends it
    first = sent(f, job_id)
    wait_for(lambda: renewed_twice(f, job_id, first), 60, "the job's mark renewed, twice")
    assert f.direct.llen("cpu") == 1  # not one more a second
    assert row(f, job_id).dispatched_to == "cpu"


def test_a_message_redis_lost_is_sent_again_once(quick: Faults) -> None:
    f = quick
    job_id = add_job(f, f.alice)
    wait_for(lambda: f.direct.llen("cpu"), 30, "the job sent")
    announce(f.direct, "faults-worker", ["cpu"], cuda=False)  # alive for 30 s more
    f.direct.delete("cpu")  # as a Redis that lost its queue without a restart
    wait_for(lambda: f.direct.llen("cpu"), 30, "the job sent again")
    again = sent(f, job_id)
    wait_for(lambda: renewed_twice(f, job_id, again), 60, "the new mark renewed, twice")
    assert f.direct.llen("cpu") == 1
    assert row(f, job_id).dispatched_to == "cpu"
