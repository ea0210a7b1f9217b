"""The names a person knows a job's dataset by, for the answers that show jobs.

A job keeps its dataset as a reference (`xor`, `upload:4`); the pages show the upload's
name ("load") or the built-in set's title ("XOR") instead. Torch-free, one query for
any number of jobs. A reference that names nothing now (a deleted upload) has no name:
the answer's `dataset_name` is null and the page shows the reference.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from netcanvas.datasets import DATASETS

from .db.models import Dataset
from .deps import id_in, valid_id

UPLOAD = "upload:"
NAME_INDEX = "uq_datasets_owner_name"  # one name per owner (migration 0012)
NAME_TRIES = 5  # uploads of one name at once: each clash takes the next free number


def dataset_names(session: Session, refs: Iterable[str], lang: str) -> dict[str, str]:
    """Each reference in `refs` that names a dataset, with its name in `lang`."""
    names: dict[str, str] = {}
    uploads: dict[int, str] = {}
    for ref in set(refs):
        title = builtin_title(ref, lang)
        if title is not None:
            names[ref] = title
        elif ref.startswith(UPLOAD) and valid_id(wanted := id_in(ref.removeprefix(UPLOAD))):
            uploads[wanted] = ref
    if uploads:
        query = select(Dataset.id, Dataset.name).where(Dataset.id.in_(list(uploads)))
        for row_id, name in session.execute(query):
            names[uploads[row_id]] = name
    return names


def builtin_title(ref: str, lang: str) -> str | None:
    """A built-in dataset's title in `lang` ("XOR"), or None when `ref` names none."""
    info = DATASETS.get(ref)
    if info is None:
        return None
    return info.title_ja if lang == "ja" else info.title


def unused_name(session: Session, owner_id: int, wanted: str, longest: int) -> str:
    """`wanted`, or, when another upload of the owner's has that name, the first free of
    "wanted (2)", "wanted (3)", ... (cut to `longest` characters with the number kept): two
    uploads of one person never share a name, so a list, a job or the class table tells
    them apart by it."""
    query = select(Dataset.name).where(Dataset.owner_id == owner_id)
    taken = set(session.scalars(query))
    number, name = 1, wanted
    while name in taken:
        number += 1
        suffix = f" ({number})"
        name = wanted[: longest - len(suffix)] + suffix
    return name


def name_clash(error: IntegrityError) -> bool:
    """Whether `error` is an upload given a name its owner's other upload took meanwhile
    (the unique index on owner and name): pick the name again and retry."""
    said = str(error.orig)
    return NAME_INDEX in said or "datasets.owner_id, datasets.name" in said  # PostgreSQL; SQLite
