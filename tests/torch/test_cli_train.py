"""`netcanvas train` as a user runs it: a sample on each built-in dataset, JSON last."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from netcanvas import samples
from netcanvas.datasets import DATASETS

SAMPLES = Path(samples.__file__).parent


def train(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "netcanvas_cli", "train", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


def one_sample_per_dataset() -> list[str]:
    """The first sample (by name) of each built-in dataset the samples use.

    Each case starts a fresh process (torch's import is most of its time), so the CLI runs
    once per dataset; every sample trains in-process with its own settings in
    `test_sample_lessons.py`, and compiles, exports and rebuilds in the other torch tests."""
    first: dict[str, str] = {}
    for name in samples.names():
        first.setdefault(samples.DATASETS[name], name)
    return sorted(first.values())


def test_every_sample_has_a_built_in_dataset() -> None:
    assert set(samples.DATASETS) == set(samples.names())


@pytest.mark.parametrize("name", one_sample_per_dataset())
def test_train_each_sample_prints_its_json_line(name: str, tmp_path: Path) -> None:
    run = train(
        str(SAMPLES / f"{name}.json"),
        "--dataset",
        samples.DATASETS[name],
        "--epochs",
        "1",
        "--out",
        str(tmp_path),
        "--json",
    )
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["status"] == "succeeded"
    assert {"train_loss", "val_loss", "samples_per_s"} <= set(result)
    if DATASETS[samples.DATASETS[name]].task == "regression":
        assert "val_mse" in result
    elif name not in ("conv_autoencoder", "anomaly_autoencoder"):
        assert {"train_accuracy", "val_accuracy"} <= set(result)
    with zipfile.ZipFile(tmp_path / "bundle.zip") as bundle:
        names = set(bundle.namelist())
    assert {
        "model.safetensors",
        "graph.json",
        "model.py",
        "evaluation.json",
        "metrics.csv",
    } <= names


def test_train_refuses_a_dataset_that_does_not_fit(tmp_path: Path) -> None:
    run = train(
        str(SAMPLES / "lenet.json"), "--dataset", "digits", "--out", str(tmp_path), "--json"
    )
    assert run.returncode == 1
    assert "[1, 8, 8]" in run.stderr and "[1, 28, 28]" in run.stderr
    assert json.loads(run.stdout.strip().splitlines()[-1])["status"] == "failed"


def test_train_refuses_a_bad_option(tmp_path: Path) -> None:
    run = train(str(SAMPLES / "xor_mlp.json"), "--dataset", "xor", "--lr", "-1")
    assert run.returncode == 2 and "lr" in run.stderr


def test_transfer_learning_starts_from_earlier_weights_and_freezes(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    graph = str(SAMPLES / "xor_mlp.json")
    assert train(graph, "--dataset", "xor", "--epochs", "2", "--out", str(first)).returncode == 0
    run = train(
        graph,
        "--dataset",
        "moons",
        "--epochs",
        "2",
        "--out",
        str(second),
        "--init-from",
        str(first),
        "--freeze",
        "fc1",
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "started from earlier weights for fc1, fc2" in run.stderr
    from safetensors.torch import load_file

    before, after = load_file(first / "model.safetensors"), load_file(second / "model.safetensors")
    assert (before["fc1.weight"] == after["fc1.weight"]).all()
    assert not (before["fc2.weight"] == after["fc2.weight"]).all()


def test_train_on_a_corrupt_upload_names_the_row(tmp_path: Path) -> None:
    rows = ["x__0,x__1,y"] + [f"{i % 3},{i % 5},{i % 2}" for i in range(20)]
    rows[8] = "0.5,oops,1"
    upload = tmp_path / "points.zip"
    with zipfile.ZipFile(upload, "w") as archive:
        archive.writestr("points.csv", "\n".join(rows) + "\n")
    run = train(
        str(SAMPLES / "xor_mlp.json"),
        "--dataset",
        str(upload),
        "--out",
        str(tmp_path / "out"),
        "--json",
    )
    assert run.returncode == 1
    assert "points.csv row 8, column x__1" in run.stderr, run.stderr
    assert not (tmp_path / "out").exists()
    rows[8] = "0.5,1,1"
    with zipfile.ZipFile(upload, "w") as archive:
        archive.writestr("points.csv", "\n".join(rows) + "\n")
    fixed = train(
        str(SAMPLES / "xor_mlp.json"),
        "--dataset",
        str(upload),
        "--epochs",
        "2",
        "--out",
        str(tmp_path / "out"),
        "--json",
    )
    assert fixed.returncode == 0, fixed.stderr[-2000:]


def test_transfer_learning_starts_from_shipped_weights(tmp_path: Path) -> None:
    """`--init-from pretrained:<name>`: the weights that ship with NetCanvas, and the accuracy
    they had on this data before training."""
    run = train(
        str(SAMPLES / "digits_adapt.json"),
        "--dataset",
        "digits_inverted",
        "--epochs",
        "1",
        "--init-from",
        "pretrained:digits_clean",
        "--out",
        str(tmp_path),
        "--json",
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "started from earlier weights for conv1, conv2, fc1, fc2" in run.stderr
    assert "validation accuracy before training" in run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert 0 <= result["start_val_accuracy"] <= 0.2
