"""The graph format `netcanvas/graph@1`: pydantic models, loading and migration.

A graph file is JSON. `load_graph` turns any decoded JSON value into a `Graph`
or raises `GraphFormatError` with messages that say what is wrong and where.
Whether the network itself makes sense (layer types, parameters, shapes) is
the job of `netcanvas.validation`, which answers per node instead of refusing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .gcpause import gc_paused
from .issues import phrase
from .messages import message, render
from .training_config import Optimizer

FORMAT = "netcanvas/graph@1"

MAX_NODES = 10_000
MAX_ID = 64  # characters of a node's id
MAX_EDGES = 50_000
# How deeply a free-form value (a parameter, editor data) may nest lists and objects: far past
# any layer's needs, and short of pydantic's serialisation depth, past which saving failed (500).
MAX_DEPTH = 32


def shallow(value: Any) -> Any:
    """`value` unchanged if its lists and objects nest at most MAX_DEPTH deep; else a
    validation error ("too_deep") that `load_graph` words with the field it is in."""
    if isinstance(value, dict | list) and not _within(value, MAX_DEPTH):
        raise PydanticCustomError(
            "too_deep", "nests lists or objects more than {max_depth} deep",
            {"max_depth": MAX_DEPTH},
        )  # fmt: skip
    return value


def _within(item: dict[str, Any] | list[Any], levels: int) -> bool:
    """Whether the lists and objects inside `item` nest at most `levels` deep (recursion
    at most MAX_DEPTH deep: it stops there)."""
    for each in item.values() if isinstance(item, dict) else item:
        if isinstance(each, dict | list) and (levels == 0 or not _within(each, levels - 1)):
            return False
    return True


# A free-form JSON object (or any value) of the format, nested at most MAX_DEPTH deep.
Shallow = Annotated[dict[str, Any], AfterValidator(shallow)]
ShallowValue = Annotated[Any, AfterValidator(shallow)]

# Older formats migrate one step at a time to the next; none exist yet, but a
# saved file always carries `format`, so adding `netcanvas/graph@0` later is
# one entry here and old files keep loading.
MIGRATIONS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class Node(BaseModel):
    """One layer on the canvas."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=MAX_ID, description="Unique within the graph.")
    type: str = Field(min_length=1, max_length=64, description="A layer type from the catalogue.")
    params: Shallow = Field(
        default_factory=dict, description="Layer parameters; omitted ones take defaults."
    )
    ui: Shallow | None = Field(
        default=None, description="Editor-only data (position, comment); the compiler ignores it."
    )


class Edge(BaseModel):
    """A tensor flowing from one node's output into another node's input."""

    model_config = ConfigDict(extra="forbid")

    source: str
    target: str
    target_port: int | None = Field(
        default=None, ge=0, description="Input position on multi-input nodes (Add, Concat, ...)."
    )
    ui: Shallow | None = None


class UnitArgument(BaseModel):
    """An argument of a unit: parameters inside the unit name it as `"$name"`."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=64, description="An identifier, unique in the unit.")
    # optional: a store that drops nulls (exclude_none) must load the same unit back
    default: ShallowValue = Field(None, description="The value when a use gives none.")
    description: str = ""


class UnitDef(BaseModel):
    """A named sub-network (docs/GRAPH_UNITS_AND_NETWORKS.md section 1); `Unit` nodes use it.

    Its nodes and edges are exactly a graph's, plus `UnitInput` and `UnitOutput`; whether
    the definition makes sense (identifier names, one `UnitOutput`, no cycles of units) is
    validation's job, which reports it in the answer's `units`.
    """

    model_config = ConfigDict(extra="forbid")

    name: str = Field(
        min_length=1, max_length=64, description="A Python identifier, unique among the units."
    )
    description: str = ""
    arguments: list[UnitArgument] = Field(default_factory=list, max_length=256)
    nodes: list[Node] = Field(default_factory=list, max_length=MAX_NODES)
    edges: list[Edge] = Field(default_factory=list, max_length=MAX_EDGES)
    ui: Shallow | None = Field(
        default=None, description="Editor-only data (the unit canvas's viewport)."
    )


class PhaseOptimizer(BaseModel):
    """A phase's overrides of the job's optimizer settings (netcanvas/training_config.py's
    field names); a field left out keeps the job's value."""

    model_config = ConfigDict(extra="forbid")

    optimizer: Optimizer | None = None
    lr: float | None = Field(default=None, gt=0, le=10)
    momentum: float | None = Field(default=None, ge=0, lt=1)
    beta1: float | None = Field(default=None, ge=0, lt=1)
    beta2: float | None = Field(default=None, ge=0, lt=1)
    rho: float | None = Field(default=None, ge=0, lt=1)
    eps: float | None = Field(default=None, gt=0, le=1)
    weight_decay: float | None = Field(default=None, ge=0, le=1)


class Phase(BaseModel):
    """One phase of a training step (docs/GRAPH_UNITS_AND_NETWORKS.md section 3): the
    weighted sum of `losses`, backward, and its own optimizer's step over `updates`."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=64)
    # Empty lists parse (a phase the editor is still filling in) and validation names what is
    # missing (`phase.no_losses`, `phase.no_updates`), rather than the whole body being a 422.
    losses: list[str] = Field(max_length=64, description="Loss node ids.")
    updates: list[str] = Field(max_length=256, description="Node ids or Unit `shared_as` names.")
    optimizer: PhaseOptimizer | None = None


class TrainingPlan(BaseModel):
    """How the graph's networks train together: phases run in order on every step."""

    model_config = ConfigDict(extra="forbid")

    phases: list[Phase] = Field(default_factory=list, max_length=16)


