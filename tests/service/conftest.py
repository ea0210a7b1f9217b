"""The service over real databases: a `client` on SQLite (a temporary file) and on PostgreSQL,
and `klass`, the app with accounts on and a class in it.

PostgreSQL is the server on 127.0.0.1:5432 (user postgres, trust auth): one
fresh, uniquely named database per test session, made through the `test`
database and dropped at the end. Without that server the PostgreSQL cases skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from backend import accounts, events
from backend.app import create_app
from backend.db.models import User
from backend.db.session import engine_for, session_factory
from backend.settings import get_settings
from tests.service.passes import watch_first_passes

POSTGRES = "host=127.0.0.1 port=5432 user=postgres dbname=test"
PASSWORD = "correct horse battery"  # every account's that the service tests sign in with


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new empty PostgreSQL database's SQLAlchemy URL; dropped afterwards."""
    name = f"netcanvas_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(POSTGRES, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL on 127.0.0.1:5432: {error}")
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield url
        finally:
            engine_for(url).dispose()
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def empty_database_of(kind: str, tmp_path: Path) -> Iterator[str]:
    """A new empty database's URL, of `kind` ("sqlite": a file in `tmp_path`, or
    "postgresql": `postgres_database`); disposed of, or dropped, afterwards."""
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'fresh.db'}"
        yield url
        engine_for(url).dispose()
    else:
        with postgres_database() as url:
            yield url


# Production hashes cost argon2-cffi's defaults (64 MiB, 3 passes; `tests/test_cli_users.py`
# checks a stored one). The service tests sign in and add users by the dozen in this
# process, where the same argon2id at its least cost checks the same code paths in a
# fraction of the time; restored after each test.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "_hasher", CHEAP_HASHER)
    monkeypatch.setattr(accounts, "_DUMMY", CHEAP_HASHER.hash("not anyone's password"))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with postgres_database() as url:
        yield url


@dataclass
class Service:
    client: TestClient
    database: str
    data_dir: Path
    alice: dict[str, str]  # request headers naming the user
    bob: dict[str, str]


def add_user(database: str, name: str) -> dict[str, str]:
    """A user made directly in the database; the headers that act as them."""
    with session_factory(database)() as session:
        user = User(name=f"{name}-{uuid.uuid4().hex[:8]}")
        session.add(user)
        session.commit()
        return {"Authorization": f"Bearer {user.token}"}


def process_redis() -> str | None:
    """This pytest-xdist process's own Redis DB for the apps of `app_client` (1 to 5; the
    stacks lock 6 to 15); None without xdist, or where the user set a Redis. On one DB the
    processes' SQLite databases, each with its job 1, mixed that job's events, and the
    sign-in throttle counted both processes' failures (per name, and per the one address
    "testclient"), which each process's `forget_failed_sign_ins` also forgot for the other."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None or os.environ.get("REDIS_URL") or os.environ.get("NETCANVAS_REDIS_URL"):
        return None
    return f"redis://127.0.0.1:6379/{1 + int(worker.removeprefix('gw') or 0) % 5}"


@contextmanager
def app_client(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str] | None = None,
) -> Iterator[tuple[TestClient, str]]:
    """The app in a TestClient and its database's URL: SQLite in `tmp_path`, or the test
    session's PostgreSQL, as `request.param` says; data in `tmp_path/data`, Redis the
    process's own (`process_redis`), `env` set. Its first scheduling and reaping passes are
    over before the test begins (`passes`)."""
    if request.param == "sqlite":
        database = f"sqlite:///{tmp_path / 'netcanvas.db'}"
    else:
        database = request.getfixturevalue("postgres_url")
    monkeypatch.setenv("DATABASE_URL", database)
    monkeypatch.setenv("NETCANVAS_DATA_DIR", str(tmp_path / "data"))
    if own_redis := process_redis():
        monkeypatch.setenv("REDIS_URL", own_redis)
    for key, value in (env or {}).items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    first_passes = watch_first_passes(monkeypatch)
    try:
        with TestClient(create_app()) as client:
            first_passes()
            yield client, database
    finally:
        get_settings.cache_clear()
        if request.param == "sqlite":
            engine_for(database).dispose()


# A test whose behaviour happens before anything is stored (an upload refused by its reader,
# a message's language, a built-in preview) runs on SQLite alone: the same code on
# PostgreSQL would only repeat it. What is stored, and that nothing is kept after a refusal,
# stays on both (the tests without this mark).
SQLITE_ONLY = pytest.mark.parametrize("service", ["sqlite"], indirect=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def service(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Service]:
    with app_client(request, tmp_path, monkeypatch) as (client, database):
        yield Service(
            client, database, tmp_path / "data", add_user(database, "alice"),
            add_user(database, "bob"),
        )  # fmt: skip


@pytest.fixture
def client(service: Service) -> TestClient:
    return service.client


def forget_failed_sign_ins() -> None:
    r = events.client(get_settings().broker)
    for key in r.scan_iter("netcanvas:login:*"):
        r.delete(key)


@dataclass
class Class:
    client: TestClient
    database: str
    ids: dict[str, int]  # user ids by role name: teacher, admin, alice, bob, other (a teacher)
    headers: dict[str, dict[str, str]]  # bearer headers by the same names


@pytest.fixture(params=["sqlite", "postgresql"])
def klass(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Class]:
    """The app with accounts on (the request's database) and a class: teacher, admin, students
    alice and bob, and another teacher, each with a suffix of its own. No scheduling or
    reaping pass but the API's first ones: the tests write the rows themselves, and one
    counts the statements the class table takes, which a pass's own would join."""
    suffix = uuid.uuid4().hex[:6]  # PostgreSQL's database lasts the whole test session
    roles = {"teacher": "teacher", "admin": "admin", "alice": "student", "bob": "student",
             "other": "teacher"}  # fmt: skip
    env = {"NETCANVAS_AUTH": "accounts", "NETCANVAS_SCHEDULE_INTERVAL_S": "3600",
           "NETCANVAS_REAPER_INTERVAL_S": "3600"}  # fmt: skip
    with app_client(request, tmp_path, monkeypatch, env) as (client, database):
        forget_failed_sign_ins()
        ids, headers = {}, {}
        with session_factory(database)() as session:
            for name, role in roles.items():
                ids[name] = accounts.add_user(session, f"{name}-{suffix}", PASSWORD, role).id
        for name in roles:
            answer = client.post(
                "/api/auth/login", json={"username": f"{name}-{suffix}", "password": PASSWORD}
            )
            headers[name] = {"Authorization": f"Bearer {answer.json()['token']}"}
        client.cookies.clear()
        yield Class(client, database, ids, headers)


# The class on SQLite alone, for tests of what is stored the same on PostgreSQL.
SQLITE_ONLY_CLASS = pytest.mark.parametrize("klass", ["sqlite"], indirect=True)
