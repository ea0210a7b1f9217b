"""Error details of the API in the request's language: codes stay, messages are rendered."""

from __future__ import annotations

from typing import Any

from netcanvas.issues import Issue


def localise_detail(detail: Any, lang: str) -> Any:
    """A 4xx detail `{"message", "code"?, "params"?, "errors"?}` with its texts in `lang`.

    English, and details without a code, are left exactly as they are.
    """
    if lang == "en" or not isinstance(detail, dict) or "code" not in detail:
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
