"""Accounts: users with roles and argon2id password hashes, and signed-in sessions.

A password is only ever held long enough to hash or check it: the database keeps
the argon2id hash (`argon2-cffi`), never the clear text, and nothing here logs
one. A session's token is 32 random bytes given to the client once (as the
login answer's `token` and the httpOnly session cookie); the database keeps its
sha256 only, so a copy of the database signs nobody in. A wrong name and a
wrong password cost the same (a user that does not exist is checked against a
dummy hash) and answer the same. Torch-free.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from netcanvas.messages import render

from .db.models import ROLES, AuthSession, Job, User

SESSION_DAYS = 14
MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # argon2 takes any length; a bound keeps one check cheap
MAX_NAME = 64
NAME_MARKS = set("._- ")  # besides letters, marks and digits of any script

_hasher = PasswordHasher()
_DUMMY = _hasher.hash("not anyone's password")


class AccountError(ValueError):
    """A name, role or password that cannot be used: a message code (`account.*` in
    `netcanvas.messages`) and its params; `str()` is the English text."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code, self.params = code, params
        super().__init__(render(code, params))


def normal_name(name: str) -> str:
    """A name as it is kept and looked up: NFKC (full-width `ｈａｎａ` is `hana`, half-width
    `ﾊﾅ` is `ハナ`), its ends trimmed and each run of spaces one space, so a class list pasted
    from a spreadsheet names the accounts that a student types at sign-in."""
    return " ".join(unicodedata.normalize("NFKC", name).split())


def _name_char(char: str) -> bool:
    return char in NAME_MARKS or unicodedata.category(char)[0] in "LMN"


def check_name(name: str) -> str:
    """The name as kept (`normal_name`): letters, marks and digits of any script (a class
    has `田中 花子` and `Mary Ann`), spaces between words, '.', '_' and '-'; nothing else."""
    kept = normal_name(name)
    if not 1 <= len(kept) <= MAX_NAME or not all(_name_char(char) for char in kept):
        raise AccountError("account.bad_name", name=repr(name))
    return kept


def check_password(password: str) -> str:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise AccountError(
            "account.password_length", low=MIN_PASSWORD, high=MAX_PASSWORD, length=len(password)
        )
    return password


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError("account.bad_role", roles=", ".join(ROLES), role=repr(role))
    return role


def add_user(
    session: Session,
    name: str,
    password: str,
    role: str = "student",
    commit: bool = True,
    temporary: bool = False,
) -> User:
    """A new account; `AccountError` when the name is taken or anything is unusable.
    Without `commit` it is only flushed: the caller commits a batch, or rolls it back.
    A `temporary` password is one handed out: it must be changed before anything else."""
    name = check_name(name)
    check_role(role)
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise AccountError("account.exists", name=repr(name))  # before the password's faults
    hashed = _hasher.hash(check_password(password))
    user = User(name=name, role=role, password_hash=hashed, must_change_password=temporary)
    session.add(user)
    if commit:
        session.commit()
    else:
        session.flush()
    return user


def set_password(session: Session, name: str, password: str, temporary: bool = False) -> User:
    """A new password for `name`; every session of theirs ends. A `temporary` one must be
    changed at the next sign-in; otherwise the flag is cleared, since it says whether the
    current password is one handed out."""
    user = find(session, name)
    user.password_hash = _hasher.hash(check_password(password))
    user.must_change_password = temporary
    session.execute(delete(AuthSession).where(AuthSession.user_id == user.id))
    session.commit()
    return user


def hash_password(password: str) -> str:
    return _hasher.hash(check_password(password))


def generated_password() -> str:
    """A password to hand out once: 12 characters a person can read and type."""
    alphabet = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


def reset_password(session: Session, user: User) -> str:
    """A teacher's or an admin's reset: a generated password, given out once, that must be
    changed at the next sign-in; every session of the user's ends."""
    password = generated_password()
    user.password_hash = _hasher.hash(password)
    user.must_change_password = True
    session.execute(delete(AuthSession).where(AuthSession.user_id == user.id))
    session.commit()
    return password


def change_password(session: Session, user: User, current: str, new: str, keep: str) -> bool:
    """The user's own change: False when `current` is wrong; `AccountError` when `new`
    cannot be used or is `current` again (a one-time password kept is no change). It
    clears `must_change_password`. Every other session of theirs ends; the one whose
    token is `keep` goes on."""
    if not user.password_hash:
        return False
    try:
        _hasher.verify(user.password_hash, current[:MAX_PASSWORD])
    except (VerificationError, InvalidHashError):
        return False
    if new == current:
        raise AccountError("account.same_password")
    user.password_hash = _hasher.hash(check_password(new))
    user.must_change_password = False
    session.execute(
        delete(AuthSession).where(
            AuthSession.user_id == user.id, AuthSession.token_hash != digest(keep)
        )
    )
    session.commit()
    return True


def remove_user(session: Session, name: str) -> list[int]:
    """Remove the account and, with it, everything it owns (the database cascades); the ids
    of the jobs removed with it, whose files the caller removes (`jobs.job_files`)."""
    user = find(session, name)
    job_ids = list(session.scalars(select(Job.id).where(Job.owner_id == user.id)))
    session.delete(user)
    session.commit()
    return job_ids


def find(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == normal_name(name)))
    if user is None:
        raise AccountError("account.unknown", name=repr(name))
    return user


def authenticate(session: Session, name: str, password: str) -> User | None:
    """The user when the name and password match, else None, in about the same time."""
    name = normal_name(name)
    user = session.scalar(select(User).where(User.name == name)) if len(name) <= MAX_NAME else None
    hashed = user.password_hash if user is not None and user.password_hash else _DUMMY
    try:
        _hasher.verify(hashed, password[:MAX_PASSWORD])
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.password_hash:
        return None
    if _hasher.check_needs_rehash(hashed):
        user.password_hash = _hasher.hash(password)
        session.commit()
    return user


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, user: User) -> tuple[str, AuthSession]:
    """A new session for `user`: its token (given out once) and its row."""
    token = secrets.token_urlsafe(32)
    row = AuthSession(
        user_id=user.id,
        token_hash=digest(token),
        csrf=secrets.token_urlsafe(24),
        expires_at=datetime.now(UTC) + timedelta(days=SESSION_DAYS),
    )
    session.add(row)
    session.commit()
    return token, row


def session_for(session: Session, token: str) -> AuthSession | None:
    """The live session a token names; an expired one is removed."""
    row = session.scalar(select(AuthSession).where(AuthSession.token_hash == digest(token)))
    if row is None:
        return None
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
    if expires <= datetime.now(UTC):
        session.delete(row)
        session.commit()
        return None
    return row


def end_session(session: Session, token: str) -> None:
    session.execute(delete(AuthSession).where(AuthSession.token_hash == digest(token)))
    session.commit()
