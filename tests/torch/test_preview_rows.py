"""Previews without a job show only rows no job with the default settings holds out:
training rows of the default split (seed 0, 20 % validation) that no test fraction takes
(`backend/held_out.py preview_split`, `worker/datasets/shown.py`), and say which rows.
Before, they showed the default split's first training rows, which a later job's
`test_fraction` held out as its test set."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from backend.layer_preview import preview_split, shown_rows
from netcanvas.splits import MAX_TEST_FRACTION, RowSplit
from netcanvas.training_config import CONFIG_TEST_SEED
from tests.graphs import chain
from worker.augment_preview import first_images
from worker.datasets import TestSplit, load_dataset
from worker.layer_preview import first_rows, layer_preview, split_key


def held_out_by_any_default_job(n: int) -> set[int]:
    """Rows a job with the default seed and validation split holds out with any test
    fraction from 0 to the largest (the largest's test rows hold every smaller one's),
    and the validation rows of the job with every default."""
    largest = RowSplit(n, 0, 0.2, (MAX_TEST_FRACTION, CONFIG_TEST_SEED)).rows()[2]
    plain = RowSplit(n, 0, 0.2).rows()[1]
    return {int(i) for i in np.concatenate([largest, plain])}


def test_a_layer_preview_without_a_job_shows_no_row_a_test_fraction_holds_out(
    tmp_path: Path,
) -> None:
    split = preview_split(None, None, "digits")
    variables, y, rows = first_rows("digits", tmp_path, split_key(split))
    assert rows and not set(rows) & held_out_by_any_default_job(1797)
    every = load_dataset("digits", validation_split=0, cache_dir=tmp_path)  # every row, in order
    assert torch.equal(variables["x"], every.x_train[rows])
    assert torch.equal(y, every.y_train[rows])
    # a job testing on 30 % of digits tests on none of the rows shown
    job_test = TestSplit(fraction=0.3, seed=CONFIG_TEST_SEED)
    tested = load_dataset("digits", seed=0, test=job_test, cache_dir=tmp_path).x_test
    assert tested is not None
    shown = {tuple(x.flatten().tolist()) for x in variables["x"]}
    assert not shown & {tuple(x.flatten().tolist()) for x in tested}


def test_the_answer_says_which_row_and_which_rows_it_shows(tmp_path: Path) -> None:
    split = preview_split(None, None, "iris")
    graph = chain(("x", "Input", {"shape": [4]}), ("fc", "Linear", {"out_features": 3}),
                  ("loss", "CrossEntropyLoss"))  # fmt: skip
    answer = layer_preview(graph, "iris", index=2, cache_dir=tmp_path, split=split)
    _, _, rows = first_rows("iris", tmp_path, split_key(split))
    assert answer["row"] == rows[2] and answer["row"] not in held_out_by_any_default_job(150)
    code, params = shown_rows(None, split, "iris")
    assert code == "layer_preview.rows_untouched" and params["test"] == "50%"


def test_an_augmentation_preview_of_a_built_in_set_shows_no_row_a_test_fraction_holds_out(
    tmp_path: Path,
) -> None:
    split = preview_split(None, None, "mnist5k")  # its first default training rows: 0, 1, 2, 3
    shown = first_images("mnist5k", 4, tmp_path, split["test"], split.get("avoid"))
    every = load_dataset("mnist5k", validation_split=0, cache_dir=tmp_path).x_train
    found = [int(torch.nonzero((every == x).flatten(1).all(1))[0]) for x in shown]
    assert len(found) == 4 and not set(found) & held_out_by_any_default_job(5000), found
