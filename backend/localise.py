"""Error details of the API in the request's language: codes stay, messages are rendered.

A coded 4xx detail is `{"message", "code", "params"?, "errors"?}`; `refused` builds one
from a code of `netcanvas.messages`, and `localise_detail` renders it in another language.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from netcanvas.graph import GraphFormatError
from netcanvas.issues import Issue
from netcanvas.messages import prefer, render


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
    (a route, a dependency, or a validator of the body)."""

    @app.exception_handler(StarletteHTTPException)
    async def localised(request: Request, error: StarletteHTTPException) -> Response:
        error.detail = localise_detail(error.detail, prefer(request.headers.get("accept-language")))
        return await http_exception_handler(request, error)
