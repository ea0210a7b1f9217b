"""What a teacher publishes to the class, and students copying it: `/api/class/published`.

A publication holds a snapshot of a network's graph (taken when it is published, so the
teacher's later edits change nothing a student copies), the dataset it is meant for (a
built-in name, or one of the teacher's uploads) and, optionally, the training settings
to launch it with: a sample with its settings. A dataset may be published on its own.

Everyone signed in sees every publication; only teachers and admins publish, and only
the teacher who published one (or an admin) withdraws it. Copying makes the student's
own network (in a project of theirs, or a new one named after the publication) and,
for an uploaded dataset, their own copy of its file, counted against their storage:
from then on neither side's changes reach the other. Without accounts there is no
class: every route answers 403, as the class view does.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from netcanvas import pretrained
from netcanvas.datasets import DATASETS
from netcanvas.training_config import TrainingConfig

from .. import datasets as store
from .. import user_limits
from ..dataset_names import NAME_TRIES, builtin_title, name_clash, unused_name
from ..db.models import Dataset, Network, Project, Publication, User
from ..deps import CurrentUser, Language, SessionDep, SettingsDep, get_owned, id_in, valid_id
from ..jobs import CheckedConfig
from ..localise import refused
from ..loopback import DATASET_NAME_MAX
from ..schemas import GraphDocument, Text, UtcDatetime
from ..settings import Settings
from .classroom import TEACHING
from .networks import keep_revision, named, stored_graph

router = APIRouter(prefix="/api/class/published", tags=["class"])

NO_CLASS: dict[int | str, dict[str, Any]] = {
    403: {"description": "The server has no accounts, so no class."}
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such publication."}}


def class_member(user: CurrentUser, settings: SettingsDep) -> User:
    """Anyone signed in, on a server with accounts; 403 without them."""
    if settings.auth != "accounts":
        raise refused(403, "class.no_accounts")
    return user


Member = Annotated[User, Depends(class_member)]


class PublicationCreate(BaseModel):
    """A network (saved, or the editor's graph as it is), a dataset, or both."""

    model_config = ConfigDict(extra="forbid")

    title: Text = Field(min_length=1, max_length=200)
    note: Text = Field("", max_length=10_000, description="What to do and what to look for.")
    network_id: int | None = Field(None, description="One of your networks: its current graph.")
    graph: GraphDocument | None = Field(None, description="A graph instead of a saved network.")
    network_name: Text | None = Field(None, min_length=1, max_length=200)
    dataset: str | int | None = Field(
        None,
        description="A built-in dataset's name, or one of your uploads' id (or `upload:<id>`).",
    )
    config: CheckedConfig | None = Field(
        None, description="The training settings to launch it with, as `POST /api/jobs` takes."
    )
    sample: Text | None = Field(
        None,
        max_length=64,
        description="The sample the graph came from (`network_id`: that network's own); a "
        "student's copy names it, so the sample's lesson and titles follow the copy.",
    )


class PublicationSummary(BaseModel):
    id: int
    title: str
    note: str
    teacher: str = Field(description="Who published it.")
    network_name: str | None = Field(description="None when only a dataset is published.")
    dataset: str | None = Field(description="A built-in dataset's name, or none.")
    dataset_name: str | None = Field(
        description="The dataset's name for a person: the published upload's name, or a built-in "
        "set's title in the asker's language (as a job's `dataset_name`); none without a dataset."
    )
    config: dict[str, Any] | None
    created_at: UtcDatetime
    sample: str | None = Field(None, description="The sample the network came from, if any.")


class PublicationPublic(PublicationSummary):
    graph: GraphDocument | None


class CopyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    project_id: int | None = Field(
        None, description="One of your projects; none: a new project named after it."
    )


class Copied(BaseModel):
    """The copy, which is yours: open the network and train it on `dataset` with `config` (the
    network keeps them, with the note, as its launch preset: `launch` in its GET)."""

    project_id: int | None
    network_id: int | None
    dataset: str | None = Field(
        description="What to train on: a built-in name, or `upload:<id>` of your copy."
    )
    dataset_id: int | None = Field(description="Your copy of an uploaded dataset, or none.")
    config: dict[str, Any] | None


def _summary(row: Publication, teacher: str, upload: Dataset | None, lang: str) -> dict[str, Any]:
    dataset_name = builtin_title(row.dataset, lang) if row.dataset else None
    if upload is not None:
        dataset_name = upload.name
    return {
        "id": row.id, "title": row.title, "note": row.note, "teacher": teacher,
        "network_name": row.network_name, "dataset": row.dataset, "dataset_name": dataset_name,
        "config": row.config, "created_at": row.created_at, "sample": row.sample,
    }  # fmt: skip


def _found(session: Session, publication_id: int) -> tuple[Publication, str, Dataset | None]:
    row = session.get(Publication, publication_id) if valid_id(publication_id) else None
    if row is None:
        raise refused(404, "publish.unknown", publication=publication_id)
    teacher = session.get(User, row.owner_id)
    upload = session.get(Dataset, row.dataset_id) if row.dataset_id is not None else None
    return row, teacher.name if teacher is not None else "", upload


def _published_dataset(
    session: Session, user: User, ref: str | int | None
) -> tuple[str | None, int | None]:
    """(built-in name, None) or (None, the user's upload's id); 422 for anything else."""
    if ref is None:
        return None, None
    text = str(ref).strip()
    if text in DATASETS:
        return text, None
    wanted = text.removeprefix("upload:")
    number = id_in(wanted)
    row = session.get(Dataset, number) if valid_id(number) else None
    if row is None or row.owner_id != user.id:
        raise refused(422, "publish.unknown_dataset", dataset=text)
    return None, row.id


@router.get(
    "", response_model=list[PublicationSummary], operation_id="listPublished", responses=NO_CLASS
)
def list_published(session: SessionDep, _: Member, lang: Language) -> list[dict[str, Any]]:
    """Everything published to the class, newest first, without graphs."""
    rows = session.execute(
        select(Publication, User.name)
        .join(User, User.id == Publication.owner_id)
        .order_by(Publication.id.desc())
    ).all()
    ids = [row.dataset_id for row, _ in rows if row.dataset_id is not None]
    uploads = {d.id: d for d in session.scalars(select(Dataset).where(Dataset.id.in_(ids)))}
    return [_summary(row, name, uploads.get(row.dataset_id or 0), lang) for row, name in rows]


@router.get(
    "/{publication_id}",
    response_model=PublicationPublic,
    operation_id="readPublished",
    responses={**NO_CLASS, **NOT_FOUND},
)
def read_published(
    publication_id: int, session: SessionDep, _: Member, lang: Language
) -> dict[str, Any]:
    """One publication with its graph."""
    row, teacher, upload = _found(session, publication_id)
    return {**_summary(row, teacher, upload, lang), "graph": row.graph}


@router.post(
    "",
    status_code=201,
    response_model=PublicationPublic,
    operation_id="publish",
    responses={
        403: {"description": "Not a teacher or an admin, or no accounts."},
        404: {"description": "No such network of yours."},
        422: {
            "description": "Nothing to publish, a graph that is not one, or a dataset not yours."
        },
    },
)
def publish(
    body: PublicationCreate, session: SessionDep, user: Member, lang: Language
) -> dict[str, Any]:
    """Publish a network (its graph as it is now) and/or a dataset, with settings, to the class."""
    if user.role not in TEACHING:
        raise refused(403, "class.teachers_only", role=user.role)
    if body.network_id is not None and body.graph is not None:
        raise refused(422, "publish.network_or_graph")
    graph, name, sample = None, body.network_name, body.sample or None
    if body.network_id is not None:
        network = get_owned(session, Network, body.network_id, user)
        graph, name, sample = network.graph, name or network.name, sample or network.sample
    elif body.graph is not None:
        graph, name = stored_graph(body.graph, lang), name or body.title
    builtin, upload_id = _published_dataset(session, user, body.dataset)
    if graph is None and builtin is None and upload_id is None:
        raise refused(422, "publish.nothing")
    config = None if body.config is None else _shared_config(body.config)
    row = Publication(
        owner_id=user.id, title=body.title, note=body.note,
        network_name=name if graph is not None else None, graph=graph,
        dataset=builtin, dataset_id=upload_id, config=config,
        sample=sample if graph is not None else None,
    )  # fmt: skip
    session.add(row)
    session.commit()
    found, teacher, upload = _found(session, row.id)
    return {**_summary(found, teacher, upload, lang), "graph": found.graph}


def _shared_config(config: TrainingConfig) -> dict[str, Any]:
    """The settings a student launches with: never starting from the teacher's own job. Weights
    that ship with NetCanvas ("pretrained:<name>") are everyone's, so those stay."""
    shipped = pretrained.name_of(config.init_from)
    if config.init_from is not None and shipped is None:
        raise refused(422, "publish.init_from")
    if shipped is not None and shipped not in pretrained.catalogue():
        known = ", ".join(pretrained.catalogue())
        raise refused(422, "job.init_from_pretrained", name=shipped, available=known)
    dropped = {"init_from"} if shipped is None else set()
    shared: dict[str, Any] = config.model_dump(mode="json", exclude=dropped)
    return shared


@router.delete(
    "/{publication_id}",
    status_code=204,
    operation_id="unpublish",
    responses={
        403: {"description": "Published by another teacher (only they or an admin withdraw it)."},
        **NOT_FOUND,
    },
)
def unpublish(publication_id: int, session: SessionDep, user: Member) -> Response:
    """Withdraw a publication; the copies students made stay theirs."""
    row, _, _ = _found(session, publication_id)
    if row.owner_id != user.id and user.role != "admin":
        raise refused(403, "publish.not_yours")
    session.delete(row)
    session.commit()
    return Response(status_code=204)


@router.post(
    "/{publication_id}/copy",
    status_code=201,
    response_model=Copied,
    operation_id="copyPublished",
    responses={
        **NO_CLASS,
        404: {"description": "No such publication, or no such project of yours."},
        410: {"description": "The published dataset's file is gone from the server."},
        413: {"description": "Your storage has no room for a copy of its dataset."},
    },
)
def copy_published(
    publication_id: int,
    session: SessionDep,
    user: Member,
    settings: SettingsDep,
    body: CopyRequest | None = None,
) -> Copied:
    """Copy a publication into your own work: its network into a project, its dataset into
    your uploads (" (2)" when you have an upload of its name). The copy is yours; the
    publication stays as it is."""
    for attempt in range(1, NAME_TRIES + 1):
        try:
            return _copy(publication_id, session, user, settings, body)
        except IntegrityError as error:  # an upload of yours took that name meanwhile
            if attempt == NAME_TRIES or not name_clash(error):
                raise
    raise AssertionError("unreachable")  # the last try returns or raises


def _copy(
    publication_id: int, session: Session, user: User, settings: Settings,
    body: CopyRequest | None,
) -> Copied:  # fmt: skip
    row, _, upload = _found(session, publication_id)
    project = None
    if row.graph is not None:
        project = _project_for(session, user, row, body.project_id if body else None)
    kept: list[Path] = []
    try:
        dataset_id = None
        if upload is not None:
            copy = _copy_dataset(session, settings, user, upload, kept)
            dataset_id = copy.id
        network_id = None
        dataset = f"upload:{dataset_id}" if dataset_id is not None else row.dataset
        if project is not None and row.graph is not None:
            name = row.network_name or row.title
            graph = named(row.graph, name)
            network = Network(owner_id=user.id, project_id=project.id, name=name, graph=graph,
                              sample=row.sample, launch=_launch(row, dataset))  # fmt: skip
            session.add(network)
            session.flush()
            keep_revision(session, network, graph)
            network_id = network.id
        session.commit()
    except BaseException:
        session.rollback()
        for path in kept:
            store.remove_upload(path)
        raise
    return Copied(
        project_id=project.id if project is not None else None,
        network_id=network_id,
        dataset=dataset,
        dataset_id=dataset_id,
        config=row.config,
    )


def _launch(row: Publication, dataset: str | None) -> dict[str, Any] | None:
    """The copied network's launch preset (`networks.launch`): the publication's dataset (the
    student's copy of an upload), settings and note, so any browser of theirs starts from them.
    The note is the teacher's text, in whichever language they wrote it, as both, with the
    publication's title (`from_class`) for its heading."""
    note = {"en": row.note, "ja": row.note, "from_class": row.title} if row.note else None
    if dataset is None and row.config is None and note is None:
        return None
    return {"dataset": dataset, "config": row.config, "note": note}


def _project_for(session: Session, user: User, row: Publication, project_id: int | None) -> Project:
    if project_id is not None:
        return get_owned(session, Project, project_id, user)
    project = Project(owner_id=user.id, name=row.title, description=row.note)
    session.add(project)
    session.flush()
    return project


def _copy_dataset(
    session: Session, settings: Settings, user: User, upload: Dataset, kept: list[Path]
) -> Dataset:
    """The user's own copy of an upload's file, preview and test file (each written to a
    temporary name and renamed), once their storage (their own `max_storage_mb`) has room
    for it; 413 otherwise."""
    limit_mib = user_limits.effective(user, settings).max_storage_mb
    used = store.stored_bytes(session, user.id)
    if used + upload.size > limit_mib * 2**20:
        whose = user_limits.source(user, settings, "max_storage_mb")
        raise refused(413, "dataset.storage_full", used_mib=used // 2**20, limit_mib=limit_mib,
                      source=whose)  # fmt: skip
    source = Path(upload.path)
    target = store.upload_path(settings, user.id)
    _copy_file(source, target)
    kept.append(target)
    preview = store.preview_path(source)
    if preview.is_file():
        _copy_file(preview, store.preview_path(target))
    test_file = store.test_file_path(source)  # the upload's test set, when it has one
    if test_file.is_file():
        _copy_file(test_file, store.test_file_path(target))
    copy = Dataset(
        owner_id=user.id, name=unused_name(session, user.id, upload.name, DATASET_NAME_MAX),
        filename=upload.filename,
        path=str(target.resolve()), sha256=upload.sha256, size=upload.size, info=upload.info,
    )  # fmt: skip
    session.add(copy)
    session.flush()
    return copy


def _copy_file(source: Path, target: Path) -> None:
    temporary = target.with_name(f".{uuid.uuid4().hex}.tmp")
    try:
        shutil.copyfile(source, temporary)
        temporary.replace(target)
    except FileNotFoundError:
        temporary.unlink(missing_ok=True)
        raise refused(410, "publish.dataset_gone") from None
