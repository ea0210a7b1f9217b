"""Numeric input variables beside a standardised x (issue 15, several Inputs): an upload's
`x2:` number columns are standardised like x with the training split's statistics, kept in
`evaluation.json`, and predict applies the same: raw values give the answers training's
evaluation gave."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from netcanvas.artifacts import EVALUATION, PREDICTIONS
from netcanvas.training_config import TrainingConfig
from tests.graphs import chain
from worker.datasets import load_dataset
from worker.predict import predict
from worker.run import run_training


def two_inputs_graph() -> dict[str, Any]:
    """x [2] and x2 [1] concatenated into a classifier of y."""
    graph = chain(
        ("x", "Input", {"shape": [2], "variable": "x"}),
        ("both", "Concat", {"dim": 0}),
        ("hidden", "Linear", {"out_features": 8}),
        ("relu", "ReLU"),
        ("fc", "Linear", {"out_features": 2}),
        ("loss", "CrossEntropyLoss"),
    )
    graph["edges"][0]["target_port"] = 0
    graph["nodes"].append({"id": "size", "type": "Input",
                           "params": {"shape": [1], "variable": "x2"}})  # fmt: skip
    graph["edges"].append({"source": "size", "target": "both", "target_port": 1})
    return graph


def sizes_csv(tmp_path: Path) -> Path:
    path = tmp_path / "sizes.csv"
    rows = []
    for i in range(80):
        a, b, size = i % 7, (i * 3) % 5, 1000 + (i * 37) % 50  # x2 far from 0: raw would dominate
        rows.append(f"{a},{b},{size},{int(size > 1025)}\n")
    path.write_text("x__0,x__1,x2:size,y:label\n" + "".join(rows))
    return path


CONFIG = TrainingConfig(epochs=2, batch_size=16, lr=0.01, seed=0, validation_split=0.25)


def evaluated(folder: Path) -> tuple[list[int], list[int], list[float]]:
    """The stored predictions of the evaluation: rows, predicted classes, their probabilities."""
    with np.load(folder / PREDICTIONS) as table:
        return table["index"].tolist(), table["predicted"].tolist(), table["top_p"][:, 0].tolist()


def test_predict_on_raw_x2_gives_the_evaluation_s_answers(tmp_path: Path) -> None:
    path = sizes_csv(tmp_path)
    result = run_training(two_inputs_graph(), str(path), CONFIG, tmp_path / "run")
    assert result.status == "succeeded", result.reason

    evaluation = json.loads((tmp_path / "run" / EVALUATION).read_text())
    scaling = evaluation["preprocessing"]["more_standardised"]["x2"]
    assert 1000 < scaling["mean"][0] < 1050 and scaling["std"][0] > 1

    dataset = load_dataset(str(path), validation_split=0.25, seed=0, cache_dir=tmp_path / "c")
    assert float(dataset.more_x_train["x2"].mean()) == pytest.approx(0, abs=1e-5)
    assert dataset.x_mean is not None and dataset.x_std is not None
    mean, std = dataset.more_x_scaling["x2"]
    raw_x = dataset.x_val * dataset.x_std + dataset.x_mean  # as in the file
    raw_x2 = dataset.more_x_val["x2"] * std + mean
    assert float(raw_x2.min()) >= 999
    answer = predict(tmp_path / "run", {"x": raw_x.tolist(), "x2": raw_x2.tolist()})

    index, predicted, top_p = evaluated(tmp_path / "run")
    assert len(index) == len(dataset.x_val)
    probabilities = torch.tensor(answer["probabilities"])  # (N, 2)
    assert probabilities.argmax(dim=1)[index].tolist() == predicted
    top = probabilities.max(dim=1).values[index].tolist()
    assert top == pytest.approx(top_p, abs=1e-5)


def test_one_input_reading_x2_alone_is_predicted_with_x2_s_scaling(tmp_path: Path) -> None:
    path = sizes_csv(tmp_path)
    graph = chain(
        ("size", "Input", {"shape": [1], "variable": "x2"}),
        ("fc", "Linear", {"out_features": 2}),
        ("loss", "CrossEntropyLoss"),
    )
    result = run_training(graph, str(path), CONFIG, tmp_path / "run")
    assert result.status == "succeeded", result.reason
    dataset = load_dataset(str(path), validation_split=0.25, seed=0, cache_dir=tmp_path / "c")
    mean, std = dataset.more_x_scaling["x2"]
    raw = (dataset.more_x_val["x2"] * std + mean).tolist()  # (N, 1) as in the file
    index, predicted, top_p = evaluated(tmp_path / "run")
    for answer in (predict(tmp_path / "run", raw), predict(tmp_path / "run", {"x2": raw})):
        probabilities = torch.tensor(answer["probabilities"])
        assert probabilities.argmax(dim=1)[index].tolist() == predicted
        top = probabilities.max(dim=1).values[index].tolist()
        assert top == pytest.approx(top_p, abs=1e-5)
