"""Accounts on (`NETCANVAS_AUTH=accounts`): signing in and out, sessions by cookie (with a
CSRF token) or bearer token, and no route under /api/ but health and sign-in answering
without credentials, walked from the OpenAPI document itself. SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from starlette.websockets import WebSocketDisconnect

from backend import events
from backend.accounts import add_user
from backend.app import create_app
from backend.db.models import AuthSession, Job, User
from backend.db.session import engine_for, session_factory
from backend.settings import get_settings

OPEN = {("GET", "/api/health"), ("POST", "/api/auth/login")}
PASSWORD = "correct horse battery"


@dataclass
class Accounts:
    client: TestClient
    database: str


@pytest.fixture(params=["sqlite", "postgresql"])
def accounts(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Accounts]:
    if request.param == "sqlite":
        database = f"sqlite:///{tmp_path / 'netcanvas.db'}"
    else:
        database = request.getfixturevalue("postgres_url")
    monkeypatch.setenv("DATABASE_URL", database)
    monkeypatch.setenv("NETCANVAS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NETCANVAS_AUTH", "accounts")
    get_settings.cache_clear()
    forget_failed_sign_ins()
    try:
        with TestClient(create_app()) as client:
            with session_factory(database)() as session:
                for name in ("alice", "bob"):
                    if session.scalar(select(User).where(User.name == name)) is None:
                        add_user(session, name, PASSWORD)
            yield Accounts(client, database)
    finally:
        get_settings.cache_clear()
        if request.param == "sqlite":
            engine_for(database).dispose()


def forget_failed_sign_ins() -> None:
    r = events.client(get_settings().broker)
    for key in r.scan_iter("netcanvas:login:*"):
        r.delete(key)


def sign_in(client: TestClient, name: str = "alice") -> dict[str, Any]:
    answer = client.post("/api/auth/login", json={"username": name, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    signed: dict[str, Any] = answer.json()
    return signed


def test_signing_in_gives_a_token_and_an_httponly_samesite_cookie(accounts: Accounts) -> None:
    client = accounts.client
    answer = client.post("/api/auth/login", json={"username": "alice", "password": PASSWORD})
    assert answer.status_code == 200
    body = answer.json()
    assert body["user"]["name"] == "alice" and body["user"]["role"] == "student"
    cookies = answer.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookies if c.startswith("netcanvas_session="))
    assert "HttpOnly" in session_cookie and "SameSite=lax" in session_cookie
    assert body["token"] in session_cookie
    me = client.get("/api/auth/me")  # the cookie alone
    assert me.json()["user"]["name"] == "alice" and me.json()["auth"] == "accounts"
    assert me.json()["csrf_token"] == body["csrf_token"]
    bearer = {"Authorization": f"Bearer {body['token']}"}
    client.cookies.clear()
    assert client.get("/api/auth/me", headers=bearer).json()["user"]["name"] == "alice"


def test_a_wrong_name_and_a_wrong_password_get_the_same_401(accounts: Accounts) -> None:
    client = accounts.client
    wrong_password = client.post("/api/auth/login", json={"username": "alice", "password": "x"})
    no_such_user = client.post("/api/auth/login", json={"username": "zoe", "password": PASSWORD})
    assert wrong_password.status_code == no_such_user.status_code == 401
    assert wrong_password.json() == no_such_user.json()
    assert wrong_password.json()["detail"]["code"] == "auth.bad_login"
    assert "set-cookie" not in wrong_password.headers


def paths_from_the_openapi_document(client: TestClient) -> list[tuple[str, str]]:
    document = client.get("/openapi.json").json()
    found = []
    for path, operations in document["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        found += [(method.upper(), concrete) for method in operations if method != "parameters"]
    return found


def test_every_api_route_but_health_and_sign_in_answers_401_without_credentials(
    accounts: Accounts,
) -> None:
    client = accounts.client
    routes = paths_from_the_openapi_document(client)
    assert len(routes) > 30
    for method, path in routes:
        answer = client.request(method, path, json={})
        if (method, path) in OPEN:
            assert answer.status_code != 401, path
            continue
        assert answer.status_code == 401, f"{method} {path}: {answer.status_code} {answer.text}"
        assert answer.json()["detail"]["code"] == "auth.required"
    stale = {"Authorization": "Bearer not-a-session"}
    for method, path in routes:
        if (method, path) not in OPEN:
            answer = client.request(method, path, json={}, headers=stale)
            assert answer.status_code == 401, f"{method} {path}"
    assert websocket_refusal(client, "/api/jobs/1/events", {}) == 4404  # the websocket too


def test_a_users_own_token_does_not_sign_in_with_accounts_on(accounts: Accounts) -> None:
    with session_factory(accounts.database)() as session:
        token = session.scalars(select(User.token).where(User.name == "alice")).one()
    answer = accounts.client.get("/api/projects", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401


def test_a_cookie_session_changes_state_only_with_its_csrf_token(accounts: Accounts) -> None:
    client = accounts.client
    signed = sign_in(client)
    refused = client.post("/api/projects", json={"name": "forged"})
    assert refused.status_code == 403 and refused.json()["detail"]["code"] == "auth.csrf"
    wrong = client.post("/api/projects", json={"name": "forged"}, headers={"X-CSRF-Token": "x"})
    assert wrong.status_code == 403
    assert client.get("/api/projects").json() == []  # nothing was made
    made = client.post(
        "/api/projects", json={"name": "mine"}, headers={"X-CSRF-Token": signed["csrf_token"]}
    )
    assert made.status_code == 201, made.text
    bearer = {"Authorization": f"Bearer {signed['token']}"}  # a script needs no CSRF token
    client.cookies.clear()
    assert client.post("/api/projects", json={"name": "script"}, headers=bearer).status_code == 201


def test_fields_a_client_must_not_set_are_never_applied(accounts: Accounts) -> None:
    client = accounts.client
    alice, bob = sign_in(client, "alice"), sign_in(client, "bob")
    client.cookies.clear()
    as_bob = {"Authorization": f"Bearer {bob['token']}"}
    sneaky = {"name": "p", "id": 999, "owner_id": alice["user"]["id"], "created_at": "2000-01-01"}
    made = client.post("/api/projects", json=sneaky, headers=as_bob)
    assert made.status_code in (201, 422), made.text
    if made.status_code == 201:
        assert made.json()["id"] != 999 and not made.json()["created_at"].startswith("2000")
    as_alice = {"Authorization": f"Bearer {alice['token']}"}
    if made.status_code == 201:  # Bob's, whatever the body said
        project = made.json()["id"]
        assert client.get(f"/api/projects/{project}", headers=as_alice).status_code == 404
        assert client.get(f"/api/projects/{project}", headers=as_bob).status_code == 200


def test_signing_out_ends_the_session(accounts: Accounts) -> None:
    client = accounts.client
    signed = sign_in(client)
    bearer = {"Authorization": f"Bearer {signed['token']}"}
    client.cookies.clear()
    assert client.post("/api/auth/logout", headers=bearer).status_code == 204
    assert client.get("/api/auth/me", headers=bearer).status_code == 401


def test_the_database_keeps_no_password_or_session_token_in_clear(accounts: Accounts) -> None:
    signed = sign_in(accounts.client)
    with session_factory(accounts.database)() as session:
        user = session.scalars(select(User).where(User.name == "alice")).one()
        assert user.password_hash and user.password_hash.startswith("$argon2id$")
        rows = session.scalars(select(AuthSession).where(AuthSession.user_id == user.id)).all()
        assert rows and all(row.token_hash != signed["token"] for row in rows)
        dump = " ".join(
            str(value)
            for table in ("users", "auth_sessions")
            for record in session.execute(text(f"SELECT * FROM {table}"))
            for value in record
        )
    assert PASSWORD not in dump and signed["token"] not in dump


def websocket_refusal(client: TestClient, url: str, headers: dict[str, str]) -> int | None:
    """The close code when the websocket is refused; None when it sends an event."""
    try:
        with client.websocket_connect(url, headers=headers) as socket:
            socket.receive_json()
    except WebSocketDisconnect as closed:
        return int(closed.code)
    return None


def test_a_websocket_from_another_sites_page_is_refused(accounts: Accounts) -> None:
    client = accounts.client
    signed = sign_in(client)
    with session_factory(accounts.database)() as session:
        job = Job(owner_id=signed["user"]["id"], graph={}, config={}, dataset="xor",
                  status="failed", reason="a test row")  # fmt: skip
        session.add(job)
        session.commit()
        url = f"/api/jobs/{job.id}/events"
    assert websocket_refusal(client, url, {"Origin": "https://evil.example"}) == 4404
    assert websocket_refusal(client, url, {"Origin": "http://testserver"}) is None  # its own
    assert websocket_refusal(client, url, {}) is None  # a script sends no Origin
    client.cookies.clear()
    assert websocket_refusal(client, url, {}) == 4404  # signed out


def test_failed_sign_ins_are_throttled_per_name(accounts: Accounts) -> None:
    client = accounts.client
    wrong = {"username": "alice", "password": "not it at all"}
    assert client.post("/api/auth/login", json=wrong).status_code == 401
    sign_in(client)  # a success forgets the name's failures
    for _ in range(10):
        assert client.post("/api/auth/login", json=wrong).status_code == 401
    right = {"username": "alice", "password": PASSWORD}
    throttled = client.post("/api/auth/login", json=right)  # even the right password, now
    assert throttled.status_code == 429
    assert throttled.json()["detail"]["code"] == "auth.too_many_attempts"
    assert throttled.json()["detail"]["params"] == {"minutes": 15}
    sign_in(client, "bob")  # another name from the same address still signs in
    forget_failed_sign_ins()  # a quarter of an hour later
    sign_in(client)
