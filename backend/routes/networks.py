"""Networks inside projects, and their revisions.

Every save that brings a new graph (create, PUT, restore) is kept as a
`NetworkRevision`, numbered from 1. A saved graph must be a graph document
(`load_graph`), but may be invalid: users save work in progress.

A network's graph carries the network's name (`graph.name == name`), however the
name is given (create, PUT, PATCH, restore): a rename changes only the name, so it
is not a new revision, and an older revision keeps the name it was saved under.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from netcanvas.graph import GraphFormatError, load_graph

from ..db.models import Network, NetworkRevision
from ..deps import CurrentUser, Language, OwnedNetwork, OwnedProject, SessionDep, valid_id
from ..jobs import CheckedConfig
from ..localise import not_a_graph
from ..schemas import GraphDocument, LaunchNote, Name, Text, UtcDatetime

router = APIRouter(prefix="/api", tags=["networks"])

GRAPH = Field(description="A `netcanvas/graph@1` document (see the Graph schema).")
SAMPLE = Field(
    None,
    max_length=64,
    description="The sample (GET /api/samples/{name}) the network was saved from, whose lesson "
    "(note, dataset, settings) the editor offers when it is opened; kept by a copy. A name no "
    "sample has any more is kept and ignored.",
)
BAD_GRAPH: dict[int | str, dict[str, Any]] = {
    422: {
        "description": "The graph is not a netcanvas/graph@1 document, or the launch preset "
        "is not one (its config: `job.config`, each field named)"
    }
}


class LaunchPreset(BaseModel):
    """What the network is meant to be trained with: the launch panel starts from it (in any
    browser of its owner) instead of the defaults, and shows its note. Each part optional."""

    model_config = ConfigDict(extra="forbid")

    dataset: Text | None = Field(
        None,
        min_length=1,
        max_length=200,
        description="A built-in dataset's name, or `upload:<id>` of one of your uploads.",
    )
    config: CheckedConfig | None = Field(
        None, description="Training settings as `POST /api/jobs` takes them (checked the same)."
    )
    note: LaunchNote | None = Field(None, description="What to do and what to look for.")


class LaunchPresetPublic(BaseModel):
    """A network's launch preset as kept: the config holds the fields that were given."""

    dataset: str | None = None
    config: dict[str, Any] | None = None
    note: LaunchNote | None = None


LAUNCH = Field(
    None,
    description="The launch preset to keep with the network (a class copy has its teacher's); "
    "none: the launch panel's defaults.",
)


class NetworkCreate(BaseModel):
    name: Name = Field(min_length=1, max_length=200)
    graph: GraphDocument = GRAPH
    sample: Text | None = SAMPLE
    launch: LaunchPreset | None = LAUNCH


class NetworkUpdate(BaseModel):
    """A save: the graph, and optionally a new name."""

    name: Name | None = Field(None, min_length=1, max_length=200)
    graph: GraphDocument = GRAPH
    launch: LaunchPreset | None = Field(
        None, description="A new launch preset; absent: the one kept stays, null: none any more."
    )
    sample: Text | None = Field(
        None,
        max_length=64,
        description="The sample the network was saved from, for one that names none yet (saved "
        "before networks kept it); absent or null: the one kept stays.",
    )


class NetworkRename(BaseModel):
    name: Name = Field(min_length=1, max_length=200)


