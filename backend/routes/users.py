"""Accounts made in the browser: `GET /api/users`, `POST /api/users` and
`POST /api/users/{user_id}/password`.

A teacher lists and adds students (one, or many at once from a CSV of names the
browser reads) and resets a student's password; an admin lists everyone, adds any
role and resets anyone's but their own. Each new or reset password is generated,
answered once and never stored in clear: the teacher hands it out, and the student
must change it (`POST /api/auth/password`) before anything else answers. All or
nothing: a name that cannot be used, or is taken, refuses the whole list, naming
every such name.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select

from .. import accounts
from ..db.models import User
from ..deps import CurrentUser, ManagedUser, SessionDep, SettingsDep
from ..localise import refused
from ..loopback import accounts_only, is_loopback
from ..schemas import Text, UtcDatetime

router = APIRouter(prefix="/api", tags=["users"])

Role = Literal["student", "teacher", "admin"]
MAX_AT_ONCE = 500


class NewUser(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Text = Field(max_length=64)
    role: Role = "student"


class NewUsers(BaseModel):
    model_config = ConfigDict(extra="forbid")

    users: list[NewUser] = Field(min_length=1, max_length=MAX_AT_ONCE)


class Account(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    role: Role
    created_at: UtcDatetime
    must_change_password: bool = Field(
        description="Still on a password handed out (new or reset), not yet changed."
    )


class Added(BaseModel):
    name: str
    role: Role
    password: str = Field(description="Generated; shown this once. The user changes it.")


def _manager(user: User) -> None:
    if user.role not in ("teacher", "admin"):
        raise refused(403, "auth.not_allowed", roles="teacher or admin")


NOT_A_MANAGER: dict[int | str, dict[str, Any]] = {403: {"description": "Not a teacher or admin."}}
ADD_REFUSED: dict[int | str, dict[str, Any]] = {
    403: {"description": "Not a teacher or admin, or a role above yours."},
    422: {"description": "A name that cannot be used, or is taken."},
}


@router.get("/users", response_model=list[Account], operation_id="listUsers",
            responses=NOT_A_MANAGER)  # fmt: skip
def list_users(session: SessionDep, user: CurrentUser, settings: SettingsDep) -> list[User]:
    """A teacher's students, or, for an admin, every account; by name. The user of
    NETCANVAS_AUTH=none ("local") is no account: left out (`backend.loopback`)."""
    _manager(user)
    query = select(User).where(accounts_only(settings.single_user))
    query = query.order_by(func.lower(User.name), User.name)
    if user.role == "teacher":
        query = query.where(User.role == "student")
    return list(session.scalars(query))


@router.post("/users", status_code=201, response_model=list[Added], operation_id="addUsers",
             responses=ADD_REFUSED)  # fmt: skip
def add_users(body: NewUsers, session: SessionDep, user: CurrentUser) -> list[Added]:
    """Add accounts with generated passwords: a teacher adds students, an admin anyone."""
    _manager(user)
    if user.role == "teacher" and any(new.role != "student" for new in body.users):
        raise refused(403, "auth.not_allowed", roles="admin")
    names = _names([new.name for new in body.users])
    taken = set(session.scalars(select(User.name).where(User.name.in_(names))))
    twice = [name for i, name in enumerate(names) if name in taken or name in names[:i]]
    if twice:
        raise refused(422, "account.exists", name=", ".join(map(repr, dict.fromkeys(twice))))
    added = []
    for new, name in zip(body.users, names, strict=True):
        password = accounts.generated_password()
        session.add(
            User(
                name=name,
                role=new.role,
                password_hash=accounts.hash_password(password),
                must_change_password=True,
            )
        )
        added.append(Added(name=name, role=new.role, password=password))
    session.commit()
    return added


def _names(wanted: list[str]) -> list[str]:
    """Each name as it is kept (`accounts.check_name`); a 422 naming every one that cannot be
    used, so a pasted class list is put right in one go."""
    names, bad = [], []
    for name in wanted:
        try:
            names.append(accounts.check_name(name))
        except accounts.AccountError:
            bad.append(name)
    if bad:
        raise refused(422, "account.bad_name", name=", ".join(map(repr, bad)))
    return names


RESET_REFUSED: dict[int | str, dict[str, Any]] = {
    403: {"description": "Not a teacher or admin, or your own account (`account.not_yours`)."},
    404: {"description": "No such account among those you manage (a teacher's students)."},
}


@router.post("/users/{user_id}/password", response_model=Added, operation_id="resetPassword",
             responses=RESET_REFUSED)  # fmt: skip
def reset_password(account: ManagedUser, session: SessionDep, settings: SettingsDep) -> Added:
    """A new generated password for a student (a teacher) or anyone else (an admin), answered
    once; they must change it at their next sign-in, and every session of theirs ends. The
    user of NETCANVAS_AUTH=none ("local") is no account: missing here, as in the lists."""
    if settings.auth == "accounts" and is_loopback(account, settings.single_user):
        raise HTTPException(404, f"no user {account.id}")  # as `managed_user` answers
    password = accounts.reset_password(session, account)
    return Added.model_validate({"name": account.name, "role": account.role, "password": password})
