"""Request paths with dot segments are answered 404, never followed nor redirected.

A browser resolves `.` and `..` in a URL before it sends it, but an encoded slash does not
count (`/assets%2F..`, `/api/jobs/..%2F..`): the server decodes it into the path, and
Starlette then answered 307 with a redirect to the resolved-looking path (the static files'
"add a trailing slash", or the router's). Such a path names nothing of ours: it gets a coded
404 (`request.dot_segment`) in the request's language before any route or file is looked up.
"""

from __future__ import annotations

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from netcanvas.messages import prefer

from .localise import json_safe, localise_detail, refused

DOT_SEGMENTS = (".", "..")


def has_dot_segment(path: str) -> bool:
    """Whether the decoded path has a `.` or `..` part (`\\` counts as a separator too)."""
    return any(part in DOT_SEGMENTS for part in path.replace("\\", "/").split("/"))


class NoDotSegments:
    """ASGI middleware: a 404 for an HTTP request whose path has a dot segment; a websocket
    with one is closed before it is accepted."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or not has_dot_segment(scope["path"]):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        headers = dict(scope.get("headers") or [])
        lang = prefer(headers.get(b"accept-language", b"").decode("latin-1") or None)
        detail = localise_detail(refused(404, "request.dot_segment").detail, lang)
        await JSONResponse(json_safe({"detail": detail}), 404)(scope, receive, send)
