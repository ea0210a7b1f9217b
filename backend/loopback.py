"""The user of NETCANVAS_AUTH=none ("local", `Settings.single_user`) once accounts are on.

Without accounts every request acts as one user, made on first use with no password. When
a server turns accounts on, that user stays, owning what was made before, but it is no
account: no one can sign in as it. So the lists of accounts (`GET /api/users`, the class
view, `netcanvas users list`) leave it out, and `netcanvas users give local NAME` hands
its projects, networks, datasets, jobs and publications to a real account. An account
someone named "local" with a password is an account like any other.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .dataset_names import NAME_TRIES, name_clash, unused_name
from .db.models import Dataset, Job, Network, Project, Publication, User

OWNED = (("projects", Project), ("networks", Network), ("datasets", Dataset), ("jobs", Job),
         ("publications", Publication))  # fmt: skip
DATASET_NAME_MAX = 200  # Dataset.name's column


def is_loopback(user: User, single_user: str) -> bool:
    """Whether `user` is the no-accounts user rather than an account."""
    return user.name == single_user and not user.password_hash


def accounts_only(single_user: str) -> ColumnElement[bool]:
    """The SQL condition that leaves the no-accounts user out of a query of `User`."""
    return or_(User.name != single_user, User.password_hash.is_not(None))


def holdings(session: Session, user: User) -> dict[str, int]:
    """How many of each kind of thing `user` owns, the kinds it owns none of left out."""
    counts = {}
    for kind, model in OWNED:
        count = session.scalar(select(func.count()).where(model.owner_id == user.id)) or 0
        if count:
            counts[kind] = count
    return counts


@dataclass(frozen=True)
class Given:
    """What `give_all` handed over, by kind, and the uploads it gave a free name: each as
    (the name it had, the name it has now)."""

    handed: dict[str, int]
    renamed: list[tuple[str, str]]


def give_all(session: Session, giver: User, taker: User) -> Given:
    """Hand everything `giver` owns to `taker` (committed). An upload whose name `taker`
    has already gets " (2)" (`unused_name`), as a new upload would, and is named in the
    answer; when `taker` uploads one of that name meanwhile (the unique index refuses the
    move) the whole hand-over is tried again, as an upload is. The jobs keep their ids, so
    their files and events stay where they are."""
    for attempt in range(1, NAME_TRIES + 1):
        try:
            return _give_once(session, giver, taker)
        except IntegrityError as error:
            session.rollback()
            if attempt == NAME_TRIES or not name_clash(error):
                raise
    raise AssertionError("unreachable")  # the last try returned or raised


def _give_once(session: Session, giver: User, taker: User) -> Given:
    handed = holdings(session, giver)
    renamed = []
    query = select(Dataset).where(Dataset.owner_id == giver.id).order_by(Dataset.id)
    for upload in session.scalars(query).all():
        name = unused_name(session, taker.id, upload.name, DATASET_NAME_MAX)
        if name != upload.name:
            renamed.append((upload.name, name))
        upload.name, upload.owner_id = name, taker.id
        session.flush()  # the next name sees this one
    for _, model in OWNED:
        session.execute(update(model).where(model.owner_id == giver.id).values(owner_id=taker.id))
    session.commit()
    return Given(handed, renamed)
