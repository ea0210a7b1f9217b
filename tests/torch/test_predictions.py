"""`predictions.npz`: a run keeps every validation prediction, as plain arrays that load
without pickle, and `samples.json` holds the first samples of every confusion cell."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from netcanvas import samples
from netcanvas.predictions import ROWS_STORED, VALUES_STORED, PredictionsError, read
from netcanvas.training_config import TrainingConfig
from worker.datasets import load_dataset
from worker.evaluation import PREDICTIONS_KEPT
from worker.predictions import (
    classification_table,
    reconstruction_table,
    regression_table,
    write_predictions,
)
from worker.run import run_training
from worker.showcase import THUMBNAILS_PER_CELL


@pytest.fixture(scope="module")
def digits_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("digits")
    config = TrainingConfig(epochs=1, batch_size=64, seed=3)
    result = run_training(samples.load("digits_cnn"), "digits", config, out)
    assert result.status == "succeeded", result.reason
    assert result.evaluation is not None
    return out, result.evaluation


def test_a_run_keeps_every_validation_prediction_loadable_without_pickle(
    digits_run: tuple[Path, dict[str, Any]],
) -> None:
    out, evaluation = digits_run
    dataset = load_dataset("digits", seed=3)
    n = len(dataset.x_val)
    assert n > PREDICTIONS_KEPT  # more than the evaluation's own list
    assert len(evaluation["predictions"]) == PREDICTIONS_KEPT
    assert (evaluation["predictions_total"], evaluation["predictions_stored"]) == (n, n)

    with np.load(out / "predictions.npz", allow_pickle=False) as data:  # no object arrays
        arrays = {name: data[name] for name in data.files}
    assert all(array.dtype != object for array in arrays.values())
    assert arrays["index"].tolist() == list(range(n))
    assert arrays["label"].tolist() == dataset.y_val.tolist()
    assert int(arrays["evaluated"]) == n

    table = read(out / "predictions.npz")
    matrix = evaluation["confusion_matrix"]
    for actual, row in enumerate(matrix):
        for predicted, count in enumerate(row):
            assert len(table.matching(actual, predicted)) == count, (actual, predicted)
    # The evaluation's short list is the same predictions, row for row.
    kept = {p["index"]: p for p in evaluation["predictions"]}
    for row in table.rows(np.array(sorted(kept))):
        assert row["label"] == kept[row["index"]]["label"]
        assert row["predicted"] == kept[row["index"]]["predicted"]
        assert row["top3"][0]["p"] == pytest.approx(kept[row["index"]]["top3"][0]["p"])


def test_samples_show_every_sample_of_a_small_cell_and_the_first_of_a_large_one(
    digits_run: tuple[Path, dict[str, Any]],
) -> None:
    out, evaluation = digits_run
    shown = json.loads((out / "samples.json").read_text())
    assert shown["per_cell"] == THUMBNAILS_PER_CELL
    names = evaluation["class_names"]
    table = read(out / "predictions.npz")
    by_index = {s["index"]: s for s in shown["samples"]}
    assert {p["index"] for p in evaluation["predictions"]} <= set(by_index)
    for actual in range(len(names)):
        for predicted in range(len(names)):
            rows = table.index[table.matching(actual, predicted)].tolist()
            first = rows[:THUMBNAILS_PER_CELL]
            assert set(first) <= set(by_index), (actual, predicted)
            for i in first:
                assert (by_index[i]["label"], by_index[i]["predicted"]) == (
                    names[actual],
                    names[predicted],
                )


def test_regression_and_autoencoder_tables_keep_every_row(tmp_path: Path) -> None:
    targets, outputs = torch.rand(700, 20), torch.rand(700, 20)
    write_predictions(regression_table(targets, outputs), tmp_path / "r.npz")
    table = read(tmp_path / "r.npz")
    assert (table.task, len(table), table.width) == ("regression", 700, 20)
    row = table.rows(np.array([699]))[0]
    assert row["index"] == 699 and len(row["target"]) == VALUES_STORED
    assert row["predicted"] == pytest.approx(outputs[699, :VALUES_STORED].tolist())

    inputs = torch.rand(400, 1, 4, 4)
    write_predictions(reconstruction_table(inputs, inputs * 0.5), tmp_path / "a.npz")
    table = read(tmp_path / "a.npz")
    error = float(((inputs[3] * 0.5 - inputs[3]) ** 2).mean())
    assert len(table) == 400
    assert table.rows(np.array([3]))[0]["reconstruction_error"] == pytest.approx(error)


def test_a_split_larger_than_the_file_keeps_rows_spread_over_it(tmp_path: Path) -> None:
    n = ROWS_STORED + 5_000
    labels, scores = torch.zeros(n, dtype=torch.long), torch.rand(n, 2).softmax(dim=1)
    write_predictions(classification_table(labels, scores, ["a", "b"]), tmp_path / "p.npz")
    table = read(tmp_path / "p.npz")
    assert (len(table), table.evaluated) == (ROWS_STORED, n)
    assert table.index[0] == 0 and table.index[-1] == n - 1
    assert np.all(np.diff(table.index) > 0)


def test_a_file_that_needs_pickle_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.npz"
    np.savez(path, format=np.array("netcanvas/predictions@1"), index=np.array([{}], dtype=object))
    with pytest.raises(PredictionsError):
        read(path)
    path.write_bytes(b"not a zip")
    with pytest.raises(PredictionsError):
        read(path)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("index.npy", b"")
    with pytest.raises(PredictionsError):
        read(path)
