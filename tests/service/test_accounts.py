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

from backend.accounts import add_user, set_password
from backend.db.models import AuthSession, Job, User
from backend.db.session import session_factory
from tests.service.conftest import PASSWORD, app_client, forget_failed_sign_ins

# `/api/auth/session` answers everyone, telling nobody anything but that they are signed out.
OPEN = {("GET", "/api/health"), ("POST", "/api/auth/login"), ("GET", "/api/auth/session")}


@dataclass
class Accounts:
    client: TestClient
    database: str


@pytest.fixture(params=["sqlite", "postgresql"])
def accounts(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Accounts]:
    env = {"NETCANVAS_AUTH": "accounts"}
    with app_client(request, tmp_path, monkeypatch, env) as (client, database):
        forget_failed_sign_ins()
        with session_factory(database)() as session:
            for name in ("alice", "bob"):
                if session.scalar(select(User).where(User.name == name)) is None:
                    add_user(session, name, PASSWORD)
        yield Accounts(client, database)


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
    # a header's bytes beyond ASCII (read as Latin-1) made compare_digest raise: a 500
    latin = client.post("/api/projects", json={"name": "forged"},
                        headers=[(b"x-csrf-token", b"\xe9t\xe9")])  # fmt: skip
    assert latin.status_code == 403 and latin.json()["detail"]["code"] == "auth.csrf"
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


def make_teacher(accounts: Accounts, name: str = "sensei", role: str = "teacher") -> str:
    with session_factory(accounts.database)() as session:
        if session.scalar(select(User).where(User.name == name)) is None:
            add_user(session, name, PASSWORD, role)
    return str(sign_in(accounts.client, name)["token"])


def test_a_teacher_adds_students_with_generated_passwords(accounts: Accounts) -> None:
    client = accounts.client
    teacher = {"Authorization": f"Bearer {make_teacher(accounts)}"}
    client.cookies.clear()
    names = [f"pupil-{i}" for i in range(3)]
    added = client.post("/api/users", json={"users": [{"name": n} for n in names]},
                        headers=teacher)  # fmt: skip
    assert added.status_code == 201, added.text
    given = {row["name"]: row["password"] for row in added.json()}
    assert set(given) == set(names) and all(len(p) == 12 for p in given.values())
    listed = [row["name"] for row in client.get("/api/users", headers=teacher).json()]
    assert set(names) <= set(listed) and "sensei" not in listed  # students only
    pupil = client.post("/api/auth/login", json={"username": names[0], "password": given[names[0]]})
    assert pupil.status_code == 200 and pupil.json()["user"]["role"] == "student"
    with session_factory(accounts.database)() as session:
        stored = session.scalars(select(User.password_hash).where(User.name == names[0])).one()
    assert stored and given[names[0]] not in stored  # only its hash


def test_adding_accounts_is_all_or_nothing_and_for_managers_only(accounts: Accounts) -> None:
    client = accounts.client
    teacher = {"Authorization": f"Bearer {make_teacher(accounts)}"}
    student = {"Authorization": f"Bearer {sign_in(client, 'alice')['token']}"}
    client.cookies.clear()
    body = {"users": [{"name": "fresh-one"}, {"name": "alice"}]}  # alice exists
    taken = client.post("/api/users", json=body, headers=teacher)
    assert taken.status_code == 422 and taken.json()["detail"]["code"] == "account.exists"
    assert "alice" in taken.json()["detail"]["message"]
    odd = {"users": [{"name": "ok-one"}, {"name": "a/b"}, {"name": "x<y>"}]}
    bad = client.post("/api/users", json=odd, headers=teacher)
    assert bad.status_code == 422 and bad.json()["detail"]["code"] == "account.bad_name"
    assert "'a/b', 'x<y>'" in bad.json()["detail"]["message"]  # every one, to fix in one go
    names = [row["name"] for row in client.get("/api/users", headers=teacher).json()]
    assert "fresh-one" not in names  # nothing was made
    promote = {"users": [{"name": "new-teacher", "role": "teacher"}]}
    assert client.post("/api/users", json=promote, headers=teacher).status_code == 403
    refused = client.post("/api/users", json={"users": [{"name": "x1"}]}, headers=student)
    assert refused.status_code == 403 and refused.json()["detail"]["code"] == "auth.not_allowed"
    assert client.get("/api/users", headers=student).status_code == 403
    admin = {"Authorization": f"Bearer {make_teacher(accounts, 'root', 'admin')}"}
    client.cookies.clear()
    assert client.post("/api/users", json=promote, headers=admin).status_code == 201


