"""Error details of the API in the request's language: codes stay, messages are rendered.

A coded 4xx detail is `{"message", "code", "params"?, "errors"?}`; `refused` builds one
from a code of `netcanvas.messages`, and `localise_detail` renders it in another language.

An error names what was wrong, often by quoting it; what a client sent may be no JSON
text can carry (`NaN`, which Python's JSON reader takes, or a lone surrogate such as
`"\\ud800"`), so every error answer goes out through `json_safe`: quoting it never
turns a 4xx into a 500.

A request that finds Redis gone (a connection error of redis-py, or kombu's of a send,
`backend.queue.send`) is answered 503 `job.queue_down` wherever it was raised, the error
(naming Redis's address) logged: never a 500. A websocket that does is closed with
`WS_QUEUE_DOWN` (4503, as 4404 is its 404) and the reason `job.queue_down`, the code a
client words in its own language (`close_queue_down`), never an unhandled exception.

Nor does an error answer echo what was sent at length: a validation item's `input` (FastAPI
quotes the whole value, a 2 MB graph included) is kept only up to `ECHO_BYTES` of JSON; a
larger one is left out, with `input_excerpt` (the start of its JSON text) and `input_bytes`
in its place (`capped`). `loc`, `msg`, `type`, `ctx` and our own `code` stay as they are.
"""

from __future__ import annotations

import json
import logging
import math
from contextlib import suppress
from typing import Any

import redis
from fastapi import FastAPI, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.utils import is_body_allowed_for_status_code
from kombu.exceptions import OperationalError
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import HTTPConnection
from starlette.websockets import WebSocket

from netcanvas.graph import GraphFormatError
from netcanvas.issues import Issue, phrase
from netcanvas.json_problems import json_problem
from netcanvas.messages import message, prefer, render

log = logging.getLogger(__name__)

QUEUE_DOWN = (redis.ConnectionError, redis.TimeoutError, OperationalError)
WS_QUEUE_DOWN = 4503  # a websocket's close code when Redis is gone: its 503
ECHO_BYTES = 512  # the most JSON an error answer quotes of one value that was sent
EXCERPT_CHARS = 200  # the start of a longer one's JSON text


def refused(
    status: int, code: str, /, *, errors: list[Issue] | None = None, **params: Any
) -> HTTPException:
    """An HTTP error whose detail is the message `code` (worded in English) and its `errors`."""
    detail: dict[str, Any] = {"message": render(code, params), "code": code, "params": params}
    if errors is not None:
        detail["errors"] = [issue.model_dump(exclude_none=True) for issue in errors]
    return HTTPException(status, detail)


def not_a_graph(error: GraphFormatError, loc: list[str], lang: str) -> HTTPException:
    """The 422 of a body that is no graph document: one FastAPI-style item per problem."""
    detail = []
    for issue in error.issues:
        issue = issue.localised(lang)
        item = {"loc": [*loc, issue.location], "msg": issue.message, "type": "graph_format"}
        detail.append({**item, "code": issue.code})
    return HTTPException(422, detail)


def graph_problem(error: GraphFormatError) -> dict[str, Any]:
    """The first reason a document is no graph and where (`format.at`), as a message value
    to fill into `format.not_a_graph`."""
    issue = error.issues[0]
    what = message(issue.code, **issue.params) if issue.code != "other" else issue.message
    return message("format.at", where=issue.location, what=what)


def invalid_value(error: ValueError, field: str) -> dict[str, Any]:
    """The first field a pydantic `error` names (under `field`, "" for the body itself), in our
    words as a request's validation item has them; `param.invalid` naming `field` for a
    `ValueError` of another kind."""
    items = error.errors(include_url=False) if isinstance(error, ValidationError) else []
    if not items:
        return message("param.invalid", field=field or "body", item="")
    item = jsonable_encoder(items[0])
    coded = _coded_item({**item, "loc": ["body", *filter(None, [field]), *item["loc"]]}, "en")
    return message(coded["code"], **coded["params"])


def localise_detail(detail: Any, lang: str) -> Any:
    """A coded detail (`refused`) with its texts in `lang`.

    English, and details without a code and params (plain text, or rendered already, as
    dataset problems are by the inspector), are left exactly as they are.
    """
    if lang == "en" or not isinstance(detail, dict) or "params" not in detail:
        return detail
    issue = Issue(message=str(detail.get("message", "")), code=str(detail["code"]))
    issue.params = dict(detail.get("params") or {})
    out = {**detail, "message": issue.localised(lang).message}
    errors = detail.get("errors")
    if isinstance(errors, list):
        out["errors"] = [_error(e, lang) for e in errors]
    return out


def _error(error: Any, lang: str) -> Any:
    if not isinstance(error, dict) or "code" not in error:
        return error
    issue = Issue.model_validate(error)
    return {**error, "message": issue.localised(lang).message}


