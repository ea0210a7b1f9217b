"""Datasets: the built-in catalogue, the user's uploads, and a preview of either.

An upload is a zip in NNC's CSV format. It is decoded (by the torch-using
inspector, in a subprocess) before anything is kept: a file that does not
decode is a 422 naming the file or CSV row at fault, and leaves nothing behind.
One that decodes with something odd but usable (a class no row has) is kept,
and its `warnings` come with it and with its preview, in the request's language.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, computed_field
from pydantic_core import PydanticCustomError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from starlette.datastructures import UploadFile

from netcanvas.datasets import DATASETS, DatasetInfo, catalogue
from netcanvas.series import SeriesSettings

from .. import datasets as store
from .. import user_limits
from ..dataset_names import NAME_TRIES, name_clash, unused_name
from ..datasets import TestGiven
from ..db.models import Dataset
from ..deps import (
    CurrentUser,
    Language,
    OwnedDataset,
    SessionDep,
    SettingsDep,
    get_owned,
    id_in,
)
from ..limits import MULTIPART_SLACK, narrow
from ..localise import refused
from ..schemas import UtcDatetime, storable
from ..series_form import SERIES_FIELDS, keep_series_settings, series_settings

router = APIRouter(prefix="/api", tags=["datasets"])


class DatasetWarning(BaseModel):
    """Something odd but usable in an upload, such as a class index no row has."""

    code: str = Field(description="A stable code of netcanvas.messages (dataset.class_unused).")
    message: str = Field(description="The warning in the request's language.")
    params: dict[str, Any] = Field(default_factory=dict, description="What the message names.")


class UploadTest(BaseModel):
    """An upload's test split, fixed at upload: evaluated after each job's training."""

    source: Literal["file", "fraction"] = Field(
        description="file: a test file given with the upload; fraction: rows held out."
    )
    filename: str | None = Field(None, description="The test file's name, as uploaded.")
    fraction: float | None = Field(None, description="The fraction of rows held out.")
    seed: int | None = Field(None, description="The seed that picked them, for every job.")
    samples: int = Field(0, description="Samples in the test split.")


class UploadInfo(BaseModel):
    """What the inspector found in an upload (`worker.datasets.inspect.describe`)."""

    model_config = ConfigDict(extra="allow")

    task: str = Field("classification", description="classification or regression.")
    sample_shape: list[int] = Field(default_factory=list)
    target_shape: list[int] = Field(default_factory=list)
    class_names: list[str] = Field(default_factory=list)
    samples: int = 0
    sizes: dict[str, int] = Field(default_factory=dict, description="Samples per split.")
    warnings: list[DatasetWarning] = Field(
        default_factory=list, description="What is odd but usable; empty for most uploads."
    )
    test: UploadTest | None = Field(None, description="The test split, when it has one.")
    more_inputs: dict[str, list[int]] = Field(
        default_factory=dict,
        description="Input variables beyond x (columns headed x2:…) and their sample shapes.",
    )
    more_targets: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Class-label target variables beyond y (columns headed y2:…), their classes.",
    )
    input_columns: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Each numeric input variable's column names from the header (x: a, b; "
        "x2: c, d), without the prefix; empty when unknown.",
    )


class DatasetPublic(BaseModel):
    """An uploaded dataset and what its inspection found."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    filename: str
    size: int = Field(description="Bytes of the uploaded zip.")
    sha256: str
    info: UploadInfo
    created_at: UtcDatetime
    renamed_from: str | None = Field(
        None,
        description="In an upload's answer: the name asked for when another upload of yours "
        'has it already; `name` is then that name with " (2)" (or the next free number).',
    )

    @computed_field(description="What a job's `dataset` field takes for this upload.")  # type: ignore[prop-decorator]
    @property
    def ref(self) -> str:
        return f"upload:{self.id}"


class DatasetsPublic(BaseModel):
    builtin: list[DatasetInfo] = Field(description="The catalogue, built-in sets first.")
    uploads: list[DatasetPublic] = Field(description="The user's uploads, newest first.")


