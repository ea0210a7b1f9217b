"""Graph validation as the editor calls it on every edit, the format's schema, samples, and
the layer previews (`backend/layer_preview.py`)."""

from __future__ import annotations

import asyncio
import json
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field

from netcanvas import samples
from netcanvas.gcpause import gc_paused
from netcanvas.graph import GraphFormatError, graph_json_schema, load_graph, load_graph_json
from netcanvas.json_problems import json_problem
from netcanvas.messages import render
from netcanvas.samples import SampleNote
from netcanvas.validation import ValidationResult, validate

from ..deps import CurrentUser, Language, SessionDep, SettingsDep
from ..layer_preview import LayerPreviewAnswer, LayerPreviewRequest, ask_worker, prepared
from ..localise import not_a_graph
from ..schemas import GRAPH_SCHEMA

router = APIRouter(prefix="/api", tags=["graphs"])

MAX_BODY_BYTES = 8 * 1024 * 1024

GRAPH_BODY = {
    "requestBody": {"required": True, "content": {"application/json": {"schema": GRAPH_SCHEMA}}}
}


@router.post(
    "/graphs/validate",
    response_model=ValidationResult,
    operation_id="validateGraph",
    openapi_extra=GRAPH_BODY,
    responses={422: {"description": "The body is not a netcanvas/graph@1 graph"}},
)
async def validate_graph(request: Request, lang: Language) -> ValidationResult:
    """Shapes, parameter counts and errors per node; an invalid graph is still a 200.

    Messages come in the language of Accept-Language (English or Japanese); codes don't change.
    """
    body = await read_body(request)
    # Parsing and validating a large graph is CPU work: off the event loop, so that other
    # requests and the websockets go on meanwhile.
    return await asyncio.to_thread(validated, body, lang)


def validated(body: bytes, lang: str) -> ValidationResult:
    """The validation answer for a request body; a 422 for a body that is not a graph."""
    with gc_paused():  # the decoded body's objects too: see netcanvas.gcpause
        graph = load_graph_json(body)  # None: not a valid graph, worded by load_graph
        if graph is None:
            graph = load_graph_or_422(parse_json(body, lang), lang)
        return validate(graph).localised(lang)


@router.get("/graphs/schema", operation_id="graphSchema")
def graph_schema() -> dict[str, Any]:
    """The JSON Schema of `netcanvas/graph@1`."""
    return graph_json_schema()


class SampleLesson(BaseModel):
    """What a sample is made to teach: the dataset and settings it trains with, and a note."""

    dataset: str = Field(description="The built-in dataset the sample is made for.")
    config: dict[str, Any] = Field(
        description="Its training config, as POST /api/jobs takes it: the fields that differ "
        "from the defaults."
    )
    note: SampleNote = Field(description="What to look for and the result to expect.")


class SampleInfo(SampleLesson):
    """A sample network, for the list to choose from, with its lesson."""

    id: str = Field(description="The name to ask for with GET /api/samples/{name}.")
    name: str
    description: str
    title: SampleNote = Field(
        description="The title in English (the graph's name) and Japanese, for the samples menu."
    )


def lesson_of(name: str) -> SampleLesson:
    """The sample's lesson as the API answers it (without `expect`, which tests read)."""
    lesson = samples.lesson(name)
    return SampleLesson(dataset=lesson.dataset, config=lesson.config, note=lesson.note)


def _sample_schema() -> dict[str, Any]:
    """A graph document, with the lesson's fields beside the graph's when asked for
    (`SampleNote` is in the components through `SampleInfo`)."""
    lesson = SampleLesson.model_json_schema(ref_template="#/components/schemas/{model}")
    lesson.pop("$defs", None)
    lesson.pop("required", None)  # absent unless `include=lesson`
    return {"allOf": [GRAPH_SCHEMA, lesson]}


@router.get("/samples", operation_id="listSamples")
def list_samples() -> list[SampleInfo]:
    """The sample networks shipped with NetCanvas, each with its dataset, config and note."""
    return [
        SampleInfo(
            id=name,
            name=graph.get("name", name),
            description=graph.get("description", ""),
            title=samples.title(name, graph.get("name", name)),
            **lesson_of(name).model_dump(),
        )
        for name, graph in ((name, samples.load(name)) for name in samples.names())
    ]


@router.get(
    "/samples/{name}",
    operation_id="readSample",
    response_model=None,
    responses={200: {"content": {"application/json": {"schema": _sample_schema()}}}},
)
def read_sample(
    name: str,
    include: Literal["lesson"] | None = Query(
        None,
        description="`lesson`: the sample's `dataset`, `config` and `note` beside the graph's "
        "fields. Without it the answer is the graph document alone, as POST /api/jobs takes it.",
    ),
) -> dict[str, Any]:
    """One sample network as a graph document (with its lesson when asked for)."""
    if name not in samples.names():
        raise HTTPException(404, f"no sample named '{name}'")
    graph = samples.load(name)
    return {**graph, **lesson_of(name).model_dump()} if include == "lesson" else graph


async def read_body(request: Request) -> bytes:
    """The body, refusing one that is too large with a 413."""
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise HTTPException(413, f"the body is over {MAX_BODY_BYTES // (1024 * 1024)} MiB")
    return body


def parse_json(body: bytes, lang: str) -> Any:
    """The body as JSON; a 422 naming the problem for what is not JSON."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as error:
        code, params = "format.not_json", {"error": json_problem(error)}
        item = {"loc": ["body"], "msg": render(code, params, lang), "type": "json_invalid"}
        raise HTTPException(422, [{**item, "code": code}]) from None


def load_graph_or_422(data: Any, lang: str) -> Any:
    try:
        return load_graph(data)
    except GraphFormatError as error:
        raise not_a_graph(error, ["body"], lang) from None


@router.post(
    "/graphs/preview",
    response_model=LayerPreviewAnswer,
    operation_id="previewLayers",
    responses={
        404: {"description": "No such dataset or job of yours."},
        409: {"description": "The job has no weights."},
        422: {"description": "The graph is not valid, too large, or does not fit the dataset."},
        503: {"description": "No worker answered in time."},
    },
)
async def preview_layers(
    body: LayerPreviewRequest,
    session: SessionDep,
    user: CurrentUser,
    settings: SettingsDep,
    lang: Language,
) -> dict[str, Any]:
    """What each node outputs for one training sample of a dataset (`backend/layer_preview.py`),
    with seeded random weights or a finished job's; `rows` says which rows it may show."""
    args, rows = prepared(session, user, settings, body)
    return await asyncio.to_thread(ask_worker, settings.broker, args, rows, lang)
