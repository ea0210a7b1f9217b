"""The user of NETCANVAS_AUTH=none ("local", `Settings.single_user`) once accounts are on.

Without accounts every request acts as one user, made on first use with no password. When
a server turns accounts on, that user stays, owning what was made before, but it is no
account: no one can sign in as it. So the lists of accounts (`GET /api/users`, the class
view, `netcanvas users list`) leave it out, and `netcanvas users give local NAME` hands
its projects, networks, datasets, jobs and publications to a real account. An account
someone named "local" with a password is an account like any other.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session

from .dataset_names import unused_name
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


def give_all(session: Session, giver: User, taker: User) -> dict[str, int]:
    """Hand everything `giver` owns to `taker` (committed); what was handed, by kind. An
    upload whose name `taker` has already gets " (2)" (`unused_name`), as a new upload
    would; the jobs keep their ids, so their files and events stay where they are."""
    handed = holdings(session, giver)
    uploads = session.scalars(select(Dataset).where(Dataset.owner_id == giver.id)).all()
    for upload in uploads:
        upload.name = unused_name(session, taker.id, upload.name, DATASET_NAME_MAX)
        upload.owner_id = taker.id
        session.flush()  # the next name sees this one
    for _, model in OWNED:
        session.execute(update(model).where(model.owner_id == giver.id).values(owner_id=taker.id))
    session.commit()
    return handed
