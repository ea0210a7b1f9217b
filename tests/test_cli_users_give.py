"""`netcanvas users give FROM TO` when TO has uploads of the same names: the moved ones
get a free name, as uploads do (" (2)"), the command says which; a clash with an upload TO
makes meanwhile is tried again. On SQLite and on PostgreSQL, as an admin runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend import dataset_names, loopback
from backend.db.models import Dataset, Job, User
from backend.db.session import session_factory
from tests.service.conftest import empty_database_of
from tests.test_cli_users import PASSWORD


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database's URL, its tables made by the command's own migrations."""
    with empty_database_of(request.param, tmp_path) as url:
        yield url


def netcanvas(database: str, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NETCANVAS_AUTH"}
    env |= {"NETCANVAS_DATA_DIR": str(data), "DATABASE_URL": database}
    return subprocess.run(
        [sys.executable, "-m", "netcanvas_cli", *args],
        input=PASSWORD, capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip


def accounts(database: str, data: Path, *names: str) -> None:
    for name in names:
        added = netcanvas(database, data, "users", "add", name, "--password-stdin")
        assert added.returncode == 0, added.stderr


def upload(session: Session, owner: str, name: str) -> Dataset:
    user = session.scalar(select(User).where(User.name == owner))
    assert user is not None
    row = Dataset(owner_id=user.id, name=name, filename=f"{name}.zip",
                  path=f"/uploads/{owner}/{name}", sha256="0" * 64, size=1, info={})  # fmt: skip
    session.add(row)
    return row


def names_of(database: str, owner: str) -> dict[str, str]:
    """Each of `owner`'s uploads: its name, by the path it was uploaded to."""
    with session_factory(database)() as session:
        user = session.scalar(select(User).where(User.name == owner))
        assert user is not None
        rows = session.scalars(select(Dataset).where(Dataset.owner_id == user.id))
        return {row.path: row.name for row in rows}


def test_give_names_the_uploads_it_renames_for_the_taker(database: str, tmp_path: Path) -> None:
    data = tmp_path / "var"
    accounts(database, data, "hana", "taro")
    with session_factory(database)() as session:
        upload(session, "hana", "digits")
        session.flush()
        for name in ("digits", "iris", "digits (2)"):
            upload(session, "taro", name)
            session.flush()  # in this order, by id
        taro = session.scalar(select(User).where(User.name == "taro"))
        assert taro is not None
        session.add(Job(owner_id=taro.id, graph={}, config={}, dataset="xor", memory_mb=1))
        session.commit()
    given = netcanvas(database, data, "users", "give", "taro", "hana")
    assert given.returncode == 0, given.stderr
    assert given.stdout.splitlines() == [
        "gave hana what taro owned: 3 datasets, 1 jobs",
        'the dataset "digits" is now "digits (2)": hana had one of that name',
        'the dataset "digits (2)" is now "digits (2) (2)": hana had one of that name',
    ]
    assert names_of(database, "hana") == {
        "/uploads/hana/digits": "digits",
        "/uploads/taro/digits": "digits (2)",
        "/uploads/taro/iris": "iris",
        "/uploads/taro/digits (2)": "digits (2) (2)",
    }
    assert names_of(database, "taro") == {}


def test_give_tries_again_when_the_taker_uploads_that_name_meanwhile(
    database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "var"
    accounts(database, data, "hana", "taro")
    with session_factory(database)() as session:
        upload(session, "hana", "digits")
        upload(session, "taro", "digits")
        session.commit()
    real_unused_name = dataset_names.unused_name  # what `backend.loopback` imported
    clashed: list[str] = []

    def unused_name(session: Session, owner_id: int, wanted: str, longest: int) -> str:
        name = real_unused_name(session, owner_id, wanted, longest)
        if not clashed:  # hana uploads one of that name between the choice and the move
            with session_factory(database)() as other:
                upload(other, "hana", name)
                other.commit()
            clashed.append(name)
        return name

    monkeypatch.setattr(loopback, "unused_name", unused_name)
    with session_factory(database)() as session:
        hana = session.scalar(select(User).where(User.name == "hana"))
        taro = session.scalar(select(User).where(User.name == "taro"))
        assert hana is not None and taro is not None
        given = loopback.give_all(session, taro, hana)
    assert clashed == ["digits (2)"]
    assert given.renamed == [("digits", "digits (3)")]
    assert given.handed == {"datasets": 1}
    assert names_of(database, "hana") == {
        "/uploads/hana/digits": "digits",
        "/uploads/hana/digits (2)": "digits (2)",  # the upload made meanwhile
        "/uploads/taro/digits": "digits (3)",
    }