class PreviewSample(BaseModel):
    label: Any = Field(description="{index, name} for a class, else the target values.")
    image: str | None = Field(None, description="A PNG data URL, for image datasets.")
    values: list[Any] | None = Field(None, description="The sample's values, for the others.")
    more_inputs: dict[str, Any] = Field(
        default_factory=dict,
        description="The sample's input variables beyond x (x2…): a PNG data URL or values, "
        "as the preview's `more_kinds` says.",
    )
    more_labels: dict[str, Any] = Field(
        default_factory=dict,
        description="The sample's class-label targets beyond y (y2…): {index, name} each.",
    )


class DatasetPreview(BaseModel):
    kind: Literal["image", "values"]
    samples: list[PreviewSample]
    class_counts: dict[str, dict[str, int]] | None = Field(
        None, description="Samples per class in each split; null for regression."
    )
    sizes: dict[str, int] = Field(
        description="Samples in the training and validation splits, and `test` when there is one."
    )
    warnings: list[DatasetWarning] = Field(
        default_factory=list, description="The upload's warnings; none for built-in sets."
    )
    more_kinds: dict[str, Literal["image", "values"]] = Field(
        default_factory=dict,
        description="Each input variable beyond x (x2…) and how its samples are shown.",
    )


def public(row: Dataset, lang: str) -> DatasetPublic:
    """An upload as the API shows it, its warnings worded in `lang`."""
    found = DatasetPublic.model_validate(row)
    warnings = [w.model_dump() for w in found.info.warnings]
    found.info.warnings = [
        DatasetWarning.model_validate(w) for w in store.localised_warnings(warnings, lang)
    ]
    return found


@router.get("/datasets", response_model=DatasetsPublic, operation_id="listDatasets")
def list_datasets(session: SessionDep, user: CurrentUser, lang: Language) -> DatasetsPublic:
    """The built-in catalogue and the user's uploads."""
    query = select(Dataset).where(Dataset.owner_id == user.id)
    uploads = session.scalars(query.order_by(Dataset.created_at.desc(), Dataset.id.desc()))
    return DatasetsPublic(builtin=catalogue(), uploads=[public(row, lang) for row in uploads])


@dataclass(frozen=True)
class Room:
    """What the user's next upload may take, in bytes, and the refusal past it."""

    size: int
    refusal: HTTPException


def upload_room(session: SessionDep, user: CurrentUser, settings: SettingsDep) -> Room:
    """The smaller of the user's upload size and the storage they have left
    (`backend.user_limits`); a 413 at once when they have none left."""
    limits = user_limits.effective(user, settings)
    kept = store.stored_bytes(session, user.id)
    left = limits.max_storage_mb * 2**20 - kept
    storage_full = refused(413, "dataset.storage_full", used_mib=kept // 2**20,
                           limit_mib=limits.max_storage_mb,
                           source=user_limits.source(user, settings, "max_storage_mb"))  # fmt: skip
    if left <= 0:
        raise storage_full
    if left < limits.max_upload_mb * 2**20:
        return Room(left, storage_full)
    too_large = refused(413, "dataset.too_large", limit_mib=limits.max_upload_mb,
                        source=user_limits.source(user, settings, "max_upload_mb"))  # fmt: skip
    return Room(limits.max_upload_mb * 2**20, too_large)


@dataclass(frozen=True)
class UploadForm:
    file: UploadFile
    name: str | None
    series: SeriesSettings | None = None
    test: UploadFile | None = None  # a test file, checked against `file`
    test_fraction: float | None = None  # or the rows held out as the test split


