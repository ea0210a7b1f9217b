"""Servers with accounts on for the end-to-end tests, and the users a test file needs on them.

`accounts_server` (in `conftest.py`) is one `netcanvas serve` with `NETCANVAS_AUTH=accounts` per
test process, shared by every file that needs accounts: starting a server (its Redis, its
worker) cost each of them 13-20 s. They add their users under names of their own; a file that
uses another's user (the same name) gets that account. Where a teacher sees every student on
the server (the class, the Students page, a class copy), a file's assertions and screenshots
keep to its own students: the class filtered by the name prefix its students share, a row
found by its student's name, a screenshot cut above the list of every account.

The users are added with the function `netcanvas users add` calls (`backend.accounts.add_user`,
with the production password hash), in this process and once the server is up: the command line
has its own tests (`tests/test_cli_users.py`), and `test_sign_in.py` still changes a password
through it while the server runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend import accounts
from backend.db.models import User
from backend.db.session import engine_for

ACCOUNTS = {"NETCANVAS_AUTH": "accounts"}
PASSWORD = "correct horse battery"


@dataclass
class Accounts:
    url: str
    folder: Path

    @property
    def database(self) -> str:
        return f"sqlite:///{self.folder / 'var' / 'netcanvas.db'}"


def add_users(server: Accounts, users: Mapping[str, str]) -> Accounts:
    """`server` with `users` (name -> role), each with PASSWORD; one already there is kept."""
    engine = engine_for(server.database)
    try:
        with Session(engine) as session:
            there = set(session.scalars(select(User.name).where(User.name.in_(users))))
            for name, role in users.items():
                if name not in there:
                    accounts.add_user(session, name, PASSWORD, role)
    finally:
        engine.dispose()
    return server
