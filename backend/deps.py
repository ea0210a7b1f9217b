"""Route dependencies: the session, the current user, and rows the user owns.

Ownership is checked here and nowhere else: a route that takes `OwnedNetwork`
cannot see another user's network, which answers 404 as if it did not exist.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Annotated, TypeVar

from fastapi import Depends, Header, HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.requests import HTTPConnection

from netcanvas.messages import Lang, prefer

from . import accounts
from .db.models import AuthSession, Base, Dataset, Job, Network, Project, User
from .db.session import session_factory
from .localise import refused
from .settings import Settings, get_settings

SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_language(accept_language: Annotated[str | None, Header()] = None) -> Lang:
    """'ja' when the request's Accept-Language prefers Japanese over English, else 'en'."""
    return prefer(accept_language)


Language = Annotated[Lang, Depends(get_language)]


def get_session(settings: SettingsDep) -> Iterator[Session]:
    with session_factory(settings.database)() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


SESSION_COOKIE = "netcanvas_session"
CSRF_COOKIE = "netcanvas_csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def identify(
    session: Session,
    settings: Settings,
    authorization: str | None,
    cookie: str | None = None,
    method: str = "GET",
    csrf: str | None = None,
) -> User:
    """Who makes a request.

    - `Authorization: Bearer <token>`: a session's token (from `POST /api/auth/login`);
      without accounts, also a user's own `token`.
    - The session cookie: a request that changes state must also send the session's
      CSRF token as `X-CSRF-Token`, which another site's page cannot read.
    - Neither: with accounts, 401; without, the single local user.
    """
    if authorization:
        token = authorization.removeprefix("Bearer ").strip()
        found = accounts.session_for(session, token)
        if found is not None:
            return _user_of(session, found)
        user = None if settings.auth == "accounts" else _by_own_token(session, token)
        if user is None:
            raise refused(401, "auth.unknown_token")
        return user
    found = accounts.session_for(session, cookie) if cookie else None
    if found is not None:
        # as bytes: compare_digest refuses str beyond ASCII, and a header may be any Latin-1
        given = (csrf or "").encode("utf-8", "surrogateescape")
        if method not in SAFE_METHODS and not secrets.compare_digest(given, found.csrf.encode()):
            raise refused(403, "auth.csrf")
        return _user_of(session, found)
    if settings.auth == "accounts":
        raise refused(401, "auth.required")
    user = session.scalar(select(User).where(User.name == settings.single_user))
    if user is None:
        user = User(name=settings.single_user)
        session.add(user)
        session.commit()
    return user


def _user_of(session: Session, found: AuthSession) -> User:
    user = session.get(User, found.user_id)
    if user is None:  # removed while signed in
        raise refused(401, "auth.unknown_token")
    return user


def _by_own_token(session: Session, token: str) -> User | None:
    return session.scalar(select(User).where(User.token == token)) if token else None


def get_current_user(
    connection: HTTPConnection,
    session: SessionDep,
    settings: SettingsDep,
    authorization: Annotated[str | None, Header()] = None,
) -> User:
    """The user making the request (`identify`); every route but health and sign-in
    depends on it, so with accounts on nothing answers without credentials."""
    method = connection.scope.get("method", "GET")
    csrf = connection.headers.get(CSRF_HEADER)
    cookie = connection.cookies.get(SESSION_COOKIE)
    return identify(session, settings, authorization, cookie, method, csrf)


def signed_in(connection: HTTPConnection, session: SessionDep, settings: SettingsDep) -> None:
    """A router's guard: a request without credentials gets no further when accounts are on,
    nor one from a user who must change a one-time password first (`check_changed`).
    Websockets check for themselves before they accept (`routes/jobs.py`)."""
    if connection.scope["type"] == "websocket":
        return
    authorization = connection.headers.get("authorization")
    check_changed(get_current_user(connection, session, settings, authorization), settings)


def check_changed(user: User, settings: Settings) -> None:
    """403 `auth.must_change_password` while the user's password is one handed out (by a
    teacher, an admin or `netcanvas users ... --temporary`). Only `/api/auth/*` and health
    skip it, so the user can still see who they are, sign out and change it. Without
    accounts no password signs anyone in, so there is nothing to change."""
    if settings.auth == "accounts" and user.must_change_password:
        raise refused(403, "auth.must_change_password")


CurrentUser = Annotated[User, Depends(get_current_user)]

Row = TypeVar("Row", bound=Base)


MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds (PostgreSQL's are 32-bit)


def valid_id(value: int) -> bool:
    """Whether `value` can be a row's id or number at all: asking the database for one
    beyond its column's range fails (an error, not a missing row)."""
    return 0 < value <= MAX_ID


def id_in(text: str) -> int:
    """The id a client wrote as text (`12`, the end of `upload:12`); 0, which no row has,
    when it is anything but ASCII digits: `"²".isdigit()` holds but `int("²")` fails, and
    `int` refuses over 4,300 digits (both were 500s)."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 20 else 0


def get_owned(session: Session, model: type[Row], row_id: int, user: User) -> Row:
    """The row when `user` owns it; otherwise 404, whether it exists or not: the same answer,
    in the asker's language (`missing.job`, ...), so a student trying another's id by URL
    learns nothing."""
    row = session.get(model, row_id) if valid_id(row_id) else None
    if row is None or getattr(row, "owner_id", None) != user.id:
        raise refused(404, f"missing.{model.__name__.lower()}", id=row_id)
    return row


def owned_project(project_id: int, session: SessionDep, user: CurrentUser) -> Project:
    return get_owned(session, Project, project_id, user)


def owned_network(network_id: int, session: SessionDep, user: CurrentUser) -> Network:
    return get_owned(session, Network, network_id, user)


def owned_dataset(dataset_id: int, session: SessionDep, user: CurrentUser) -> Dataset:
    return get_owned(session, Dataset, dataset_id, user)


def owned_job(job_id: int, session: SessionDep, user: CurrentUser) -> Job:
    return get_owned(session, Job, job_id, user)


MANAGING = ("teacher", "admin")


def managed_user(user_id: int, session: SessionDep, user: CurrentUser) -> User:
    """An account the caller manages: a teacher's students, an admin's anyone but
    themselves. An id no row can have is missing for everyone (404); a student asking is
    a 403, as on every `/api/users` route; an account the caller does not see (a teacher
    asking about a teacher or an admin) is a 404 exactly like a missing one; the caller's
    own account a 403 (`account.not_yours`: they change it themselves)."""
    if not valid_id(user_id):
        raise HTTPException(404, f"no user {user_id}")
    if user.role not in MANAGING:
        raise refused(403, "auth.not_allowed", roles="teacher or admin")
    if user_id == user.id:
        raise refused(403, "account.not_yours")
    row = session.get(User, user_id)
    if row is None or (user.role == "teacher" and row.role != "student"):
        raise HTTPException(404, f"no user {user_id}")
    return row


ManagedUser = Annotated[User, Depends(managed_user)]
OwnedProject = Annotated[Project, Depends(owned_project)]
OwnedNetwork = Annotated[Network, Depends(owned_network)]
OwnedDataset = Annotated[Dataset, Depends(owned_dataset)]
OwnedJob = Annotated[Job, Depends(owned_job)]
