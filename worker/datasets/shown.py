"""The training rows a view shows (layer previews, the augmentation preview), and which.

A view of a job's dataset shows the job's training rows. A view without a job shows the
training rows of the default split, an upload's own test rows held out and, on a built-in
set that takes a `test_fraction`, also every row a test fraction could hold out (`avoid`:
the largest fraction's test rows hold every smaller one's), so a later job never tests on
a row the editor showed (`backend/held_out.py preview_split`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from netcanvas.splits import Indices

from . import load_split
from .base import Dataset
from .holdout import TestSplit, held_out_indices
from .prepare import tensors


def shown_training(
    source: str,
    *,
    seed: int = 0,
    validation_split: float = 0.2,
    test: TestSplit | None = None,
    avoid: TestSplit | None = None,
    cache_dir: Path | None = None,
) -> tuple[Dataset, Indices]:
    """`source` split as `load_dataset` splits it, `avoid`'s rows also left out of its
    training part, and the rows (in the source's order, 0 first) its training part holds."""
    found = load_split(source, validation_split=validation_split, seed=seed, cache_dir=cache_dir,
                       test=test)  # fmt: skip
    rows = found.rows
    count = len(found.decoded.x)
    train: Indices = np.arange(count) if rows.train is None else rows.train.astype(np.intp)
    if avoid is not None and avoid.fraction is not None:
        held = held_out_indices(count, avoid.fraction, avoid.seed)[1]
        train = train[~np.isin(train, held)]
        rows = replace(rows, train=train)
    return tensors(found.name, found.decoded, rows, found.description), train
