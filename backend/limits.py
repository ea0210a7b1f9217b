"""Bounded request bodies: a request is refused (413) once its body passes its route's
limit, whether it says its length (`Content-Length`, refused before a byte is read) or
streams it in chunks (refused at the chunk that passes the limit), so no upload is read
whole, to memory or to disk, before its size is checked.

Dataset uploads may be up to `NETCANVAS_MAX_UPLOAD_MB` (512); every other body (graphs,
configs, images to predict) up to `MAX_BODY_BYTES`. That bound holds before anyone is
known; a route that knows its user lowers it with `narrow` before it reads the body
(the upload route: to the room the user's own limits leave), so the rest of the
stream is refused with the route's refusal at the chunk that passes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .localise import refused
from .settings import get_settings

MAX_BODY_BYTES = 16 * 1024 * 1024  # a 10,000-node graph is about 2 MB; an image to predict 8
MULTIPART_SLACK = 64 * 1024  # the form's own fields and boundaries around an upload
SCOPE_KEY = "netcanvas.body_budget"


@dataclass
class Budget:
    """What this request's body may still take: its limit, and the refusal past it."""

    limit: int
    refusal: HTTPException


def narrow(scope: Scope, limit: int, refusal: HTTPException) -> None:
    """Lower this request's body limit to `limit` bytes (never raise it), refused with
    `refusal` past it; call before the body is read."""
    budget = scope.get(SCOPE_KEY)
    if isinstance(budget, Budget) and limit < budget.limit:
        budget.limit, budget.refusal = limit, refusal


def body_limit(scope: Scope) -> int:
    """The most bytes the body of this request may have."""
    if scope.get("method") == "POST" and scope.get("path", "").rstrip("/") == "/api/datasets":
        return get_settings().max_upload_bytes + MULTIPART_SLACK
    return MAX_BODY_BYTES


class BodyLimit:
    """ASGI middleware: counts each request's body as the app reads it; a client gone while
    it sends the body ends the request quietly (no traceback in the log)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope)
        budget = scope[SCOPE_KEY] = Budget(limit, _too_large(limit))
        declared = _content_length(scope)
        received = 0

        async def limited() -> Message:
            nonlocal received
            if declared is not None and declared > budget.limit:
                raise budget.refusal
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > budget.limit:
                    raise budget.refusal
            return message

        try:
            await self.app(scope, limited, send)
        except ClientDisconnect:
            # The client went away while it sent its body (the editor aborts a validation a
            # newer edit overtakes): normal, and nobody is left to answer; no traceback.
            return


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _too_large(limit: int) -> Any:
    return refused(413, "request.too_large", limit_mib=limit // (1024 * 1024))
