"""Errors and warnings about a graph, and a person's wording of pydantic's errors.

Each issue carries a stable `code` and its `params` beside the rendered `message`
(templates in `netcanvas.messages`); `localised` renders it in another language.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from .messages import message as nested
from .messages import render


class Issue(BaseModel):
    """One error or warning; `node` names the node to mark, `field` its parameter."""

    node: str | None = None
    field: str | None = None
    edge: int | None = None
    message: str
    code: str = "other"
    params: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def of(
        cls,
        code: str,
        node: str | None = None,
        field: str | None = None,
        edge: int | None = None,
        **params: Any,
    ) -> Issue:
        """An issue from a message code and its params, worded in English.

        `node`, `field` and `edge` are params too, so templates may name them.
        """
        where = {"node": node, "field": field, "edge": edge}
        params = {**{k: v for k, v in where.items() if v is not None}, **params}
        return cls(
            node=node,
            field=field,
            edge=edge,
            code=code,
            params=params,
            message=worded(code, params),
        )

    def localised(self, lang: str) -> Issue:
        """This issue with its message in `lang`; a plain-text issue stays as it is."""
        if self.code == "other" and not self.params:
            return self
        return self.model_copy(update={"message": worded(self.code, self.params, lang)})


def worded(code: str, params: dict[str, Any], lang: str = "en") -> str:
    """The message; an issue from inside a unit gets its path in front (`unit_path`: the
    steps, outermost first, each `{unit, node, copy}`, copy 0 for a unit used once)."""
    steps = params.get("unit_path") or []
    path = "".join(
        render("unit.path_step_copy" if s.get("copy") else "unit.path_step", s, lang) for s in steps
    )
    return path + render(code, params, lang)


def localise(issues: Iterable[Issue], lang: str) -> list[Issue]:
    return [issue.localised(lang) for issue in issues]


def suggest(word: str, choices: Iterable[str]) -> dict[str, Any] | str:
    """A ' (did you mean Conv2d?)' message when a close choice exists, else ''."""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    match = lowered.get(word.lower()) or next(
        iter(difflib.get_close_matches(word, choices, n=1, cutoff=0.5)), None
    )
    return nested("hint.did_you_mean", name=match) if match else ""


def param_issues(node: str | None, error: ValidationError, known: Iterable[str]) -> list[Issue]:
    """One issue per parameter (of a node's layer, or of a config), worded for a person."""
    by_field: dict[str, list[dict[str, Any]]] = {}
    for item in error.errors(include_url=False):
        field = str(item["loc"][0]) if item["loc"] else "params"
        by_field.setdefault(field, []).append(dict(item))
    issues = []
    for field, items in by_field.items():
        if items[0]["type"] == "extra_forbidden":
            code = "param.unknown"
            params: dict[str, Any] = {"suggestion": suggest(field, known)}
        else:
            code, params = _explain(items)
        issues.append(Issue.of(code, node=node, field=field, **params))
    return issues


def _explain(items: list[dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    if len(items) == 1 and len(items[0]["loc"]) <= 1:
        return phrase(items[0])
    listed = [item for item in items if isinstance(item["loc"][1], int)]
    if listed:  # an item of a list (Input's shape): its index and value, not a union's branch
        code, params = phrase(listed[0])
        shown = shown_value(listed[0].get("input"))
        params["item"] = nested("hint.item_value", index=listed[0]["loc"][1], value=shown)
        return code, params
    # A union (int | list | 'same'): prefer the branch that got the right kind of value.
    value = items[0].get("input")
    for item in items:
        branch = _branch(item)
        if _same_kind(value, branch) and item["type"] not in TYPE_ERRORS:
            where = [p for p in item["loc"][2:] if isinstance(p, int)]
            code, params = phrase(item)
            if where:
                params["item"] = nested("hint.item", index=where[-1])
            return code, params
    kinds = []
    for item in items:
        branch = _branch(item)
        kind = _kind(branch, item)
        if kind not in kinds:
            kinds.append(kind)
    return "param.kinds", {"kinds": kinds}


SHOWN_VALUE = 40  # characters of a bad value a message quotes


def shown_value(value: Any) -> str:
    """A value as JSON spells it (1e+300, true, "3", null), cut after SHOWN_VALUE characters."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= SHOWN_VALUE else text[:SHOWN_VALUE] + "..."


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


def _kind(branch: str, item: dict[str, Any]) -> dict[str, Any]:
    if branch.startswith("list"):
        return nested("kind.list")
    if branch.startswith("literal"):
        return nested("kind.literal", expected=phrase(item)[1].get("expected", ""))
    if branch in ("int", "float", "bool", "none", "str"):
        return nested("kind." + branch)
    return nested("kind.other", name=branch or "something else")


PHRASES = {
    "greater_than_equal": ("param.at_least", "ge"),
    "greater_than": ("param.more_than", "gt"),
    "less_than_equal": ("param.at_most", "le"),
    "less_than": ("param.less_than", "lt"),
    "int_type": ("param.integer", ""),
    "int_from_float": ("param.integer", ""),
    "int_parsing": ("param.integer", ""),
    "float_parsing": ("param.number", ""),
    "bool_parsing": ("param.bool", ""),
    "float_type": ("param.number", ""),
    "bool_type": ("param.bool", ""),
    "string_type": ("param.text", ""),
    "list_type": ("param.list", ""),
    "dict_type": ("param.object", ""),
    "missing": ("param.required", ""),
    "too_short": ("param.too_short", "min_length"),
    "too_long": ("param.too_long", "max_length"),
    "string_too_short": ("param.text_too_short", "min_length"),
    "string_too_long": ("param.text_too_long", "max_length"),
    "finite_number": ("param.finite", ""),
    "too_deep": ("param.too_deep", "max_depth"),
    "model_type": ("param.object", ""),
    "model_attributes_type": ("param.object", ""),
    "set_type": ("param.list", ""),
    "tuple_type": ("param.list", ""),
    "int_parsing_size": ("param.integer_too_large", ""),
    "multiple_of": ("param.multiple_of", "multiple_of"),
}


def choices(expected: str) -> Any:
    """pydantic's list of allowed values ("'a', 'b' or 'c'", in English) with its "or" in
    the reader's language (`hint.choices`), and its commas too (`hint.listed`: Japanese
    lists with 、 throughout); one value as it is."""
    first, sep, last = expected.rpartition(" or ")
    return nested("hint.choices", first=listed(first), last=last) if sep else expected


# one value as pydantic lists it: a quoted string (either quote, escapes kept) or a bare word
LISTED_VALUE = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^,'"\s][^,'"]*""")


def listed(values: str) -> Any:
    """pydantic's "'a', 'b', 'c'" as nested `hint.listed` messages, so each language has its
    own comma; a text that does not split cleanly into values stays as it is."""
    items = LISTED_VALUE.findall(values)
    if len(items) < 2 or ", ".join(items) != values:
        return values
    joined: Any = items[0]
    for item in items[1:]:
        joined = nested("hint.listed", first=joined, next=item)
    return joined


def phrase(item: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The code and params of one pydantic error, without the field name."""
    ctx = item.get("ctx") or {}
    kind = item["type"]
    if kind in ("literal_error", "enum"):
        return "param.literal", {
            "item": "",
            "expected": choices(str(ctx.get("expected", "one of the listed values"))),
        }
    code, key = PHRASES.get(kind, ("", ""))
    if not code or (key and key not in ctx):
        return "param.other", {"text": str(item["msg"])}
    params: dict[str, Any] = {"item": ""}
    if key:
        params[key] = ctx[key]
    return code, params
