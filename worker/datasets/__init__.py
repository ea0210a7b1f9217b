"""Datasets for training: built-in, public (downloaded or from the user's files) and uploaded.

`load_dataset(ref)` is the one entry point. `ref` is a name from
`netcanvas.datasets` (the catalogue the API lists) or a path: a zip or CSV
upload, a folder (original MNIST/CIFAR-10 files, or an upload's layout), or
CIFAR-10's binary tarball. Every result is a `Dataset` of tensors in memory.
`load_split(ref)` loads the same as numpy arrays and each split's rows, without
importing torch: the upload reader (`inspect.py`) checks and previews with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from netcanvas.datasets import BUILTIN_NAMES, DATASETS, PUBLIC_NAMES
from netcanvas.series import read_settings

from . import builtin, cache, public
from .base import Dataset, DatasetError
from .holdout import CONFIG_TEST_SEED, TestSplit, check_test_fraction
from .prepare import Decoded, Rows, check_fraction, choose_rows, tensors
from .series_upload import load_series_upload
from .upload import load_upload

__all__ = [
    "BUILTIN_NAMES",
    "CONFIG_TEST_SEED",
    "PUBLIC_NAMES",
    "Dataset",
    "DatasetError",
    "Found",
    "TestSplit",
    "load_dataset",
    "load_split",
]

TARBALL_SUFFIXES = (".tar", ".tar.gz", ".tgz")


def load_dataset(
    ref: str,
    *,
    validation_split: float = 0.2,
    seed: int = 0,
    validation: str | None = None,
    cache_dir: Path | None = None,
    test: TestSplit | None = None,
) -> Dataset:
    """Load `ref` split into training and validation sets (and a test set, with `test`).

    validation_split: the fraction held out, by a permutation seeded with
    `seed`, when the data has no validation set of its own (public sets use
    their official test set; `validation` names a second file for uploads).
    cache_dir: downloads and decoded tensors; default $NETCANVAS_DATA_DIR or
    ~/.cache/netcanvas.
    test: a test file for an upload, or a fraction of the rows held out with its own
    seed, the same for every job (`holdout.py`).
    """
    found = load_split(
        ref,
        validation_split=validation_split,
        seed=seed,
        validation=validation,
        cache_dir=cache_dir,
        test=test,
    )
    return tensors(found.name, found.decoded, found.rows, found.description)


@dataclass
class Found:
    """A dataset decoded and its splits chosen, before any tensor is made (`load_split`)."""

    name: str
    decoded: Decoded
    rows: Rows
    description: str


def load_split(
    ref: str,
    *,
    validation_split: float = 0.2,
    seed: int = 0,
    validation: str | None = None,
    cache_dir: Path | None = None,
    test: TestSplit | None = None,
) -> Found:
    """What `load_dataset` loads, as numpy arrays and each split's rows, without torch:
    the upload reader (`inspect.py`) checks and shows a dataset with it. Same arguments."""
    check_fraction(validation_split)
    if test is not None and test.fraction is not None:
        check_test_fraction(test.fraction)
    root = cache.data_dir(cache_dir)
    if ref in DATASETS:
        if validation is not None:
            raise DatasetError.of("dataset.named_with_validation", ref=ref)
        if test is not None and test.file is not None:
            raise DatasetError.of("dataset.named_with_test", ref=ref)
        info = DATASETS[ref]
        if test is not None and info.validation == "time_order":
            raise DatasetError.of("series.with_test")
        if ref in builtin.GENERATORS:
            decoded = builtin.generate(ref, seed)
        else:
            decoded = public.load_public(ref, root)
        name, description = ref, info.description
    else:
        path = Path(ref).expanduser()
        if not ref or not path.exists():
            raise DatasetError.of(
                "dataset.unknown",
                ref=ref,
                builtin=", ".join(BUILTIN_NAMES),
                public=", ".join(PUBLIC_NAMES),
            )
        name, decoded, description = _from_path(path, validation, root, test)
    rows = choose_rows(name, decoded, validation_split=validation_split, seed=seed, test=test)
    return Found(name, decoded, rows, description)


def _from_path(
    path: Path, validation: str | None, root: Path, test: TestSplit | None
) -> tuple[str, Decoded, str]:
    """Original public files if `path` holds them, else an upload."""
    if path.is_dir() or path.name.lower().endswith(TARBALL_SUFFIXES):
        found = public.load_files(path, root)
        if found is not None:
            if validation is not None or (test is not None and test.file is not None):
                raise DatasetError.of(
                    "dataset.original_with_validation", name=path.name, dataset=found[0]
                )
            return found[0], found[1], f"{DATASETS[found[0]].title} from {path}"
    val_path = None
    if validation is not None:
        val_path = Path(validation).expanduser()
        if not val_path.exists():
            raise DatasetError.of("dataset.no_validation_file", path=validation)
    settings = read_settings(path) if path.is_file() else None
    if settings is not None:  # a time series: its own split, in time order
        if val_path is not None:
            raise DatasetError.of("series.with_validation", name=path.name)
        decoded = load_series_upload(path, settings, path.name)
        return _upload_name(path), decoded, f"uploaded series {path.name}"
    test_path = None
    if test is not None and test.file is not None:
        test_path = Path(test.file).expanduser()
        if not test_path.exists():
            raise DatasetError.of("dataset.no_test_file", path=test.file)
    decoded = load_upload(path, val_path, root, test_path)
    description = f"uploaded {path.name}" + (f", validated on {val_path.name}" if val_path else "")
    if test_path is not None:
        description += f", tested on {test_path.name}"
    return _upload_name(path), decoded, description


def _upload_name(path: Path) -> str:
    name = path.name
    for suffix in (".zip", ".csv"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)] or name
    return name
