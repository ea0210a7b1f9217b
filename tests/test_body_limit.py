"""`backend.limits`: a route that knows its user narrows the body limit before it reads the
body, and the stream is refused at the chunk that passes the narrowed limit, with the
route's refusal, whether the body says its length or not; the rest is never read."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fastapi import HTTPException

from backend.limits import MAX_BODY_BYTES, BodyLimit, narrow

CHUNK = 64 * 1024


def run(chunks: int, narrowed: int, length: int | None = None) -> tuple[int, Any]:
    """POST `chunks` chunks through BodyLimit to an app that narrows the limit to `narrowed`
    bytes and then reads; how many chunks were taken from the client, and the outcome."""
    taken = 0
    refusal = HTTPException(413, "yours")

    async def receive() -> dict[str, Any]:
        nonlocal taken
        taken += 1
        return {"type": "http.request", "body": b"x" * CHUNK, "more_body": taken < chunks}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        narrow(scope, narrowed, refusal)
        while (await receive()).get("more_body"):
            pass

    async def send(message: Any) -> None:
        pass

    headers = [] if length is None else [(b"content-length", str(length).encode())]
    scope = {"type": "http", "method": "POST", "path": "/api/datasets", "headers": headers}
    try:
        asyncio.run(BodyLimit(app)(scope, receive, send))
    except HTTPException as error:
        return taken, error
    return taken, None


def test_a_narrowed_limit_refuses_the_stream_at_the_chunk_past_it() -> None:
    taken, outcome = run(chunks=100, narrowed=10 * CHUNK)
    assert isinstance(outcome, HTTPException) and outcome.detail == "yours"
    assert taken == 11  # the eleventh chunk passed it; the other 89 were never read


def test_a_declared_length_past_a_narrowed_limit_is_refused_before_a_byte_is_read() -> None:
    taken, outcome = run(chunks=100, narrowed=10 * CHUNK, length=100 * CHUNK)
    assert isinstance(outcome, HTTPException) and outcome.detail == "yours" and taken == 0


def test_a_body_within_the_narrowed_limit_is_read_whole() -> None:
    assert run(chunks=5, narrowed=10 * CHUNK) == (5, None)


@pytest.mark.parametrize("path", ["/api/graphs/validate", "/api/datasets"])
def test_narrowing_never_raises_the_limit(path: str) -> None:
    scope: dict[str, Any] = {"type": "http", "method": "POST", "path": path, "headers": []}
    seen: dict[str, Any] = {}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        narrow(scope, 10**12, HTTPException(413, "yours"))
        seen["budget"] = scope["netcanvas.body_budget"]

    async def nothing(*_: Any) -> Any:
        return {"type": "http.request", "body": b""}

    asyncio.run(BodyLimit(app)(scope, nothing, nothing))
    assert seen["budget"].limit < 10**12 and seen["budget"].refusal.detail != "yours"
    if path == "/api/graphs/validate":
        assert seen["budget"].limit == MAX_BODY_BYTES