MAX_NAME = 200
MAX_TEST_FRACTION = 0.5  # as worker.datasets.holdout, which the API does not import (torch)
UPLOAD_BODY = {
    "title": "UploadForm",
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {"type": "string", "contentMediaType": "application/octet-stream",
                 "title": "File", "description": "A zip in NNC's CSV format."},
        "name": {"anyOf": [{"type": "string", "maxLength": MAX_NAME}, {"type": "null"}],
                 "title": "Name"},
        **SERIES_FIELDS,
        "test": {"type": "string", "contentMediaType": "application/octet-stream",
                 "title": "Test file", "description": "A test set: a zip in the same format, "
                 "with the same columns and classes; evaluated after training, never trained "
                 "on."},
        "test_fraction": {"anyOf": [{"type": "number", "exclusiveMinimum": 0, "maximum": 0.5},
                                    {"type": "null"}], "title": "Test fraction",
                          "description": "Or hold out this fraction of the rows as the test set, "
                          "fixed now (seeded) for every job; more than 0, at most 0.5."},
    },
}  # fmt: skip


async def upload_form(
    request: Request, room: Annotated[Room, Depends(upload_room)]
) -> AsyncIterator[UploadForm]:
    """The multipart body, read only once the user's room is known: `narrow` makes the
    body limit refuse the stream past it, so an upload over the user's limits is never
    read whole (`backend.limits`)."""
    narrow(request.scope, room.size + MULTIPART_SLACK, room.refusal)
    form = await request.form(max_files=2, max_fields=16)
    try:
        file, name = form.get("file"), form.get("name")
        test, fraction = form.get("test"), _fraction(form.get("test_fraction"))
        problems: list[dict[str, Any]] = []
        if test is not None and not isinstance(test, UploadFile):
            problems.append({"type": "value_error", "loc": ("body", "test"),
                             "msg": "Expected a file", "input": None})  # fmt: skip
        if not isinstance(file, UploadFile):
            kind = "missing" if file is None else "value_error"
            text = "Field required" if file is None else "Expected a file"
            problems.append({"type": kind, "loc": ("body", "file"), "msg": text, "input": None})
        if name is not None and (not isinstance(name, str) or len(name) > MAX_NAME):
            problems.append({"type": "string_too_long", "loc": ("body", "name"), "input": None,
                             "msg": f"String should have at most {MAX_NAME} characters",
                             "ctx": {"max_length": MAX_NAME}})  # fmt: skip
        if isinstance(name, str):
            problems += _unstorable(name, "name")
        series, series_problems = series_settings(form)
        problems += series_problems
        if problems or not isinstance(file, UploadFile):
            raise RequestValidationError(problems)
        if isinstance(test, UploadFile) and fraction is not None:
            raise refused(422, "dataset.test_file_and_fraction")
        given_test = test if isinstance(test, UploadFile) else None
        if series is not None and (given_test is not None or fraction is not None):
            raise refused(422, "series.with_test")
        yield UploadForm(file, name if isinstance(name, str) and name else None, series,
                         given_test, fraction)  # fmt: skip
    finally:
        await form.close()


def _unstorable(text: str, field: str) -> list[dict[str, Any]]:
    """The 422 item of a form field no database can keep (`backend.schemas.storable`)."""
    try:
        storable(text)
    except PydanticCustomError as error:
        return [{"type": error.type, "loc": ("body", field), "msg": error.message(),
                 "input": None, "ctx": error.context or {}}]  # fmt: skip
    return []


def _fraction(value: Any) -> float | None:
    """The form's `test_fraction`: None when absent or empty, else a number in (0, 0.5]
    (a 422 naming the field otherwise)."""
    if value is None or value == "":
        return None
    try:
        fraction = float(value) if isinstance(value, str) else None
    except ValueError:
        fraction = None
    if fraction is None or not 0 < fraction <= MAX_TEST_FRACTION:
        raise refused(422, "dataset.test_fraction", value=str(value)[:40])
    return fraction


