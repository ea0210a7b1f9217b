"""A client that goes away while it sends a body (an aborted `POST /api/graphs/validate`, as
the editor aborts a validation that a newer edit overtakes) is normal: the app ends the request
quietly, with no "Exception in ASGI application" traceback in the server's log."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import MutableMapping
from typing import Any

import pytest

from backend.app import create_app


def test_a_client_gone_while_sending_its_body_ends_quietly(
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = create_app()
    sent: list[MutableMapping[str, Any]] = []
    chunks = iter(
        [{"type": "http.request", "body": b'{"format": "netcanvas/gr', "more_body": True}]
    )

    async def receive() -> dict[str, Any]:
        return next(chunks, {"type": "http.disconnect"})

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/graphs/validate",
        "raw_path": b"/api/graphs/validate",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json")],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    with caplog.at_level(logging.DEBUG):
        asyncio.run(app(scope, receive, send))  # ClientDisconnect does not come out of the app
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not any(m.get("status", 200) >= 500 for m in sent)  # nobody is there to read one
