"""Errors and warnings about a graph, and plain-English wording of pydantic's errors."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError


class Issue(BaseModel):
    """One error or warning; `node` names the node to mark, `field` its parameter."""

    node: str | None = None
    field: str | None = None
    edge: int | None = None
    message: str


def suggest(word: str, choices: Iterable[str]) -> str:
    """' (did you mean Conv2d?)' when a close choice exists, else ''."""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    match = lowered.get(word.lower()) or next(
        iter(difflib.get_close_matches(word, choices, n=1, cutoff=0.5)), None
    )
    return f" (did you mean {match}?)" if match else ""


def param_issues(node: str, error: ValidationError, known: Iterable[str]) -> list[Issue]:
    """One issue per parameter, worded for a person: 'must be at least 1'."""
    by_field: dict[str, list[dict[str, Any]]] = {}
    for item in error.errors(include_url=False):
        field = str(item["loc"][0]) if item["loc"] else "params"
        by_field.setdefault(field, []).append(dict(item))
    issues = []
    for field, items in by_field.items():
        if items[0]["type"] == "extra_forbidden":
            message = f"unknown parameter '{field}'{suggest(field, known)}"
        else:
            message = f"{field} {_explain(items)}"
        issues.append(Issue(node=node, field=field, message=message))
    return issues


def _explain(items: list[dict[str, Any]]) -> str:
    if len(items) == 1 and len(items[0]["loc"]) <= 1:
        return _phrase(items[0])
    # A union (int | list | 'same'): prefer the branch that got the right kind of value.
    value = items[0].get("input")
    for item in items:
        branch = _branch(item)
        if _same_kind(value, branch) and item["type"] not in TYPE_ERRORS:
            where = "".join(f" item {p}" for p in item["loc"][2:] if isinstance(p, int))
            return (where.strip() + " " if where else "") + _phrase(item)
    kinds = []
    for item in items:
        branch = _branch(item)
        kind = _kind(branch, item)
        if kind not in kinds:
            kinds.append(kind)
    return "must be " + " or ".join(kinds)


TYPE_ERRORS = {
    "int_type",
    "float_type",
    "bool_type",
    "string_type",
    "list_type",
    "literal_error",
    "none_required",
    "is_instance_of",
    "model_type",
    "dict_type",
}


def _branch(item: dict[str, Any]) -> str:
    """The union member an error came from: 'int', 'float', 'list[...]', 'literal[...]'."""
    return str(item["loc"][1]).removeprefix("constrained-") if len(item["loc"]) > 1 else ""


def _same_kind(value: Any, branch: str) -> bool:
    if isinstance(value, bool):
        return branch == "bool"
    if isinstance(value, int):
        return branch in ("int", "float")
    if isinstance(value, float):
        return branch == "float"
    if isinstance(value, list):
        return branch.startswith("list")
    if isinstance(value, str):
        return branch.startswith(("literal", "str"))
    return False


def _kind(branch: str, item: dict[str, Any]) -> str:
    if branch.startswith("list"):
        return "a list"
    if branch.startswith("literal"):
        return _phrase(item).removeprefix("must be ")
    return {
        "int": "an integer",
        "float": "a number",
        "bool": "true or false",
        "none": "null",
        "str": "text",
    }.get(branch, branch or "something else")


def _phrase(item: dict[str, Any]) -> str:
    ctx = item.get("ctx") or {}
    kind = item["type"]
    phrases = {
        "greater_than_equal": "must be at least {ge}",
        "greater_than": "must be more than {gt}",
        "less_than_equal": "must be at most {le}",
        "less_than": "must be less than {lt}",
        "int_type": "must be an integer",
        "int_from_float": "must be an integer",
        "float_type": "must be a number",
        "bool_type": "must be true or false",
        "string_type": "must be text",
        "list_type": "must be a list",
        "dict_type": "must be an object",
        "missing": "is required",
        "too_short": "must have at least {min_length} items",
        "too_long": "must have at most {max_length} items",
        "finite_number": "must be a finite number",
    }
    if kind == "literal_error":
        return f"must be {ctx.get('expected', 'one of the listed values')}"
    template = phrases.get(kind)
    if template is None:
        return str(item["msg"])
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return str(item["msg"])
