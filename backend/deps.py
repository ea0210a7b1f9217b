"""Route dependencies: the session, the current user, and rows the user owns.

Ownership is checked here and nowhere else: a route that takes `OwnedNetwork`
cannot see another user's network, which answers 404 as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, TypeVar

from fastapi import Depends, Header, HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session

from netcanvas.messages import Lang, prefer

from .db.models import Base, Dataset, Job, Network, Project, User
from .db.session import session_factory
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


def get_current_user(
    session: SessionDep,
    settings: SettingsDep,
    authorization: Annotated[str | None, Header()] = None,
) -> User:
    """The user a bearer token names; without one, the single local user."""
    if authorization:
        token = authorization.removeprefix("Bearer ").strip()
        user = session.scalar(select(User).where(User.token == token))
        if user is None:
            raise HTTPException(401, "unknown token")
        return user
    user = session.scalar(select(User).where(User.name == settings.single_user))
    if user is None:
        user = User(name=settings.single_user)
        session.add(user)
        session.commit()
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]

Row = TypeVar("Row", bound=Base)


def get_owned(session: Session, model: type[Row], row_id: int, user: User) -> Row:
    """The row when `user` owns it; otherwise 404, whether it exists or not."""
    row = session.get(model, row_id)
    if row is None or getattr(row, "owner_id", None) != user.id:
        raise HTTPException(404, f"no {model.__name__.lower()} {row_id}")
    return row


def owned_project(project_id: int, session: SessionDep, user: CurrentUser) -> Project:
    return get_owned(session, Project, project_id, user)


def owned_network(network_id: int, session: SessionDep, user: CurrentUser) -> Network:
    return get_owned(session, Network, network_id, user)


def owned_dataset(dataset_id: int, session: SessionDep, user: CurrentUser) -> Dataset:
    return get_owned(session, Dataset, dataset_id, user)


def owned_job(job_id: int, session: SessionDep, user: CurrentUser) -> Job:
    return get_owned(session, Job, job_id, user)


OwnedProject = Annotated[Project, Depends(owned_project)]
OwnedNetwork = Annotated[Network, Depends(owned_network)]
OwnedDataset = Annotated[Dataset, Depends(owned_dataset)]
OwnedJob = Annotated[Job, Depends(owned_job)]
