"""The test split: rows held out of a dataset for the final evaluation only.

A dataset's test set is either a file of its own (given with an upload) or a
fraction of its rows fixed when it was uploaded: `TestSplit(fraction, seed)`,
stored with the upload. The fraction is held out first, by a permutation
seeded with the upload's own `seed` (never the job's), so every job on the
dataset sees the same test rows whatever its seed or validation split; the
training and validation splits are then drawn from the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from netcanvas.splits import MAX_TEST_FRACTION, Indices, test_indices
from netcanvas.training_config import CONFIG_TEST_SEED

from .base import DatasetError

__all__ = [
    "CONFIG_TEST_SEED",
    "MAX_TEST_FRACTION",
    "TestSplit",
    "check_test_fraction",
    "held_out_indices",
]


@dataclass(frozen=True)
class TestSplit:
    """A fixed test split: `file`, the path of a test file, or `fraction` of the rows held
    out by a permutation seeded with `seed`."""

    __test__ = False  # not a pytest class

    file: str | None = None
    fraction: float | None = None
    seed: int = 0


def check_test_fraction(fraction: float) -> None:
    """A test fraction must leave most rows for training: more than 0, at most 0.5."""
    if not 0 < fraction <= MAX_TEST_FRACTION:
        raise DatasetError.of("dataset.test_fraction", value=fraction)


def held_out_indices(n: int, fraction: float, seed: int) -> tuple[Indices, Indices]:
    """The rows left for training and validation, and the test rows, each in the source's
    order: the first `round(n * fraction)` (at least one) of a permutation seeded with
    `seed`. The same n, fraction and seed always give the same rows."""
    check_test_fraction(fraction)
    return test_indices(n, fraction, seed)  # netcanvas.splits: the API picks them the same way
