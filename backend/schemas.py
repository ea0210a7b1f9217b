"""Pieces shared by the routers' response models."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from netcanvas.messages import render


def as_utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; every time the service stores is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


UtcDatetime = Annotated[datetime, AfterValidator(as_utc)]


UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
SURROGATE = re.compile("[\ud800-\udfff]")


def storable(text: str, where: str | None = None) -> str:
    """`text` when a database can keep it: no NUL character (PostgreSQL's text refuses it)
    and no lone surrogate (no UTF-8 spells one; JSON's `\\ud800` escape makes one). A
    422 naming the character otherwise (`text.nul`, `text.surrogate`); the error handler
    names the field (`backend.localise`), or `where` in a document."""
    found = UNSTORABLE.search(text)
    if found is None:
        return text
    char, position = found.group(), found.start() + 1
    params: dict[str, Any] = {"position": position}
    if where is not None:
        params["field"] = where
    if char == "\x00":
        code = "text.nul"
    else:
        code, params["char"] = "text.surrogate", f"\\u{ord(char):04x}"
    message = render(code, {"field": "the text", **params})
    raise PydanticCustomError(code, message.replace("{", "{{").replace("}", "}}"), params)


def storable_document(document: dict[str, Any]) -> dict[str, Any]:
    """A JSON document (a graph) with no lone surrogate in any key or string, which no
    database can store; the 422 names where (`nodes[3].id`). NUL is fine there: JSON
    keeps it escaped."""
    stack: list[tuple[str, Any]] = [("", document)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            if SURROGATE.search(item):
                storable(item.replace("\x00", " "), where or "the document")
        elif isinstance(item, dict):
            for key, value in item.items():
                path = f"{where}.{key}" if where else str(key)
                stack += [(path, key), (path, value)]
        elif isinstance(item, list):
            stack += [(f"{where}[{index}]", value) for index, value in enumerate(item)]
    return document


# Text the service stores in a column of its own (a name, a description, a note).
Text = Annotated[str, AfterValidator(storable)]

# A name a user gives (a project's, a network's): the spaces around it dropped first, so that
# one of spaces only is refused as an empty one is, by the field's min_length.
Name = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(storable)]


# A graph document as stored: kept as the JSON it is (routes check it with `load_graph`, which
# names what is wrong). The OpenAPI document publishes it as the Graph schema
# (`backend.app` swaps this marker for a reference), so clients get its type.
GRAPH_DOCUMENT_MARK = "x-netcanvas-graph"
GRAPH_SCHEMA = {"$ref": "#/components/schemas/Graph"}
GraphDocument = Annotated[
    dict[str, Any],
    AfterValidator(storable_document),
    WithJsonSchema({"type": "object", GRAPH_DOCUMENT_MARK: True}),
]


NOTE_MAX = 10_000  # characters per language, as a publication's note


class LaunchNote(BaseModel):
    """A lesson note (what to look for, the result to expect), in English and Japanese; a note
    written in one language (a teacher's) has the same text in both."""

    model_config = ConfigDict(extra="forbid")

    en: Text = Field(max_length=NOTE_MAX)
    ja: Text = Field(max_length=NOTE_MAX)
    from_class: Text | None = Field(
        None,
        max_length=200,
        description="The title of the class publication the note came with (a teacher's note, "
        "headed 'From the class: …'); left out for a sample's lesson.",
        exclude_if=lambda title: title is None,  # a sample's note stays `{en, ja}`
    )
