"""`netcanvas.datasets.SEEDED_SAMPLES` names exactly the built-in generators whose samples a
job's seed draws anew: the API counts an earlier job's training rows among a new job's
held-out rows only when both drew the same samples (`backend/held_out.py seen_rows`)."""

from __future__ import annotations

import numpy as np

from netcanvas.datasets import DATASETS, SEEDED_SAMPLES
from worker.datasets import builtin


def test_seeded_samples_are_the_generators_a_seed_changes() -> None:
    redrawn = set()
    for name in builtin.GENERATORS:
        if DATASETS[name].validation == "time_order":
            continue  # a series: its split is in time order, whatever the seed
        first, second = builtin.generate(name, 0), builtin.generate(name, 1)
        if first.x.shape != second.x.shape or not np.array_equal(first.x, second.x):
            redrawn.add(name)
    assert redrawn == SEEDED_SAMPLES
