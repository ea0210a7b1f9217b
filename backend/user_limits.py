"""The limits one user has: an admin's overrides (`User.limits`) over the server's settings.

Four limits, each named as the server setting it overrides, and stored under that
name in `users.limits` (a key that is absent, or no longer a valid figure, takes the
server's):

- `max_running_jobs`: that user's jobs training at once; `backend.scheduler.schedule`
  keeps the rest queued (not an error) while other users' jobs go ahead.
- `max_active_jobs`: jobs queued, running or paused; a launch past it is a 429.
- `max_upload_mb`: one upload's size (413). Never above the server's
  `NETCANVAS_MAX_UPLOAD_MB`: `backend.limits.BodyLimit` applies that one to every
  upload before its user is known, and narrows it to the user's once they are.
- `max_storage_mb`: the uploads the user keeps, in all (413).

A refusal names the limit, its figures, and whose it is (`source`: the server's
setting, or the user's own).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from netcanvas.messages import message

from .datasets import stored_bytes
from .db.models import Job, User
from .settings import Settings

LIMITS = ("max_running_jobs", "max_active_jobs", "max_upload_mb", "max_storage_mb")
# The most an admin may set: far past any real need, well inside a 32-bit column's range.
UPPER = {
    "max_running_jobs": 1_000,
    "max_active_jobs": 10_000,
    "max_upload_mb": 1_048_576,  # 1 TiB
    "max_storage_mb": 16_777_216,  # 16 TiB
}
ACTIVE_STATUSES = ("queued", "running", "paused")


class Limits(BaseModel):
    """The four limits, each a figure."""

    max_running_jobs: int = Field(description="Jobs training at once; more wait, queued.")
    max_active_jobs: int = Field(description="Jobs queued, running or paused at once.")
    max_upload_mb: int = Field(description="One dataset upload, in MiB.")
    max_storage_mb: int = Field(description="Every upload kept, in MiB in all.")


class LimitOverrides(BaseModel):
    """A user's own limits; null (or left out) takes the server's. Strict: `"3"` or `true`
    is not a figure."""

    model_config = ConfigDict(extra="forbid", strict=True)

    max_running_jobs: int | None = Field(None, ge=1, le=UPPER["max_running_jobs"])
    max_active_jobs: int | None = Field(None, ge=1, le=UPPER["max_active_jobs"])
    max_upload_mb: int | None = Field(
        None, ge=1, le=UPPER["max_upload_mb"],
        description="At most the server's NETCANVAS_MAX_UPLOAD_MB.",
    )  # fmt: skip
    max_storage_mb: int | None = Field(None, ge=1, le=UPPER["max_storage_mb"])


class Usage(BaseModel):
    """What the user has now, against their limits."""

    running_jobs: int = Field(description="Jobs training now.")
    active_jobs: int = Field(description="Jobs queued, running or paused.")
    storage_bytes: int = Field(description="What the user's uploads take.")


def defaults(settings: Settings) -> Limits:
    """The server's limits: what a user without overrides has."""
    return Limits(**{name: getattr(settings, name) for name in LIMITS})


def overrides(user: User) -> LimitOverrides:
    """The user's stored overrides; a stored value that is not a valid figure is ignored."""
    stored = user.limits if isinstance(user.limits, dict) else {}
    valid = {name: stored[name] for name in LIMITS if _figure(stored.get(name), UPPER[name])}
    return LimitOverrides(**valid)


def _figure(value: Any, upper: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= upper


def effective(user: User, settings: Settings) -> Limits:
    """The limits that apply to `user`: their overrides over the server's settings."""
    merged = defaults(settings).model_dump() | overrides(user).model_dump(exclude_none=True)
    merged["max_upload_mb"] = min(merged["max_upload_mb"], settings.max_upload_mb)
    return Limits(**merged)


def source(user: User, settings: Settings, name: str) -> dict[str, Any]:
    """Whose limit `name` is, as a message to fill into a refusal: the user's own (set by
    an admin) or the server's setting."""
    own = getattr(overrides(user), name)
    if own is not None and not (name == "max_upload_mb" and own > settings.max_upload_mb):
        return message("limit.yours", name=name)
    return message("limit.server", setting=f"NETCANVAS_{name.upper()}")


def store(user: User, changed: LimitOverrides) -> None:
    """Keep `changed` as the user's overrides (the caller commits); nulls are dropped."""
    user.limits = changed.model_dump(exclude_none=True)  # a new dict: SQLAlchemy sees it


def job_counts(session: Session, user_id: int) -> tuple[int, int]:
    """The user's jobs (running, queued or running or paused)."""
    rows = session.execute(
        select(Job.status, func.count())
        .where(Job.owner_id == user_id, Job.status.in_(ACTIVE_STATUSES))
        .group_by(Job.status)
    ).all()
    counts = {status: int(count) for status, count in rows}
    return counts.get("running", 0), sum(counts.values())


def usage(session: Session, user_id: int) -> Usage:
    running, active = job_counts(session, user_id)
    return Usage(
        running_jobs=running, active_jobs=active, storage_bytes=stored_bytes(session, user_id)
    )
