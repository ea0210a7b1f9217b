"""`samples.json`: the evaluated validation inputs, and autoencoder reconstructions."""

from __future__ import annotations

import pytest

from netcanvas import samples
from netcanvas.graph import load_graph
from worker.compiler import compile_graph
from worker.datasets import load_dataset
from worker.evaluation import PREDICTIONS_KEPT
from worker.showcase import (
    RECONSTRUCTIONS_SHOWN,
    THUMBNAILS_MAX,
    THUMBNAILS_PER_CELL,
    cell_picks,
    validation_samples,
)


def test_image_samples_are_png_data_urls_indexed_like_the_predictions() -> None:
    network = compile_graph(load_graph(samples.load("digits_cnn")))
    dataset = load_dataset("digits")
    shown = validation_samples(network, dataset, "classification")
    assert shown["kind"] == "image" and shown["reconstructions"] == []
    assert len(shown["samples"]) == min(PREDICTIONS_KEPT, len(dataset.x_val))
    assert [s["index"] for s in shown["samples"][:2]] == [0, 1]
    assert shown["samples"][0]["image"].startswith("data:image/png;base64,")


def test_tabular_samples_are_shown_in_the_file_s_units() -> None:
    network = compile_graph(load_graph(samples.load("logistic_regression")))
    dataset = load_dataset("breast_cancer")
    assert dataset.x_mean is not None and dataset.x_std is not None
    shown = validation_samples(network, dataset, "classification")
    first = shown["samples"][0]["values"]
    raw = dataset.x_val[0] * dataset.x_std + dataset.x_mean
    assert first == pytest.approx(raw.tolist(), abs=1e-3)


def test_kept_samples_spread_over_a_validation_set_sorted_by_label() -> None:
    dataset = load_dataset("mnist5k")  # its source is sorted by label
    network = compile_graph(load_graph(samples.load("lenet")))
    shown = validation_samples(network, dataset, "classification")
    indices = [s["index"] for s in shown["samples"]]
    assert len(indices) == PREDICTIONS_KEPT and indices[-1] == len(dataset.x_val) - 1
    labels = {int(dataset.y_val[i]) for i in indices}
    assert labels == set(range(10))


def test_an_autoencoder_shows_reconstructions_beside_its_inputs() -> None:
    network = compile_graph(load_graph(samples.load("conv_autoencoder")))
    dataset = load_dataset("mnist5k")
    shown = validation_samples(network, dataset, "autoencoder")
    assert len(shown["reconstructions"]) == RECONSTRUCTIONS_SHOWN
    assert shown["reconstructions"][0]["image"].startswith("data:image/png;base64,")


def _cells(classes: int, each: int) -> tuple[dict[int, int], dict[int, int]]:
    """`each` samples in every (true, predicted) cell of `classes` classes, cells interleaved."""
    cells = [(a, b) for a in range(classes) for b in range(classes)]
    rows = [cell for _ in range(each) for cell in cells]
    return {i: a for i, (a, _) in enumerate(rows)}, {i: b for i, (_, b) in enumerate(rows)}


def _kept_per_cell(label: dict[int, int], predicted: dict[int, int], picks: list[int]) -> set[int]:
    counts: dict[tuple[int, int], int] = {}
    for i in picks:
        counts[label[i], predicted[i]] = counts.get((label[i], predicted[i]), 0) + 1
    return set(counts.values())


def test_cell_picks_report_how_many_each_cell_kept() -> None:
    label, predicted = _cells(3, 20)  # 9 cells: the full count each
    picks, per_cell = cell_picks(label, predicted)
    assert per_cell == THUMBNAILS_PER_CELL
    assert _kept_per_cell(label, predicted, picks) == {THUMBNAILS_PER_CELL}

    label, predicted = _cells(20, 20)  # 400 cells: 3 each, the 1,200 shared out
    picks, per_cell = cell_picks(label, predicted)
    assert per_cell == THUMBNAILS_MAX // 400 < THUMBNAILS_PER_CELL
    assert _kept_per_cell(label, predicted, picks) == {per_cell}
    # Each cell's first ones, by index.
    assert picks == sorted(picks) and picks[: 400 * per_cell] == list(range(400 * per_cell))

    label, predicted = _cells(40, 2)  # 1,600 cells: some keep none, so none is promised
    picks, per_cell = cell_picks(label, predicted)
    assert len(picks) == THUMBNAILS_MAX and per_cell == 0
