"""A job's log lines (retry, resume, pause) come in the reader's language: each carries its
message code, and the history route and the websocket word it by Accept-Language."""

from __future__ import annotations

import redis
from sqlalchemy import select

from backend import events
from backend.db.models import Job, User
from backend.db.session import session_factory
from backend.settings import get_settings
from netcanvas.events import LogEvent
from tests.service.conftest import Service


def test_a_coded_log_line_is_served_in_the_readers_language(service: Service) -> None:
    job_id = _alices_job(service, "failed")
    r: redis.Redis = events.client(get_settings().broker)
    events.delete(r, job_id)
    events.append(r, job_id, LogEvent.of("log.retry", attempt=2, attempts=3).wire())
    events.append(r, job_id, LogEvent(message="a line without a code").wire())
    try:
        url = f"/api/jobs/{job_id}/events"
        english = service.client.get(url, headers=service.alice).json()
        japanese = service.client.get(url, headers={**service.alice, "Accept-Language": "ja"})
        assert english[0]["event"]["message"] == (
            "the worker stopped during training: trying again (attempt 2 of 3)"
        )
        assert japanese.json()[0]["event"]["message"] == (
            "学習中にワーカーが止まりました: もう一度試します（3 回中 2 回目）"
        )
        assert japanese.json()[0]["event"]["code"] == "log.retry"
        assert japanese.json()[1]["event"]["message"] == "a line without a code"
        socket_url = f"{url}?after=0-0"
        headers = {**service.alice, "Accept-Language": "ja"}
        with service.client.websocket_connect(socket_url, headers=headers) as socket:
            first = socket.receive_json()
        assert first["event"]["message"].startswith("学習中にワーカーが止まりました")
        with service.client.websocket_connect(f"{url}?lang=ja", headers=service.alice) as socket:
            chosen = socket.receive_json()  # the UI's language, as the editor asks for it
        assert chosen["event"]["message"].startswith("学習中にワーカーが止まりました")
    finally:
        events.delete(r, job_id)


def test_the_log_lines_alone_with_their_stream_ids_in_another_language(service: Service) -> None:
    """`type=log` keeps the log lines only, with the ids they have among all the events: what
    the job page asks after a language switch, to word its lines again in place."""
    job_id = _alices_job(service, "running")
    r: redis.Redis = events.client(get_settings().broker)
    events.delete(r, job_id)
    events.append(r, job_id, LogEvent.of("log.threads", threads=2, cores=4, slots=2).wire())
    events.append(r, job_id, {"type": "progress", "epoch": 1, "epochs": 3})
    events.append(r, job_id, LogEvent.of("log.paused", epoch=1).wire())
    try:
        url = f"/api/jobs/{job_id}/events"
        every = service.client.get(url, headers=service.alice).json()
        ja = {**service.alice, "Accept-Language": "ja"}
        logs = service.client.get(url, params={"type": "log"}, headers=ja)
        assert logs.status_code == 200
        assert [e["id"] for e in logs.json()] == [
            e["id"] for e in every if e["event"]["type"] == "log"
        ]
        assert [e["event"]["message"] for e in logs.json()] == [
            "CPU スレッド 2 本で学習します: このワーカーの 4 コアを 2 スロットで分けています",
            "エポック 1 の後で一時停止しました",
        ]
        both = service.client.get(f"{url}?type=log&type=progress", headers=service.alice)
        assert [e["event"]["type"] for e in both.json()] == ["log", "progress", "log"]
        after = service.client.get(url, params={"type": "log", "after": every[0]["id"]}, headers=ja)
        assert [e["event"]["message"] for e in after.json()] == [
            "エポック 1 の後で一時停止しました"
        ]
        wrong = service.client.get(url, params={"type": "logs"}, headers=service.alice)
        assert wrong.status_code == 422
        assert "type" in wrong.text
    finally:
        events.delete(r, job_id)


def _alices_job(service: Service, status: str) -> int:
    """A job row of alice's with no run behind it, its events written by the test."""
    token = service.alice["Authorization"].removeprefix("Bearer ")
    with session_factory(service.database)() as session:
        owner = session.scalars(select(User.id).where(User.token == token)).one()
        job = Job(owner_id=owner, graph={}, config={}, dataset="xor", status=status)
        session.add(job)
        session.commit()
        return job.id
