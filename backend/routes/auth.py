"""Signing in and out: `POST /api/auth/login`, `/logout`, `/password`, `GET /api/auth/me`,
`GET /api/auth/session` (the same as a 200 when nobody is signed in).

A sign-in answers the session's token (for scripts: `Authorization: Bearer`) and
sets it as an httpOnly, SameSite cookie for the browser, beside a readable CSRF
cookie whose value cookie-authenticated requests that change state send back
as `X-CSRF-Token` (`backend.deps.identify`).
"""

from __future__ import annotations

import logging
from typing import Annotated, Literal

import redis
from fastapi import APIRouter, Header, HTTPException, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from .. import accounts, events
from ..deps import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    CurrentUser,
    SessionDep,
    SettingsDep,
    get_current_user,
)
from ..localise import refused
from ..schemas import Text

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/auth", tags=["auth"])


class Login(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: Text = Field(max_length=64)
    password: str = Field(max_length=accounts.MAX_PASSWORD)


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    role: Literal["student", "teacher", "admin"]
    must_change_password: bool = Field(
        description="The password is one handed out: every route but `/api/auth/*` answers "
        "403 (`auth.must_change_password`) until `POST /api/auth/password` changes it."
    )


class SignedIn(BaseModel):
    token: str = Field(description="The session's token: send it as `Authorization: Bearer`.")
    csrf_token: str = Field(description="Send as `X-CSRF-Token` with the session cookie.")
    user: UserPublic


class Me(BaseModel):
    user: UserPublic
    auth: Literal["none", "accounts"] = Field(
        description="`accounts`: this server signs everyone in; `none`: one local user."
    )
    csrf_token: str | None = Field(
        None, description="The session's CSRF token when the request came with its cookie."
    )


@router.post(
    "/login",
    response_model=SignedIn,
    operation_id="login",
    responses={
        401: {"description": "Wrong user name or password (the same for both)."},
        429: {"description": "Too many failed sign-ins for this name or from this address."},
    },
)
def login(
    body: Login, request: Request, response: Response, session: SessionDep, settings: SettingsDep
) -> SignedIn:
    """Sign in: the session's token, and its cookie for the browser. Too many failures for
    one name, or from one address, within a quarter of an hour are a 429 until it passes."""
    address = request.client.host if request.client else "unknown"
    name = accounts.normal_name(body.username)  # as kept, so " Hana" counts against "Hana"
    throttle = LoginThrottle(events.client(settings.broker), name, address)
    throttle.check()
    user = accounts.authenticate(session, name, body.password)
    if user is None:
        throttle.failed()
        raise refused(401, "auth.bad_login")
    throttle.passed()
    token, row = accounts.start_session(session, user)
    secure = request.url.scheme == "https"
    max_age = accounts.SESSION_DAYS * 24 * 3600
    response.set_cookie(
        SESSION_COOKIE, token, max_age=max_age, httponly=True, samesite="lax", secure=secure
    )
    response.set_cookie(CSRF_COOKIE, row.csrf, max_age=max_age, samesite="strict", secure=secure)
    return SignedIn(token=token, csrf_token=row.csrf, user=UserPublic.model_validate(user))


class LoginThrottle:
    """Failed sign-ins counted in Redis per name and per address, for WINDOW_S; the
    address allows more, since a class may share one."""

    WINDOW_S = 15 * 60
    PER_NAME = 10
    PER_ADDRESS = 50

    def __init__(self, r: redis.Redis, name: str, address: str) -> None:
        self.r = r
        self.keys = {
            f"netcanvas:login:name:{name.lower()[:64]}": self.PER_NAME,
            f"netcanvas:login:address:{address}": self.PER_ADDRESS,
        }

    def check(self) -> None:
        try:
            counts = self.r.mget(list(self.keys))
            for (key, limit), count in zip(self.keys.items(), counts, strict=True):
                if count is not None and int(count) >= limit:
                    minutes = max(1, -(-int(self.r.ttl(key)) // 60))
                    raise refused(429, "auth.too_many_attempts", minutes=minutes)
        except redis.RedisError:  # no throttle without Redis; signing in still works
            log.warning("the sign-in throttle cannot reach Redis")

    def failed(self) -> None:
        try:
            with self.r.pipeline() as pipe:
                for key in self.keys:
                    pipe.incr(key)
                    pipe.expire(key, self.WINDOW_S, nx=True)
                pipe.execute()
        except redis.RedisError:
            log.warning("the sign-in throttle cannot reach Redis")

    def passed(self) -> None:
        try:
            self.r.delete(next(iter(self.keys)))  # the name's count; the address keeps its
        except redis.RedisError:
            log.warning("the sign-in throttle cannot reach Redis")


@router.post("/logout", status_code=204, operation_id="logout")
def logout(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """End this session (the cookie's, or the bearer token's) and clear its cookies."""
    token = _token_of(request)
    if token:
        accounts.end_session(session, token)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)
    return response


@router.get("/me", response_model=Me, operation_id="me")
def me(request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser) -> Me:
    """Who is signed in, and whether this server has accounts."""
    cookie = request.cookies.get(SESSION_COOKIE)
    found = accounts.session_for(session, cookie) if cookie else None
    return Me(
        user=UserPublic.model_validate(user),
        auth=settings.auth,
        csrf_token=found.csrf if found else None,
    )


class AuthSession(BaseModel):
    """Whether this server has accounts, and who is signed in: nobody is `user` null."""

    auth: Literal["none", "accounts"] = Field(
        description="`accounts`: this server signs everyone in; `none`: one local user."
    )
    user: UserPublic | None = Field(description="Who is signed in; null: nobody (sign in).")
    csrf_token: str | None = Field(
        None, description="The session's CSRF token when the request came with its cookie."
    )


@router.get("/session", response_model=AuthSession, operation_id="authSession")
def current_session(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    authorization: Annotated[str | None, Header()] = None,
) -> AuthSession:
    """What `GET /api/auth/me` says, as a 200 even when nobody is signed in (`user` null), so
    a browser's start asks without a failed request: a page signed out logs no error."""
    try:
        user = get_current_user(request, session, settings, authorization)
    except HTTPException as error:
        if error.status_code != 401:
            raise
        return AuthSession(auth=settings.auth, user=None)
    cookie = request.cookies.get(SESSION_COOKIE)
    found = accounts.session_for(session, cookie) if cookie else None
    return AuthSession(
        auth=settings.auth,
        user=UserPublic.model_validate(user),
        csrf_token=found.csrf if found else None,
    )


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    current: str = Field(max_length=accounts.MAX_PASSWORD)
    new: str = Field(max_length=accounts.MAX_PASSWORD)


@router.post(
    "/password",
    status_code=204,
    operation_id="changePassword",
    responses={
        403: {"description": "The current password is wrong."},
        422: {
            "description": "The new password cannot be used: too short or too long, or the "
            "current one again (`account.same_password`)."
        },
    },
)
def change_password(
    body: PasswordChange, request: Request, session: SessionDep, user: CurrentUser
) -> Response:
    """Change your own password (one a teacher handed out, say); your other sessions end.
    A one-time password is changed here, and only then does the rest of the API open."""
    token = _token_of(request) or ""
    try:
        changed = accounts.change_password(session, user, body.current, body.new, keep=token)
    except accounts.AccountError as error:
        raise refused(422, error.code, **error.params) from None
    if not changed:
        raise refused(403, "auth.wrong_password")
    return Response(status_code=204)


def _token_of(request: Request) -> str | None:
    authorization = request.headers.get("authorization", "")
    return authorization.removeprefix("Bearer ").strip() or request.cookies.get(SESSION_COOKIE)