@router.post(
    "/datasets",
    status_code=201,
    response_model=DatasetPublic,
    operation_id="uploadDataset",
    responses={
        413: {"description": "Over the user's upload size, or past their storage"},
        422: {"description": "The upload does not decode; the message names the file or row"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"multipart/form-data": {"schema": UPLOAD_BODY}},
        }
    },
)
def upload_dataset(
    form: Annotated[UploadForm, Depends(upload_form)],
    room: Annotated[Room, Depends(upload_room)],
    session: SessionDep,
    user: CurrentUser,
    settings: SettingsDep,
    lang: Language,
) -> DatasetPublic:
    """Upload a dataset (multipart: `file`, a zip, and an optional `name`); it is decoded
    and checked before it is kept. With `series_column` and `series_window` the file is
    one long time series, cut into windows and split in time order
    (`netcanvas.series`). A test split comes as `test`, a second zip checked
    against the first, or `test_fraction`, the rows held out, fixed now for every job."""
    path = store.upload_path(settings, user.id)
    name, file = form.name, form.file
    try:
        size, sha256 = store.save_stream(file.file, path, room.size, room.refusal)
        filename = Path(file.filename or "upload.zip").name[:255]
        test, test_size = _save_test(form, path, room, size)
        size += test_size
        if form.series is not None:
            keep_series_settings(path, form.series)
        found = store.inspect_upload(settings, path, filename, lang, test)
        if form.series is not None:
            found["info"]["series"] = form.series.model_dump()
        store.keep_preview(path, found["preview"])
        wanted = name or filename.removesuffix(".zip") or "upload"
        for attempt in range(1, NAME_TRIES + 1):
            row = Dataset(
                owner_id=user.id, name=unused_name(session, user.id, wanted, MAX_NAME),
                filename=filename, path=str(path.resolve()), sha256=sha256, size=size,
                info=found["info"],
            )  # fmt: skip
            session.add(row)
            try:
                session.commit()
                break
            except IntegrityError as error:  # another upload took that name meanwhile
                session.rollback()
                if attempt == NAME_TRIES or not name_clash(error):
                    raise
    except BaseException:
        store.remove_upload(path)
        raise
    answer = public(row, lang)
    answer.renamed_from = wanted if row.name != wanted else None
    return answer


def _save_test(form: UploadForm, path: Path, room: Room, used: int) -> tuple[TestGiven | None, int]:
    """The form's test split: its file kept beside the upload (within the room the upload
    left), or its fraction with a fresh seed; and the test file's bytes."""
    if form.test is not None:
        target = store.test_file_path(path)
        size, _ = store.save_stream(form.test.file, target, room.size - used, room.refusal)
        name = Path(form.test.filename or "test.zip").name[:255]
        return TestGiven(file=(target, name)), size
    if form.test_fraction is not None:
        return TestGiven(fraction=form.test_fraction, seed=secrets.randbelow(2**31)), 0
    return None, 0


@router.get("/datasets/{dataset_id}", response_model=DatasetPublic, operation_id="readDataset")
def read_dataset(dataset: OwnedDataset, lang: Language) -> DatasetPublic:
    """One uploaded dataset."""
    return public(dataset, lang)


@router.delete("/datasets/{dataset_id}", status_code=204, operation_id="deleteDataset")
def delete_dataset(dataset: OwnedDataset, session: SessionDep) -> Response:
    """Delete an upload and its files; jobs that trained on it keep their results."""
    session.delete(dataset)
    session.commit()
    store.remove_upload(Path(dataset.path))
    return Response(status_code=204)


@router.get(
    "/datasets/{ref}/preview",
    response_model=DatasetPreview,
    operation_id="previewDataset",
    responses={404: {"description": "No such built-in dataset or upload"}},
)
def preview_dataset(
    ref: str, session: SessionDep, user: CurrentUser, settings: SettingsDep, lang: Language
) -> dict[str, Any]:
    """The first samples with their labels, class counts, split sizes and an upload's warnings.

    `ref` is a catalogue name, an upload's id, or `upload:<id>`.
    """
    if ref in DATASETS:
        return store.builtin_preview(settings, ref)
    upload_id = id_in(ref.removeprefix("upload:"))
    if not upload_id:
        raise HTTPException(404, f"no dataset '{ref}'")
    dataset = get_owned(session, Dataset, upload_id, user)
    warnings = store.localised_warnings(dataset.info.get("warnings") or [], lang)
    preview = store.stored_preview(settings, Path(dataset.path), dataset.filename, lang)
    return preview | {"warnings": warnings}
