"""Inference over a dataset in the worker (`worker/inference.py`), on a run's own artifacts:
tabular features get training's standardisation, and a run stopped midway (past its time
limit) leaves its state `failed` and no CSV, not even a partial one."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from backend.routes.inference import worded
from netcanvas import inference, samples
from netcanvas.inference import InferenceRun, csv_path, now, read_state, state_path
from netcanvas.training_config import TrainingConfig
from worker import inference as worker_inference
from worker.run import run_training


@pytest.fixture(scope="module")
def breast_cancer_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("logistic")
    config = TrainingConfig(epochs=5, batch_size=32, lr=0.01, seed=0)
    result = run_training(samples.load("logistic_regression"), "breast_cancer", config, folder)
    assert result.status == "succeeded", result.reason
    return folder


def queued(folder: Path, run_id: str, dataset: str) -> None:
    run = InferenceRun(id=run_id, job_id=1, dataset=dataset, status="queued",
                       created_at=now(), updated_at=now())  # fmt: skip
    inference.write_state_atomically(state_path(folder, run_id), run)


def test_every_sample_is_predicted_with_the_training_standardisation(
    breast_cancer_run: Path,
) -> None:
    queued(breast_cancer_run, "a" * 16, "breast_cancer")
    assert worker_inference.run_inference(breast_cancer_run, "a" * 16, None, 0) == "succeeded"
    state = read_state(state_path(breast_cancer_run, "a" * 16))
    assert state is not None and state.rows == state.total == 569 and state.finished_at
    with csv_path(breast_cancer_run, "a" * 16).open(newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 569 and list(rows[0])[:2] == ["id", "x__0"] and "x__29" in rows[0]
    right = sum(row["y"] == row["y'"] for row in rows)
    assert right / len(rows) > 0.9  # raw features, standardised as in training


def test_a_run_stopped_midway_fails_and_leaves_no_csv(
    breast_cancer_run: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker_inference, "TIME_LIMIT_S", -1)  # past it after the first batch
    queued(breast_cancer_run, "b" * 16, "breast_cancer")
    assert worker_inference.run_inference(breast_cancer_run, "b" * 16, None, 0) == "failed"
    state = read_state(state_path(breast_cancer_run, "b" * 16))
    assert state is not None and state.status == "failed" and "longer than" in state.error
    assert not csv_path(breast_cancer_run, "b" * 16).exists()
    left = [p.name for p in (breast_cancer_run / "inference").iterdir() if p.name.startswith(".")]
    assert left == []  # no temporary file either
    # A run already taken (not queued) is not run again.
    assert worker_inference.run_inference(breast_cancer_run, "b" * 16, None, 0) == "skipped"


def test_a_dataset_the_network_cannot_read_fails_with_a_code_worded_in_either_language(
    breast_cancer_run: Path,
) -> None:
    """The worker's refusal keeps its message code and params beside its English text, so the
    API tells it in the reader's language (`worded`); the English text stays as it was."""
    queued(breast_cancer_run, "c" * 16, "xor")
    assert worker_inference.run_inference(breast_cancer_run, "c" * 16, None, 0) == "failed"
    state = read_state(state_path(breast_cancer_run, "c" * 16))
    assert state is not None and state.error_code == "predict.dataset_shape"
    assert state.error == "the dataset's samples have shape [2], this network's Input takes [30]"
    assert worded(state, "en") == state
    japanese = worded(state, "ja")
    assert japanese.error == (
        "データセットのサンプルの形は [2] ですが、このネットワークの Input が受け取るのは [30] です"
    )
    assert japanese.error_code == state.error_code and japanese.error_params == state.error_params


@pytest.mark.parametrize(
    ("sample", "dataset", "columns"),
    [
        ("lstm_sine", "sine", ["id", "y", "y'"]),
        ("conv_autoencoder", "mnist5k", ["id", "y", "reconstruction_error"]),
    ],
)
def test_regression_and_autoencoder_runs_write_their_columns(
    sample: str, dataset: str, columns: list[str], tmp_path: Path
) -> None:
    config = TrainingConfig(epochs=1, seed=0)
    result = run_training(samples.load(sample), dataset, config, tmp_path, defer_exports=True)
    assert result.status == "succeeded", result.reason
    queued(tmp_path, "c" * 16, dataset)
    assert worker_inference.run_inference(tmp_path, "c" * 16, None, 0) == "succeeded"
    with csv_path(tmp_path, "c" * 16).open(newline="") as file:
        header, *rows = list(csv.reader(file))
    state = read_state(state_path(tmp_path, "c" * 16))
    assert state is not None and len(rows) == state.total
    assert header[:1] + header[-2:] == columns[:1] + columns[-2:]
    assert all(float(row[-1]) == float(row[-1]) for row in rows)  # numbers, never NaN
