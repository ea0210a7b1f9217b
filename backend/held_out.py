"""The rows a job may show: its dataset split as the job split it, test rows held out.

A job's test set stays unseen until its one evaluation after training. An upload's test
split is fixed when it is uploaded (a test file, or a fraction with its own seed, kept in
`info["test"]`); a built-in dataset's is the job's `config.test_fraction`, held out with
`CONFIG_TEST_SEED` (`worker.run.run_training`). A view that reads a job's rows again (the
inside views of a network of several Inputs, layer previews with a job's weights) sends the
worker `split_of(job, row)`, so it loads the dataset exactly as the job trained on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from netcanvas.datasets import DATASETS, OFFICIAL_TEST_SAMPLES, SEEDED_SAMPLES
from netcanvas.splits import MAX_TEST_FRACTION, RowSplit
from netcanvas.training_config import CONFIG_TEST_SEED, TrainingConfig

from .datasets import test_file_path
from .db.models import Dataset, Job
from .deps import id_in, valid_id

Coded = tuple[str, dict[str, Any]]  # a message code and its params

# How a dataset is split when no job's settings apply (the editor's layer previews).
DEFAULT_SEED, DEFAULT_VALIDATION_SPLIT = 0, 0.2


def upload_test(row: Dataset | None) -> dict[str, Any] | None:
    """An upload's test split as `worker.datasets.TestSplit`'s fields: its stored test file's
    path, or the fraction held out and its seed; None when it has none."""
    found = (row.info or {}).get("test") if row is not None else None
    if row is None or not isinstance(found, dict):
        return None
    if found.get("source") == "file":
        return {"file": str(test_file_path(Path(row.path)))}
    return {"fraction": float(found["fraction"]), "seed": int(found["seed"])}


def job_test(job: Job, row: Dataset | None) -> dict[str, Any] | None:
    """The test split the job held out: its upload's (`row`), else its `test_fraction` of a
    built-in dataset; None when it held out none."""
    if job.dataset.startswith("upload:"):
        return upload_test(row)
    fraction = float((job.config or {}).get("test_fraction") or 0)
    return {"fraction": fraction, "seed": CONFIG_TEST_SEED} if fraction > 0 else None


def split_of(job: Job | None, row: Dataset | None) -> dict[str, Any]:
    """How the worker splits the dataset again: the job's seed, validation split and test
    split (`job` None: the defaults, an upload's own test split still held out)."""
    if job is None:
        return {"seed": DEFAULT_SEED, "validation_split": DEFAULT_VALIDATION_SPLIT,
                "test": upload_test(row)}  # fmt: skip
    config = TrainingConfig.model_validate(job.config)
    return {"seed": config.seed, "validation_split": config.validation_split,
            "test": job_test(job, row)}  # fmt: skip


def preview_split(row: Dataset | None, name: str) -> dict[str, Any]:
    """The split a preview without a job shows the training rows of: the defaults, and on a
    built-in set that takes a `test_fraction`, every row a test fraction could hold out kept
    out as well (`avoid`: the largest fraction's rows, which hold every smaller one's), so no
    row a later job tests on is shown."""
    split = split_of(None, row)
    if takes_test_fraction(name):
        split["avoid"] = {"fraction": MAX_TEST_FRACTION, "seed": CONFIG_TEST_SEED}
    return split


def takes_test_fraction(name: str) -> bool:
    """A built-in set whose test rows `TrainingConfig.test_fraction` picks (not a series in
    time order, nor an anomaly set: `backend.jobs.check_test_fraction`)."""
    info = DATASETS.get(name)
    return info is not None and info.validation != "time_order" and info.normal_class is None


SPLIT_FIELDS = ("seed", "validation_split", "test_fraction")


def row_split(config: TrainingConfig, name: str, row: Dataset | None) -> RowSplit | None:
    """The rows a job with `config` splits `name` into, as the worker picks them; None when
    no setting changes which rows are held out (a series, an anomaly set) or the API cannot
    count them. An upload's test rows are the same for every job: only the rest is split."""
    if name.startswith("upload:"):
        sizes = (row.info or {}).get("sizes") if row is not None else None
        if not isinstance(sizes, dict):
            return None
        rest = int(sizes.get("train") or 0) + int(sizes.get("validation") or 0)
        return RowSplit(rest, config.seed, config.validation_split)
    info = DATASETS.get(name)
    if info is None or not takes_test_fraction(name):
        return None
    official = info.validation == "official_test_set"
    count = info.samples - (OFFICIAL_TEST_SAMPLES if official else 0)
    test = (config.test_fraction, CONFIG_TEST_SEED) if config.test_fraction > 0 else None
    return RowSplit(
        count, config.seed, config.validation_split, test, seeded_validation=not official
    )


def config_of(job: Job) -> TrainingConfig:
    return TrainingConfig.model_validate(job.config or {})


def earlier_job(session: Session, job_config: TrainingConfig, owner: int) -> Job | None:
    """The job whose weights `job_config` starts from (`init_from`), if it is one of the
    owner's jobs; None for shipped weights (`pretrained:...`, trained on other data) or none."""
    wanted = id_in(job_config.init_from) if job_config.init_from is not None else None
    if wanted is None or not valid_id(wanted):
        return None
    found = session.get(Job, wanted)
    return found if found is not None and found.owner_id == owner else None


def lineage(session: Session, config: TrainingConfig, owner: int) -> list[Job]:
    """The earlier jobs whose training is in the weights a job starts from: the job it starts
    from, the one that started from, and so on (each once)."""
    found: list[Job] = []
    earlier = earlier_job(session, config, owner)
    while earlier is not None and earlier not in found and len(found) < MAX_LINEAGE:
        found.append(earlier)
        earlier = earlier_job(session, config_of(earlier), owner)
    return found


MAX_LINEAGE = 50  # earlier jobs followed back through init_from


def inherited_split(
    session: Session, config: TrainingConfig, name: str, owner: int
) -> tuple[TrainingConfig, Coded | None]:
    """`config` with the seed, validation split and test fraction it does not set taken from
    the job it starts from, when that job trained on the same dataset, and the note that says
    so (`job.split_kept`); `config` unchanged otherwise."""
    earlier = earlier_job(session, config, owner)
    unset = [f for f in SPLIT_FIELDS if f not in config.model_fields_set]
    if name.startswith("upload:"):
        unset = [f for f in unset if f != "test_fraction"]  # an upload's test split is its own
    if earlier is None or earlier.dataset != name or not unset:
        return config, None
    theirs = config_of(earlier)
    kept = config.model_copy(update={f: getattr(theirs, f) for f in unset})
    return kept, ("job.split_kept", {"job": earlier.id, "fields": ", ".join(unset),
                                     "seed": kept.seed, "validation_split": kept.validation_split,
                                     "test_fraction": kept.test_fraction})  # fmt: skip


def seen_rows(session: Session, config: TrainingConfig, name: str, owner: int) -> list[Coded]:
    """One warning (`job.held_out_seen`) per earlier job in the line of weights `config`
    starts from that trained on `name` and on rows this job holds out (validation or test),
    naming the job and how many."""
    row = session.get(Dataset, int(name.removeprefix("upload:"))) if name.startswith(
        "upload:") else None  # fmt: skip
    mine = row_split(config, name, row)
    if mine is None:
        return []
    _, validation, test = mine.rows()
    warnings: list[Coded] = []
    for earlier in lineage(session, config, owner):
        theirs = config_of(earlier)
        if earlier.dataset != name or (name in SEEDED_SAMPLES and theirs.seed != config.seed):
            continue  # other data, or samples drawn anew from another seed
        split = row_split(theirs, name, row)
        if split is None or split.n != mine.n:
            continue
        trained = split.rows()[0]
        in_test = int(np.isin(test, trained).sum())
        in_validation = int(np.isin(validation, trained).sum())
        if in_test + in_validation:
            warnings.append(("job.held_out_seen", {"job": earlier.id, "dataset": name,
                             "count": in_test + in_validation, "test": in_test,
                             "validation": in_validation}))  # fmt: skip
    return warnings
