"""Which rows of a dataset a job trains, validates and tests on: numpy alone.

The worker splits every dataset with these (`worker/datasets/prepare.py choose_rows`,
`worker/datasets/holdout.py`); the API uses the same to tell, without reading the data,
which rows a job held out (`backend/held_out.py`), so a job started from an earlier job's
weights can be warned when those weights were trained on its held-out rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Indices = npt.NDArray[np.intp]
# The most of a dataset's rows a test split may take (`TrainingConfig.test_fraction`, an
# upload's test fraction): every smaller fraction's test rows are the first part of these.
MAX_TEST_FRACTION = 0.5


def split_indices(n: int, fraction: float, seed: int) -> tuple[Indices, Indices]:
    """Training and validation indices: a seeded random permutation, the first part held out.

    Each part keeps the source's order (the trainer shuffles), so sample i of
    the validation set is easy to find in the file.
    """
    order = np.random.default_rng(seed).permutation(n)
    n_val = round(n * fraction)
    return np.sort(order[n_val:]), np.sort(order[:n_val])


def test_indices(n: int, fraction: float, seed: int) -> tuple[Indices, Indices]:
    """The rows left for training and validation, and the test rows, each in the source's
    order: the first `round(n * fraction)` (at least one) of a permutation seeded with
    `seed`. The same n, fraction and seed always give the same rows, and a smaller fraction
    the first part of a larger one's test rows."""
    order = np.random.default_rng(seed).permutation(n)
    n_test = max(1, round(n * fraction)) if n > 1 else 0
    return np.sort(order[n_test:]), np.sort(order[:n_test])


@dataclass(frozen=True)
class RowSplit:
    """A job's split of `n` rows: `test` (fraction, seed) held out first, or none; then a
    seeded `validation_split` of the rest, or none when `seeded_validation` is False (the
    source's own validation set)."""

    n: int
    seed: int
    validation_split: float
    test: tuple[float, int] | None = None
    seeded_validation: bool = True

    def rows(self) -> tuple[Indices, Indices, Indices]:
        """The training, validation and test rows, each sorted (validation and test may be
        empty), as `choose_rows` picks them."""
        rest: Indices = np.arange(self.n)
        held: Indices = np.arange(0)
        if self.test is not None:
            rest, held = test_indices(self.n, *self.test)
        if not self.seeded_validation:
            return rest, np.arange(0), held
        train, val = split_indices(len(rest), self.validation_split, self.seed)
        return rest[train], rest[val], held