def localise_errors(app: FastAPI) -> None:
    """Answer every coded HTTP error in the request's Accept-Language, wherever it was raised
    (a route, a dependency, or a validator of the body); Redis gone is one too (503)."""

    @app.exception_handler(StarletteHTTPException)
    async def localised(request: Request, error: StarletteHTTPException) -> Response:
        detail = localise_detail(error.detail, prefer(request.headers.get("accept-language")))
        headers = getattr(error, "headers", None)
        if not is_body_allowed_for_status_code(error.status_code):
            return Response(status_code=error.status_code, headers=headers)
        if isinstance(detail, list):  # FastAPI-style items raised by a route
            detail = [capped(item) for item in detail]
        return JSONResponse(json_safe({"detail": detail}), error.status_code, headers=headers)

    async def queue_down(conn: HTTPConnection, error: Exception) -> Response | None:
        if isinstance(conn, WebSocket):
            await close_queue_down(conn, error)
            return None
        assert isinstance(conn, Request)
        log.warning("%s %s: the job queue is not reachable: %s", conn.method,
                    conn.url.path, error)  # fmt: skip
        return await localised(conn, refused(503, "job.queue_down"))

    for kind in QUEUE_DOWN:  # one handler for both kinds of connection
        app.add_exception_handler(kind, queue_down)  # type: ignore[arg-type]

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        lang = prefer(request.headers.get("accept-language"))
        items = jsonable_encoder(error.errors())
        if any(isinstance(i, dict) and i.get("type") == "json_invalid" for i in items):
            items = [await _json_item(request, i) for i in items]
        detail = [capped(_coded_item(item, lang)) for item in items]
        return JSONResponse(json_safe({"detail": detail}), 422)


async def close_queue_down(websocket: WebSocket, error: BaseException) -> None:
    """Close a websocket whose Redis went away: `WS_QUEUE_DOWN`, reason `job.queue_down`; the
    error, which names Redis's address, goes to the log. A client that left first is gone."""
    log.warning("websocket %s: the job queue is not reachable: %s", websocket.url.path, error)
    with suppress(RuntimeError, OSError):  # closed already, or the client left
        await websocket.close(code=WS_QUEUE_DOWN, reason="job.queue_down")


def _coded_item(item: Any, lang: str) -> Any:
    """A FastAPI validation item with our `code` and its `msg` worded in `lang`, naming its
    field (`loc` past `body`/`query`/...): one of our own codes (`text.nul`, from
    `backend.schemas.storable`), or pydantic's type in our words (`netcanvas.issues.phrase`:
    `missing` is `param.required`, "file is required")."""
    if not isinstance(item, dict) or "code" in item:
        return item
    code = item.get("type")
    loc = list(item.get("loc") or [])
    field = _field(loc)
    if isinstance(code, str) and code.startswith("text."):
        params = dict(item.get("ctx") or {})
        params.setdefault("field", str(loc[-1]) if loc else "the text")
    elif code == "json_invalid":
        code, params = "format.not_json", {"error": item.get("problem") or message("json.syntax")}
        item = {k: v for k, v in item.items() if k != "problem"}
    elif code == "extra_forbidden":
        code, params = "param.unknown", {"field": field, "suggestion": ""}
    else:
        code, params = _phrased(item)
        params["field"] = field
    return {**item, "msg": render(code, params, lang), "code": code, "params": params}


# pydantic's types a request can meet that `phrase` (shared with layer parameters, whose
# issues keep `param.other`) has no words for -> our code and the `ctx` key it fills in
REQUEST_PHRASES = {
    "string_pattern_mismatch": ("param.pattern", "pattern"),
    "upload_file": ("param.file", ""),
}


def _phrased(item: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The code and params of a request's validation item, without the field: `phrase`'s,
    these `REQUEST_PHRASES`, or `param.invalid`, which names the field alone (pydantic's
    English `msg` is no reader's words; its `type` and `ctx` stay in the item)."""
    code, params = phrase(item)
    if code == "param.other":
        kind = str(item.get("type"))
        if kind == "value_error" and _not_a_file(str(item.get("msg"))):
            kind = "upload_file"
        code, key = REQUEST_PHRASES.get(kind, ("param.invalid", ""))
        ctx = item.get("ctx") or {}
        params = {"item": ""}
        if key:
            params[key] = ctx.get(key, "")
    return code, params


def _not_a_file(text: str) -> bool:
    """A `value_error` that says text came where a file goes: FastAPI's "Expected UploadFile,
    received: <class 'str'>", or the upload form's own "Expected a file"."""
    return "UploadFile" in text or text == "Expected a file"


WHERE = ("body", "query", "path", "header", "cookie")


def _field(loc: list[Any]) -> str:
    """`["body", "config", "epochs"]` as "config.epochs", `["body", "file"]` as "file";
    the whole body as "body"."""
    parts = loc[1:] if len(loc) > 1 and loc[0] in WHERE else loc
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "body"


async def _json_item(request: Request, item: Any) -> Any:
    """A `json_invalid` item with `problem`: what is wrong and at which line and column,
    read again from the body (FastAPI keeps it), in our words (`netcanvas.json_problems`)."""
    if not isinstance(item, dict) or item.get("type") != "json_invalid":
        return item
    try:
        json.loads(await request.body())
    except (ValueError, RecursionError) as error:
        return {**item, "problem": json_problem(error)}
    except RuntimeError:  # the body was read as a stream: no line to name
        pass
    return item


def capped(item: Any) -> Any:
    """A validation item whose `input` is left out when its JSON passes `ECHO_BYTES`, with
    `input_excerpt` (its first `EXCERPT_CHARS` characters and "…") and `input_bytes`."""
    if not isinstance(item, dict) or "input" not in item:
        return item
    try:
        text = json.dumps(json_safe(item["input"]), ensure_ascii=False, default=str)
    except (RecursionError, ValueError):  # nested past what json writes: too much to quote
        text = ""
    size = len(text.encode("utf-8"))
    if not text:
        return {**{k: v for k, v in item.items() if k != "input"}, "input_excerpt": "…"}
    if size <= ECHO_BYTES:
        return item
    out = {key: value for key, value in item.items() if key != "input"}
    return {**out, "input_excerpt": text[:EXCERPT_CHARS] + "…", "input_bytes": size}


def json_safe(value: Any) -> Any:
    """`value` with what JSON cannot carry spelled out: a float that is not finite as its
    name ("nan", "inf"), a lone surrogate as its escape (the text `\\ud800`)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {json_safe(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    return value
