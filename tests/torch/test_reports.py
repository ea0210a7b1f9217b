"""What the worker writes matches the models the API publishes (netcanvas/reports.py): every
field it writes is declared, so the editor's generated types describe it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from pydantic import BaseModel

from netcanvas import samples
from netcanvas.graph import load_graph
from netcanvas.predictions import read
from netcanvas.reports import Evaluation, PredictionPage, Samples
from worker.compiler import compile_graph
from worker.datasets import load_dataset
from worker.evaluation import classification_report, reconstruction_report, regression_report
from worker.predictions import (
    classification_table,
    reconstruction_table,
    regression_table,
    write_predictions,
)
from worker.showcase import validation_samples


def undeclared(model: BaseModel) -> list[str]:
    """Fields the report holds that its model does not declare, at any depth."""
    found = [f"{type(model).__name__}.{name}" for name in model.model_extra or {}]
    for value in model.__dict__.values():
        items = value if isinstance(value, list) else [value]
        found += [
            name for item in items if isinstance(item, BaseModel) for name in undeclared(item)
        ]
    return found


def declared(model: type[BaseModel], data: dict[str, Any]) -> BaseModel:
    report = model.model_validate(data)
    assert undeclared(report) == []
    assert (
        report.model_dump(by_alias=True, exclude_unset=True) == data
    )  # nothing changed on the way
    return report


def test_every_evaluation_the_worker_writes_is_declared() -> None:
    torch.manual_seed(0)
    labels, scores = torch.tensor([0, 1, 2, 1]), torch.rand(4, 3).softmax(dim=1)
    evaluation = declared(Evaluation, classification_report(labels, scores, ["a", "b", "c"]))
    assert isinstance(evaluation, Evaluation) and evaluation.per_class is not None
    targets = torch.rand(5, 2, 3)
    declared(Evaluation, regression_report(targets, targets + 0.1))
    declared(Evaluation, reconstruction_report(targets, targets * 0.9))


def test_the_samples_behind_an_evaluation_are_declared() -> None:
    network = compile_graph(load_graph(samples.load("logistic_regression")))
    dataset = load_dataset("breast_cancer")
    declared(Samples, validation_samples(network, dataset, "classification"))
    labels = dataset.y_val
    scores = torch.rand(len(labels), 2).softmax(dim=1)
    table = classification_table(labels, scores, dataset.class_names)
    shown = declared(Samples, validation_samples(network, dataset, "classification", table))
    assert isinstance(shown, Samples) and shown.per_cell and shown.samples[0].label is not None


def test_every_page_of_predictions_is_declared(tmp_path: Path) -> None:
    torch.manual_seed(0)
    targets = torch.rand(30, 2)
    tables = {
        "classification": classification_table(
            torch.tensor([0, 1, 2] * 10), torch.rand(30, 3).softmax(dim=1), ["a", "b", "c"]
        ),
        "regression": regression_table(targets, targets + 0.1),
        "autoencoder": reconstruction_table(targets, targets * 0.9),
    }
    for task, arrays in tables.items():
        table = read(write_predictions(arrays, tmp_path / f"{task}.npz"))
        page = declared(PredictionPage, table.page(None, None, 5, 10))
        assert isinstance(page, PredictionPage) and len(page.rows) == 10 and page.total == 30
    cell = read(tmp_path / "classification.npz").page(1, None, 0, 50)
    assert cell["total"] == 10 and {row["label"] for row in cell["rows"]} == {"b"}
