"""Why a text is not JSON, in our own words: what is wrong and where (line and column),
as a message value (`netcanvas.messages.message`) to fill into `format.not_json` and
`format.file_not_json`. Python's own text ("Expecting property name enclosed in double
quotes: line 1 column 2 (char 1)") is English whatever the reader's language."""

from __future__ import annotations

import json
from typing import Any

from .messages import message

# Python's `JSONDecodeError.msg`, start of it -> our code
KINDS = {
    "Expecting value": "json.expecting_value",
    "Expecting property name": "json.expecting_name",
    "Expecting ':' delimiter": "json.expecting_colon",
    "Expecting ',' delimiter": "json.expecting_comma",
    "Unterminated string": "json.unterminated_string",
    "Invalid control character": "json.control_character",
    "Invalid \\escape": "json.bad_escape",
    "Invalid \\uXXXX escape": "json.bad_escape",
    "Extra data": "json.extra_data",
    "Illegal trailing comma": "json.trailing_comma",
}


def json_problem(error: BaseException) -> dict[str, Any]:
    """What is wrong with a JSON text that `json.loads` refused with `error`."""
    if isinstance(error, json.JSONDecodeError):
        kind = next((code for start, code in KINDS.items() if error.msg.startswith(start)),
                    "json.syntax")  # fmt: skip
        return message("json.at", what=message(kind), line=error.lineno, column=error.colno)
    if isinstance(error, UnicodeDecodeError):
        return message("json.not_utf8", position=error.start + 1)
    if isinstance(error, RecursionError):
        return message("json.too_deep")
    return message("json.syntax")