class Graph(BaseModel):
    """A whole network, as saved and exchanged."""

    model_config = ConfigDict(extra="forbid", title="netcanvas/graph@1")

    format: Literal["netcanvas/graph@1"]
    name: str = ""
    description: str = ""
    nodes: list[Node] = Field(max_length=MAX_NODES)
    edges: list[Edge] = Field(default_factory=list, max_length=MAX_EDGES)
    ui: Shallow | None = None
    # Absent (None) in every file written before units, so saving one stores nothing new.
    units: list[UnitDef] | None = Field(
        default=None, max_length=1_000, description="Unit definitions that `Unit` nodes use."
    )
    # Absent in files written before several networks: one phase trains every loss.
    training: TrainingPlan | None = Field(
        default=None, description="Phases of a step when several networks train together."
    )

    @model_validator(mode="after")
    def _bounded(self) -> Graph:
        """Unit definitions count towards MAX_NODES and MAX_EDGES with the graph's own."""
        units = self.units or []
        nodes = len(self.nodes) + sum(len(u.nodes) for u in units)
        edges = len(self.edges) + sum(len(u.edges) for u in units)
        if nodes > MAX_NODES or edges > MAX_EDGES:
            raise ValueError(
                f"at most {MAX_NODES} nodes and {MAX_EDGES} edges in all, units included"
            )
        return self


class FormatIssue(BaseModel):
    """One reason a JSON document is not a graph at all.

    `code` and `params` render the message in another language (netcanvas.messages);
    the location is never part of the message, so a caller can put it in front.
    """

    location: str
    message: str
    code: str = "other"
    params: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def of(cls, location: str, code: str, **params: Any) -> FormatIssue:
        return cls(location=location, message=render(code, params), code=code, params=params)

    def localised(self, lang: str) -> FormatIssue:
        """This issue in `lang`; English keeps the message it was made with."""
        if lang == "en" or self.code == "other":
            return self
        return self.model_copy(update={"message": render(self.code, self.params, lang)})


class GraphFormatError(ValueError):
    """The JSON document is not a `netcanvas/graph@1` graph."""

    def __init__(self, issues: list[FormatIssue]) -> None:
        self.issues = issues
        super().__init__("; ".join(f"{i.location}: {i.message}" for i in issues))


def load_graph(data: Any) -> Graph:
    """Check the envelope (format, known fields) and return the graph model."""
    if not isinstance(data, dict):
        raise GraphFormatError([FormatIssue.of("(document)", "format.not_object")])
    data = _migrate(data)
    unknown = sorted(set(data) - set(Graph.model_fields))
    if unknown:
        raise GraphFormatError(
            [FormatIssue.of(key, "format.unknown_field", key=key) for key in unknown]
        )
    try:
        with gc_paused():
            return Graph.model_validate(data)
    except ValidationError as error:
        raise GraphFormatError(_describe(error, data)) from None


def load_graph_json(document: bytes | str) -> Graph | None:
    """The graph in a JSON document, read straight into the model by pydantic's own JSON
    reader, or None when the document needs `load_graph` (`json.loads` first): one that is
    not JSON, not a graph of the current format, or not valid, whose messages that path
    words. For a valid document both give the same graph, but this one builds no dicts and
    lists to throw away, and every repeated string (a node's id and each edge naming it)
    is one object: on the 10,000-node graph of `bench/validate_graph.py` it took a third
    less time than decoding and loading, and the walk after it, whose lookups then
    compare ids by identity, less too."""
    try:
        with gc_paused():
            return Graph.model_validate_json(document)
    except ValueError:  # pydantic's ValidationError, a RecursionError's message included
        return None


def graph_json_schema() -> dict[str, Any]:
    """The published JSON Schema of the format."""
    schema = Graph.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://netcanvas.dev/schemas/graph@1.json"
    return schema


def _migrate(data: dict[str, Any]) -> dict[str, Any]:
    if "format" not in data:
        raise GraphFormatError([FormatIssue.of("format", "format.missing", expected=FORMAT)])
    seen: set[str] = set()
    while isinstance(data.get("format"), str) and data["format"] in MIGRATIONS:
        if data["format"] in seen:
            break
        seen.add(data["format"])
        data = MIGRATIONS[data["format"]](data)
    if data.get("format") != FORMAT:
        raise GraphFormatError(
            [
                FormatIssue.of(
                    "format", "format.unknown", found=repr(data.get("format")), expected=FORMAT
                )
            ]
        )
    return data


def _describe(error: ValidationError, data: dict[str, Any]) -> list[FormatIssue]:
    """Turn pydantic's errors into locations a person can find: `nodes[3] (conv1).id`."""
    issues = []
    for item in error.errors(include_url=False):
        if item["type"] == "extra_forbidden":
            code, params = "format.extra_field", dict[str, Any]()
        else:
            code, params = phrase(dict(item))
            params["field"] = message("format.value")
        # English keeps pydantic's wording, as it always has; other languages render the code
        location = _location(item["loc"], data)
        issues.append(FormatIssue(location=location, message=item["msg"], code=code, params=params))
    return issues


def _shown_id(node_id: str) -> str:
    """An id as a location names it: cut after the longest an id may be (Node.id's 64), so
    a megabyte-long id is not repeated in full for each of its node's problems."""
    return node_id if len(node_id) <= MAX_ID else node_id[:MAX_ID] + "..."


def _location(loc: tuple[int | str, ...], data: dict[str, Any]) -> str:
    text = ""
    parent: Any = data
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
            item = parent[part] if isinstance(parent, list) and part < len(parent) else None
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                text += f" ({_shown_id(item['id'])})"
            parent = item
        else:
            text += f".{part}" if text else str(part)
            parent = parent.get(part) if isinstance(parent, dict) else None
    return text or "(document)"
