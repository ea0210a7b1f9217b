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

from netcanvas.training_config import CONFIG_TEST_SEED, TrainingConfig

from .datasets import test_file_path
from .db.models import Dataset, Job

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
