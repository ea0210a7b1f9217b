"""A run on a dataset with a test split evaluates it after training, beside the validation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import torch

from netcanvas import samples
from netcanvas.artifacts import EVALUATION
from netcanvas.events import JOB_EVENT, EvaluationEvent
from netcanvas.training_config import TrainingConfig
from netcanvas_cli.main import main
from worker.datasets import DatasetError, TestSplit, load_dataset
from worker.run import run_training
from worker.split_evaluation import evaluate_split


def _run(tmp_path: Path, test: TestSplit | None, name: str = "xor_mlp") -> tuple[Any, list[Any]]:
    emitted: list[dict[str, Any]] = []
    config = TrainingConfig(seed=0, epochs=1, batch_size=16)
    result = run_training(
        samples.load(name), samples.DATASETS[name], config, tmp_path, test=test,
        emit=emitted.append, defer_exports=True,
    )  # fmt: skip
    return result, emitted


def test_the_test_split_is_evaluated_beside_the_validation(tmp_path: Path) -> None:
    result, emitted = _run(tmp_path, TestSplit(fraction=0.2, seed=5))
    assert result.status == "succeeded", result.reason
    (started,) = [e for e in emitted if e["type"] == "started"]
    (evaluation,) = [e for e in emitted if e["type"] == "evaluation"]
    assert JOB_EVENT.validate_python(evaluation).wire() == evaluation
    test = evaluation["test"]
    assert evaluation["split"] == "validation" and test["task"] == "classification"
    assert test["predictions_total"] == started["sizes"]["test"] > 0
    assert sum(map(sum, test["confusion_matrix"])) == started["sizes"]["test"]
    assert 0 <= test["accuracy"] <= 1 and test["loss"] > 0 and test["predictions_stored"] == 0
    assert set(test) >= {"per_class", "macro_avg", "weighted_avg", "class_names"}
    assert result.summary["test_accuracy"] == test["accuracy"]
    kept = json.loads((tmp_path / EVALUATION).read_text())
    assert kept["test"]["accuracy"] == test["accuracy"]  # evaluation.json keeps it too


def test_no_test_split_leaves_the_evaluation_event_as_it_was() -> None:
    event = EvaluationEvent(task="classification", split="validation").wire()
    assert "test" not in event and JOB_EVENT.validate_python(event).wire() == event


def test_evaluate_split_gives_the_regression_report() -> None:
    from netcanvas.graph import load_graph
    from worker.compiler import compile_graph
    from worker.targets import plan_targets

    network = compile_graph(load_graph(samples.load("lstm_sine")))
    data = load_dataset("sine", test=TestSplit(fraction=0.1, seed=0))
    assert data.x_test is not None and data.y_test is not None
    report = evaluate_split(
        network, plan_targets(network, data), data.x_test, data.y_test, data.class_names
    )
    assert report["task"] == "regression" and report["predictions_total"] == len(data.x_test)
    assert {"mse", "mae", "r2", "loss"} <= set(report)
    assert torch.isclose(torch.tensor(report["mse"]), torch.tensor(report["loss"]), rtol=1e-4)


def test_netcanvas_train_takes_a_test_fraction(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = Path(samples.__file__).parent / "xor_mlp.json"
    common = ["train", str(graph), "--dataset", "xor", "--epochs", "1", "--out", str(tmp_path)]
    assert main([*common, "--test-fraction", "0.2", "--test", "t.zip"]) == 2
    assert "not both" in capsys.readouterr().err
    assert main([*common, "--test-fraction", "0.2", "--test-seed", "3", "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert {"test_loss", "test_accuracy", "val_accuracy"} <= set(result)


def test_a_configs_test_fraction_holds_out_what_the_cli_flag_does(tmp_path: Path) -> None:
    """`TrainingConfig.test_fraction` (a job's, from the API) holds out the same rows as
    `netcanvas train --test-fraction F` with its default `--test-seed 0`."""
    config = TrainingConfig(seed=0, epochs=1, batch_size=16, test_fraction=0.2)
    emitted: list[dict[str, Any]] = []
    result = run_training(samples.load("xor_mlp"), "xor", config, tmp_path,
                          emit=emitted.append, defer_exports=True)  # fmt: skip
    assert result.status == "succeeded" and "test_accuracy" in result.summary
    (started,) = [e for e in emitted if e.get("type") == "started"]
    flag = load_dataset("xor", seed=0, test=TestSplit(fraction=0.2, seed=0))
    assert flag.x_test is not None and started["sizes"]["test"] == len(flag.x_test) == 80
    with pytest.raises(DatasetError, match="time series"):
        load_dataset("seattle_temperature", test=TestSplit(fraction=0.2, seed=0))
