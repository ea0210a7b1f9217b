"""Each user's limits (`backend.user_limits`): an admin reads and sets anyone's
(`GET`/`PUT /api/users/{user_id}/limits`), and everyone reads their own
(`GET /api/auth/me/limits`). Each answer has the limits that apply, the user's
overrides, the server's defaults and what the user has now against them.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from .. import user_limits
from ..db.models import User
from ..deps import CurrentUser, SessionDep, SettingsDep, valid_id
from ..localise import refused
from ..settings import Settings
from ..user_limits import LimitOverrides, Limits, Usage

router = APIRouter(prefix="/api", tags=["users"])


class UserLimits(BaseModel):
    """One user's limits: those that apply, whose they are, and what the user uses now."""

    user_id: int
    name: str
    effective: Limits = Field(description="What applies: the overrides over the defaults.")
    overrides: LimitOverrides = Field(description="Set for this user; null takes the default.")
    defaults: Limits = Field(description="The server's settings (NETCANVAS_MAX_*).")
    usage: Usage


def admin(user: CurrentUser) -> User:
    """The user making the request, when an admin; a coded 403 otherwise."""
    if user.role != "admin":
        raise refused(403, "auth.not_allowed", roles="admin")
    return user


Admin = Annotated[User, Depends(admin)]
ADMIN_ONLY: dict[int | str, dict[str, Any]] = {
    403: {"description": "Not an admin."},
    404: {"description": "No such user."},
}


def limits_of(session: Session, settings: Settings, user: User) -> UserLimits:
    return UserLimits(
        user_id=user.id,
        name=user.name,
        effective=user_limits.effective(user, settings),
        overrides=user_limits.overrides(user),
        defaults=user_limits.defaults(settings),
        usage=user_limits.usage(session, user.id),
    )


def _user(session: Session, user_id: int) -> User:
    found = session.get(User, user_id) if valid_id(user_id) else None
    if found is None:
        raise refused(404, "limits.unknown_user", user=user_id)
    return found


@router.get("/users/{user_id}/limits", response_model=UserLimits,
            operation_id="readUserLimits", responses=ADMIN_ONLY)  # fmt: skip
def read_user_limits(
    user_id: int, session: SessionDep, settings: SettingsDep, _: Admin
) -> UserLimits:
    """A user's limits, overrides, the server's defaults and their usage (admins only)."""
    return limits_of(session, settings, _user(session, user_id))


@router.put(
    "/users/{user_id}/limits",
    response_model=UserLimits,
    operation_id="setUserLimits",
    responses={**ADMIN_ONLY, 422: {"description": "A figure out of bounds, or an unknown field."}},
)
def set_user_limits(
    user_id: int, body: LimitOverrides, session: SessionDep, settings: SettingsDep, _: Admin
) -> UserLimits:
    """Set a user's four limits (admins only): a field left out or null takes the server's
    default, so `{}` resets them all. An upload size may not pass the server's."""
    target = _user(session, user_id)
    if body.max_upload_mb is not None and body.max_upload_mb > settings.max_upload_mb:
        raise refused(422, "limits.upload_above_server", limit=settings.max_upload_mb)
    user_limits.store(target, body)
    session.commit()
    return limits_of(session, settings, target)


@router.get("/auth/me/limits", response_model=UserLimits, operation_id="myLimits")
def my_limits(session: SessionDep, settings: SettingsDep, user: CurrentUser) -> UserLimits:
    """Your own limits and what you use against them."""
    return limits_of(session, settings, user)