class NetworkSummary(BaseModel):
    """A network without its graph, for lists."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    project_id: int
    name: str
    revision: int = Field(description="The number of the revision the network holds now.")
    created_at: UtcDatetime
    updated_at: UtcDatetime
    sample: str | None = SAMPLE


class NetworkPublic(NetworkSummary):
    """A network for its owner (only: the class's views of it leave the preset out)."""

    graph: GraphDocument
    launch: LaunchPresetPublic | None = Field(
        None, description="What the launch panel starts from; none before one was kept."
    )


class RevisionSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    number: int
    created_at: UtcDatetime


class RevisionPublic(RevisionSummary):
    graph: GraphDocument


def stored_graph(data: dict[str, Any], lang: str) -> dict[str, Any]:
    """The graph in the current format, or 422 naming what is wrong with it (in `lang`)."""
    try:
        graph = load_graph(data)
    except GraphFormatError as error:
        raise not_a_graph(error, ["body", "graph"], lang) from None
    stored: dict[str, Any] = graph.model_dump(mode="json", exclude_none=True)
    return stored


def named(graph: dict[str, Any], name: str) -> dict[str, Any]:
    """`graph` carrying the network's `name` (a new dict: the JSON column sees the change)."""
    return {**graph, "name": name}


def stored_launch(preset: LaunchPreset | None) -> dict[str, Any] | None:
    """A launch preset as the network row keeps it (None when it holds nothing)."""
    if preset is None:
        return None
    config = preset.config
    kept = {
        "dataset": preset.dataset,
        "config": None if config is None else config.model_dump(mode="json", exclude_unset=True),
        "note": None if preset.note is None else preset.note.model_dump(exclude_none=True),
    }
    return kept if any(value is not None for value in kept.values()) else None


def keep_revision(session: Session, network: Network, graph: dict[str, Any]) -> None:
    """Make `graph` the network's graph and keep it as its next revision."""
    latest = session.scalar(
        select(NetworkRevision.number)
        .where(NetworkRevision.network_id == network.id)
        .order_by(NetworkRevision.number.desc())
        .limit(1)
    )
    number = (latest or 0) + 1
    network.graph = graph
    network.revision = number
    session.add(NetworkRevision(network_id=network.id, number=number, graph=graph))


def owned_revision(network: OwnedNetwork, number: int, session: SessionDep) -> NetworkRevision:
    """A revision of a network the user owns; 404 otherwise."""
    wanted = select(NetworkRevision).where(
        NetworkRevision.network_id == network.id, NetworkRevision.number == number
    )
    revision = session.scalar(wanted) if valid_id(number) else None
    if revision is None:
        raise HTTPException(404, f"network {network.id} has no revision {number}")
    return revision


OwnedRevision = Annotated[NetworkRevision, Depends(owned_revision)]


@router.post(
    "/projects/{project_id}/networks",
    status_code=201,
    response_model=NetworkPublic,
    operation_id="createNetwork",
    responses=BAD_GRAPH,
)
def create_network(
    project: OwnedProject,
    body: NetworkCreate,
    session: SessionDep,
    user: CurrentUser,
    lang: Language,
) -> Network:
    """Save a new network in a project; its graph becomes revision 1. `sample` names the sample
    it was saved from (or the one the network it copies came from); `launch` is the launch
    preset it keeps (a copy's: the one of the network it copies)."""
    graph = named(stored_graph(body.graph, lang), body.name)
    network = Network(
        owner_id=user.id,
        project_id=project.id,
        name=body.name,
        graph=graph,
        sample=body.sample or None,
        launch=stored_launch(body.launch),
    )
    session.add(network)
    session.flush()
    keep_revision(session, network, graph)
    session.commit()
    return network


@router.get(
    "/projects/{project_id}/networks",
    response_model=list[NetworkSummary],
    operation_id="listNetworks",
)
def list_networks(project: OwnedProject, session: SessionDep) -> list[Network]:
    """The networks of a project, without their graphs."""
    query = select(Network).where(Network.project_id == project.id)
    return list(session.scalars(query.order_by(Network.updated_at.desc(), Network.id.desc())))


@router.get("/networks/{network_id}", response_model=NetworkPublic, operation_id="readNetwork")
def read_network(network: OwnedNetwork) -> Network:
    """One network with its current graph."""
    return network


@router.put(
    "/networks/{network_id}",
    response_model=NetworkPublic,
    operation_id="saveNetwork",
    responses=BAD_GRAPH,
)
def save_network(
    network: OwnedNetwork, body: NetworkUpdate, session: SessionDep, lang: Language
) -> Network:
    """Save a graph; a changed graph becomes a new revision, an unchanged one does not. A
    `launch` given replaces the network's launch preset (null removes it)."""
    if body.name is not None:
        network.name = body.name
    graph = named(stored_graph(body.graph, lang), network.name)
    if "launch" in body.model_fields_set:
        network.launch = stored_launch(body.launch)
    if body.sample and network.sample is None:
        network.sample = body.sample
    if graph != network.graph:
        keep_revision(session, network, graph)
    session.commit()
    return network


@router.patch("/networks/{network_id}", response_model=NetworkPublic, operation_id="renameNetwork")
def rename_network(network: OwnedNetwork, body: NetworkRename, session: SessionDep) -> Network:
    """Rename a network and its graph's name; nothing else of the graph changes, and the
    revisions stay as they were saved."""
    network.name = body.name
    network.graph = named(network.graph, body.name)
    session.commit()
    return network


@router.delete("/networks/{network_id}", status_code=204, operation_id="deleteNetwork")
def delete_network(network: OwnedNetwork, session: SessionDep) -> Response:
    """Delete a network and its revisions; jobs launched from it keep their snapshot."""
    session.delete(network)
    session.commit()
    return Response(status_code=204)


@router.get(
    "/networks/{network_id}/revisions",
    response_model=list[RevisionSummary],
    operation_id="listRevisions",
)
def list_revisions(network: OwnedNetwork, session: SessionDep) -> list[NetworkRevision]:
    """Every kept revision of a network, newest first, without graphs."""
    query = select(NetworkRevision).where(NetworkRevision.network_id == network.id)
    return list(session.scalars(query.order_by(NetworkRevision.number.desc())))


@router.get(
    "/networks/{network_id}/revisions/{number}",
    response_model=RevisionPublic,
    operation_id="readRevision",
)
def read_revision(revision: OwnedRevision) -> NetworkRevision:
    """One revision with its graph."""
    return revision


@router.post(
    "/networks/{network_id}/revisions/{number}/restore",
    response_model=NetworkPublic,
    operation_id="restoreRevision",
)
def restore_revision(
    network: OwnedNetwork, revision: OwnedRevision, session: SessionDep
) -> Network:
    """Make an old revision current again, as a new revision: history is never rewritten."""
    graph = named(revision.graph, network.name)
    if graph != network.graph:
        keep_revision(session, network, graph)
    session.commit()
    return network
