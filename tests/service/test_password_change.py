"""One-time passwords (`users.must_change_password`): a password a teacher or an admin handed
out (a new account, a reset) closes every route but `/api/auth/*` and health, and the job
websocket, until its owner changes it; resetting a password follows who manages whom.
SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.accounts import add_user
from backend.db.models import Job, User
from backend.db.session import session_factory
from tests.service.conftest import app_client, forget_failed_sign_ins
from tests.service.test_accounts import websocket_refusal

PASSWORD = "correct horse battery"
NEW = "a password of my own"
OPEN_PREFIXES = ("/api/auth/", "/api/health")


@dataclass
class School:
    client: TestClient
    database: str
    teacher: dict[str, str]  # request headers of a signed-in teacher
    admin: dict[str, str]

    def ids(self) -> dict[str, int]:
        with session_factory(self.database)() as session:
            return {user.name: user.id for user in session.scalars(select(User))}


@pytest.fixture(params=["sqlite", "postgresql"])
def school(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[School]:
    """A server with accounts, a teacher `sensei`, a second teacher `tanaka` and an admin `root`."""
    with app_client(request, tmp_path, monkeypatch, {"NETCANVAS_AUTH": "accounts"}) as (
        client,
        database,
    ):
        forget_failed_sign_ins()
        with session_factory(database)() as session:
            for name, role in (("sensei", "teacher"), ("tanaka", "teacher"), ("root", "admin")):
                if session.scalar(select(User).where(User.name == name)) is None:
                    add_user(session, name, PASSWORD, role)
        teacher, admin = bearer(client, "sensei", PASSWORD), bearer(client, "root", PASSWORD)
        yield School(client, database, teacher, admin)


def bearer(client: TestClient, name: str, password: str) -> dict[str, str]:
    """Sign in; the headers that act in that session (no cookie: no CSRF token needed)."""
    answer = client.post("/api/auth/login", json={"username": name, "password": password})
    assert answer.status_code == 200, answer.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def add_student(school: School, name: str) -> str:
    """A student added by the teacher, as the browser adds one; their one-time password."""
    added = school.client.post("/api/users", json={"users": [{"name": name}]},
                               headers=school.teacher)  # fmt: skip
    assert added.status_code == 201, added.text
    password: str = added.json()[0]["password"]
    return password


def routes(client: TestClient) -> list[tuple[str, str]]:
    """Every operation of the OpenAPI document, its path parameters set to 1."""
    document = client.get("/openapi.json").json()
    found = []
    for path, operations in document["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        found += [(method.upper(), concrete) for method in operations if method != "parameters"]
    return found


def change(client: TestClient, headers: dict[str, str], current: str, new: str) -> Any:
    return client.post("/api/auth/password", json={"current": current, "new": new},
                       headers=headers)  # fmt: skip


def a_job_of(database: str, name: str) -> int:
    with session_factory(database)() as session:
        owner = session.scalars(select(User).where(User.name == name)).one()
        job = Job(owner_id=owner.id, graph={}, config={}, dataset="xor", status="failed",
                  reason="a test row")  # fmt: skip
        session.add(job)
        session.commit()
        return job.id


def test_a_one_time_password_closes_every_route_but_auth_and_health(school: School) -> None:
    client = school.client
    once = add_student(school, "hana")
    hana = bearer(client, "hana", once)
    me = client.get("/api/auth/me", headers=hana).json()
    assert me["user"]["must_change_password"] is True
    walked = 0
    for method, path in routes(client):
        if path.startswith(OPEN_PREFIXES):
            continue
        answer = client.request(method, path, json={}, headers=hana)
        assert answer.status_code == 403, f"{method} {path}: {answer.status_code} {answer.text}"
        assert answer.json()["detail"]["code"] == "auth.must_change_password", path
        walked += 1
    assert walked > 30
    japanese = client.get("/api/projects", headers={**hana, "Accept-Language": "ja"})
    assert "ワンタイムパスワード" in japanese.json()["detail"]["message"]
    assert client.get("/api/health").status_code != 403
    job = a_job_of(school.database, "hana")
    assert websocket_refusal(client, f"/api/jobs/{job}/events", hana) == 4404

    assert change(client, hana, once, NEW).status_code == 204
    assert client.get("/api/auth/me", headers=hana).json()["user"]["must_change_password"] is False
    assert client.get("/api/projects", headers=hana).status_code == 200
    assert websocket_refusal(client, f"/api/jobs/{job}/events", hana) is None  # it replays
    listed = {row["name"]: row for row in client.get("/api/users", headers=school.teacher).json()}
    assert listed["hana"]["must_change_password"] is False


def test_signing_out_still_works_while_the_password_must_change(school: School) -> None:
    client = school.client
    hana = bearer(client, "hana2", add_student(school, "hana2"))
    assert client.post("/api/auth/logout", headers=hana).status_code == 204
    assert client.get("/api/auth/me", headers=hana).status_code == 401


def test_the_same_password_again_is_no_change(school: School) -> None:
    client = school.client
    once = add_student(school, "kenji")
    kenji = bearer(client, "kenji", once)
    same = change(client, kenji, once, once)
    assert same.status_code == 422 and same.json()["detail"]["code"] == "account.same_password"
    wrong = change(client, kenji, "not the password", once)  # a wrong current one comes first
    assert wrong.status_code == 403 and wrong.json()["detail"]["code"] == "auth.wrong_password"
    ja = change(client, {**kenji, "Accept-Language": "ja"}, once, once)
    assert "現在のパスワードと別" in ja.json()["detail"]["message"]
    assert client.get("/api/projects", headers=kenji).status_code == 403  # still to change
    assert client.get("/api/auth/me", headers=kenji).json()["user"]["must_change_password"]


def test_new_accounts_from_the_browser_are_listed_as_to_change(school: School) -> None:
    add_student(school, "mei")
    rows = school.client.get("/api/users", headers=school.admin).json()
    listed = {row["name"]: row for row in rows}
    assert listed["mei"]["must_change_password"] is True
    assert listed["sensei"]["must_change_password"] is False  # a password of their own


def reset(school: School, user_id: int | str, headers: dict[str, str]) -> Any:
    return school.client.post(f"/api/users/{user_id}/password", headers=headers)


def test_a_teacher_resets_a_students_password_and_their_sessions_end(school: School) -> None:
    client = school.client
    once = add_student(school, "yuki")
    yuki = bearer(client, "yuki", once)
    assert change(client, yuki, once, NEW).status_code == 204
    other = bearer(client, "yuki", NEW)
    answered = reset(school, school.ids()["yuki"], school.teacher)
    assert answered.status_code == 200, answered.text
    body = answered.json()
    assert body["name"] == "yuki" and body["role"] == "student" and len(body["password"]) == 12
    for signed_in in (yuki, other):  # every session of theirs has ended
        assert client.get("/api/auth/me", headers=signed_in).status_code == 401
    refused = client.post("/api/auth/login", json={"username": "yuki", "password": NEW})
    assert refused.status_code == 401  # the old password is gone
    fresh = bearer(client, "yuki", body["password"])
    assert client.get("/api/projects", headers=fresh).json()["detail"]["code"] == (
        "auth.must_change_password"
    )
    assert client.get("/api/auth/me", headers=school.teacher).status_code == 200  # theirs go on
    with session_factory(school.database)() as session:
        stored = session.scalars(select(User.password_hash).where(User.name == "yuki")).one()
    assert stored and body["password"] not in stored


def test_who_may_reset_whom(school: School) -> None:
    client = school.client
    ids = school.ids()
    once = add_student(school, "sora")
    sora_id = school.ids()["sora"]
    missing = max(ids.values()) + 1000
    nobody = reset(school, missing, school.teacher)
    assert nobody.status_code == 404
    for hidden in (ids["tanaka"], ids["root"]):  # a teacher sees students only
        answer = reset(school, hidden, school.teacher)
        assert answer.status_code == 404
        assert answer.json()["detail"] == nobody.json()["detail"].replace(str(missing), str(hidden))
    for huge in (2**63, 2**31, 0, -1):
        assert reset(school, huge, school.teacher).status_code in (404, 422), huge
    for own, headers in ((ids["sensei"], school.teacher), (ids["root"], school.admin)):
        answer = reset(school, own, headers)
        assert answer.status_code == 403 and answer.json()["detail"]["code"] == "account.not_yours"
    sora = bearer(client, "sora", once)
    assert change(client, sora, once, NEW).status_code == 204
    student = reset(school, ids["tanaka"], sora)
    assert student.status_code == 403 and student.json()["detail"]["code"] == "auth.not_allowed"
    assert reset(school, sora_id, school.admin).status_code == 200  # an admin resets anyone
    answer = reset(school, ids["tanaka"], school.admin)
    assert answer.status_code == 200 and answer.json()["role"] == "teacher"
    refused = client.post("/api/auth/login", json={"username": "tanaka", "password": PASSWORD})
    assert refused.status_code == 401
    with session_factory(school.database)() as session:
        tanaka = session.scalars(select(User).where(User.name == "tanaka")).one()
        assert tanaka.must_change_password
