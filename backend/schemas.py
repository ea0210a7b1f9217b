"""Pieces shared by the routers' response models."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    WithJsonSchema,
    model_serializer,
)


def as_utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; every time the service stores is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


UtcDatetime = Annotated[datetime, AfterValidator(as_utc)]


# A graph document as stored: kept as the JSON it is (routes check it with `load_graph`, which
# names what is wrong). The OpenAPI document publishes it as the Graph schema
# (`backend.app` swaps this marker for a reference), so clients get its type.
GRAPH_DOCUMENT_MARK = "x-netcanvas-graph"
GRAPH_SCHEMA = {"$ref": "#/components/schemas/Graph"}
GraphDocument = Annotated[
    dict[str, Any], WithJsonSchema({"type": "object", GRAPH_DOCUMENT_MARK: True})
]


NOTE_MAX = 10_000  # characters per language, as a publication's note


class LaunchNote(BaseModel):
    """A lesson note (what to look for, the result to expect), in English and Japanese; a note
    written in one language (a teacher's) has the same text in both."""

    model_config = ConfigDict(extra="forbid")

    en: str = Field(max_length=NOTE_MAX)
    ja: str = Field(max_length=NOTE_MAX)
    from_class: str | None = Field(
        None,
        max_length=200,
        description="The title of the class publication the note came with (a teacher's note, "
        "headed 'From the class: …'); none: a sample's lesson.",
    )

    @model_serializer(mode="wrap")
    def _without_unset_source(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """A sample's note is `{en, ja}` as before: `from_class` only when there is one."""
        data: dict[str, Any] = handler(self)
        if data.get("from_class") is None:
            data.pop("from_class", None)
        return data