def test_a_class_list_of_japanese_names_and_names_with_spaces_is_added(
    accounts: Accounts,
) -> None:
    client = accounts.client
    teacher = {"Authorization": f"Bearer {make_teacher(accounts)}"}
    client.cookies.clear()
    pasted = ["田中 花子", " Mary   Ann ", "ｋｅｎｔａ", "ﾊﾅ"]  # full- and half-width, as typed
    added = client.post("/api/users", json={"users": [{"name": n} for n in pasted]},
                        headers=teacher)  # fmt: skip
    assert added.status_code == 201, added.text
    given = {row["name"]: row["password"] for row in added.json()}
    assert list(given) == ["田中 花子", "Mary Ann", "kenta", "ハナ"]  # as kept
    twice = {"users": [{"name": "田中\u3000花子"}, {"name": "kenta"}]}
    again = client.post("/api/users", json=twice, headers=teacher)
    assert again.status_code == 422 and again.json()["detail"]["code"] == "account.exists"
    assert "'田中 花子', 'kenta'" in again.json()["detail"]["message"]
    typed = {"username": "田中\u3000花子 ", "password": given["田中 花子"]}  # an IME's wide space
    signed = client.post("/api/auth/login", json=typed)
    assert signed.status_code == 200 and signed.json()["user"]["name"] == "田中 花子"


def test_a_user_changes_their_own_password_and_other_sessions_end(accounts: Accounts) -> None:
    client = accounts.client
    first, second = sign_in(client, "bob")["token"], sign_in(client, "bob")["token"]
    client.cookies.clear()
    here = {"Authorization": f"Bearer {first}"}
    wrong = client.post("/api/auth/password", json={"current": "nope", "new": "x" * 12},
                        headers=here)  # fmt: skip
    assert wrong.status_code == 403 and wrong.json()["detail"]["code"] == "auth.wrong_password"
    short = client.post("/api/auth/password", json={"current": PASSWORD, "new": "short"},
                        headers={**here, "Accept-Language": "ja"})  # fmt: skip
    assert short.status_code == 422 and "パスワードは" in short.json()["detail"]["message"]
    new = "a brand new secret"
    changed = client.post("/api/auth/password", json={"current": PASSWORD, "new": new},
                          headers=here)  # fmt: skip
    assert changed.status_code == 204
    assert client.get("/api/auth/me", headers=here).status_code == 200  # this session goes on
    other = {"Authorization": f"Bearer {second}"}
    assert client.get("/api/auth/me", headers=other).status_code == 401  # the other ended
    assert (
        client.post("/api/auth/login", json={"username": "bob", "password": new}).status_code == 200
    )
    with session_factory(accounts.database)() as session:  # back, for the other tests
        set_password(session, "bob", PASSWORD)


def test_a_sign_in_name_with_a_nul_is_a_422_not_a_500(accounts: Accounts) -> None:
    """PostgreSQL's text holds no NUL: looking such a name up was a 500 (test_unstorable_text)."""
    answer = accounts.client.post(
        "/api/auth/login", json={"username": "alice\x00", "password": PASSWORD}
    )
    assert answer.status_code == 422, answer.text
    (item,) = answer.json()["detail"]
    assert (item["code"], item["loc"]) == ("text.nul", ["body", "username"])
    assert "set-cookie" not in answer.headers


def test_a_new_account_named_with_a_nul_is_a_422_and_nobody_is_added(accounts: Accounts) -> None:
    """The names were looked up (to refuse those taken) before they were checked: a 500."""
    client = accounts.client
    teacher = {"Authorization": f"Bearer {make_teacher(accounts)}"}
    client.cookies.clear()
    body = {"users": [{"name": "pupil-ok"}, {"name": "pupil\x00"}]}
    answer = client.post("/api/users", json=body, headers=teacher)
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == ["body", "users", 1, "name"]
    listed = [row["name"] for row in client.get("/api/users", headers=teacher).json()]
    assert "pupil-ok" not in listed


def test_the_session_route_answers_200_signed_out_and_who_is_signed_in(accounts: Accounts) -> None:
    client = accounts.client
    nobody = client.get("/api/auth/session")
    assert nobody.status_code == 200, nobody.text
    assert nobody.json() == {"auth": "accounts", "user": None, "csrf_token": None}
    stale = client.get("/api/auth/session", headers={"Authorization": "Bearer not-a-session"})
    assert stale.status_code == 200 and stale.json()["user"] is None
    signed = sign_in(client)  # the cookie, as a browser has it
    me = client.get("/api/auth/me").json()
    session = client.get("/api/auth/session").json()
    assert session == me and session["user"]["name"] == "alice"
    assert session["csrf_token"] == signed["csrf_token"]
    client.post("/api/auth/logout", headers={"X-CSRF-Token": signed["csrf_token"]})
    assert client.get("/api/auth/session").json()["user"] is None
