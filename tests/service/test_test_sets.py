"""Test sets over HTTP with a real worker: an upload with a test file or a held-out fraction,
a job on it, and the test figures beside the validation in the job's evaluation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select

from backend.db.models import Dataset, User
from backend.db.session import session_factory
from netcanvas import samples
from tests.datasets.helpers import write_zip
from tests.service.flow import follow
from tests.service.stack import Stack, stack


@pytest.fixture(scope="module")
def sets_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("testsets")
    with stack(folder, f"sqlite:///{folder / 'netcanvas.db'}") as running:
        yield running


def xor_zip(path: Path, n: int, seed: int, bad_row: int = 0) -> Path:
    """XOR points as a tabular CSV in a zip; row `bad_row` (from 1) labelled 5 if asked."""
    rng = np.random.default_rng(seed)
    points = rng.uniform(-1, 1, (n, 2))
    labels = ((points[:, 0] > 0) != (points[:, 1] > 0)).astype(int)
    rows = [f"{a:.4f},{b:.4f},{5 if i + 1 == bad_row else y}"
            for i, ((a, b), y) in enumerate(zip(points, labels, strict=True))]  # fmt: skip
    return write_zip(path, {"data.csv": "x__0,x__1,y\n" + "\n".join(rows) + "\n"})


def post(stack: Stack, path: Path, test: Path | None = None, **data: str) -> Any:
    files: dict[str, Any] = {"file": (path.name, path.read_bytes(), "application/zip")}
    if test is not None:
        files["test"] = (test.name, test.read_bytes(), "application/zip")
    return stack.client.post("/api/datasets", files=files, data=data, headers=stack.users["alice"])


def train(stack: Stack, dataset_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """A job on the upload, followed to its end: its started event and its evaluation."""
    config = {"epochs": 8, "batch_size": 32, "lr": 0.05, "seed": 2}
    body = {"graph": samples.load("xor_mlp"), "dataset": f"upload:{dataset_id}", "config": config}
    created = stack.client.post("/api/jobs", json=body, headers=stack.users["alice"])
    assert created.status_code == 201, created.text
    events = [m["event"] for m in follow(stack, created.json()["id"])]
    assert events[-1]["status"] == "succeeded", events[-1]
    url = f"/api/jobs/{created.json()['id']}/evaluation"
    evaluation = stack.client.get(url, headers=stack.users["alice"]).json()
    (started,) = [e for e in events if e["type"] == "started"]
    return started, evaluation


def test_a_test_file_is_evaluated_after_training(sets_stack: Stack, tmp_path: Path) -> None:
    answer = post(sets_stack, xor_zip(tmp_path / "xor.zip", 300, 0),
                  xor_zip(tmp_path / "xor-test.zip", 80, 1))  # fmt: skip
    assert answer.status_code == 201, answer.text
    info = answer.json()["info"]
    assert info["test"] == {"source": "file", "filename": "xor-test.zip", "samples": 80,
                            "fraction": None, "seed": None}  # fmt: skip
    assert info["sizes"]["test"] == 80 and info["samples"] == 380
    started, evaluation = train(sets_stack, answer.json()["id"])
    assert started["sizes"]["test"] == 80
    test = evaluation["test"]
    assert evaluation["split"] == "validation" and test["predictions_total"] == 80
    assert test["accuracy"] > 0.8 and sum(map(sum, test["confusion_matrix"])) == 80
    assert [row["class"] for row in test["per_class"]] == ["0", "1"]


def test_a_fraction_fixed_at_upload_is_evaluated(sets_stack: Stack, tmp_path: Path) -> None:
    answer = post(sets_stack, xor_zip(tmp_path / "xor.zip", 400, 3), test_fraction="0.25")
    assert answer.status_code == 201, answer.text
    test_info = answer.json()["info"]["test"]
    assert test_info["source"] == "fraction" and test_info["fraction"] == 0.25
    assert isinstance(test_info["seed"], int) and test_info["samples"] == 100
    started, evaluation = train(sets_stack, answer.json()["id"])
    assert started["sizes"] == {"train": 240, "validation": 60, "test": 100}
    assert evaluation["test"]["predictions_total"] == 100 and evaluation["test"]["accuracy"] > 0.8


def kept(stack: Stack) -> tuple[int, int]:
    """Alice's uploads, and the test files kept beside uploads."""
    uploads = stack.client.get("/api/datasets", headers=stack.users["alice"]).json()["uploads"]
    return len(uploads), len(list((stack.data_dir / "uploads").rglob("*.test.zip")))


def test_bad_test_sets_are_422_naming_what_is_wrong(sets_stack: Stack, tmp_path: Path) -> None:
    before = kept(sets_stack)
    train_zip = xor_zip(tmp_path / "xor.zip", 40, 0)
    wrong_label = post(sets_stack, train_zip, xor_zip(tmp_path / "t1.zip", 10, 1, bad_row=3))
    assert wrong_label.status_code == 422
    assert "t1.zip: data.csv row 3: the label '5'" in wrong_label.json()["detail"]["message"]
    # a test file with other columns is refused as a validation file is
    # (tests/datasets/test_test_split.py); these are refused before anything is decoded:
    for value in ("0", "0.6", "half"):
        far = post(sets_stack, train_zip, test_fraction=value)
        assert far.status_code == 422 and "test_fraction" in far.text, far.text
    both = post(sets_stack, train_zip, xor_zip(tmp_path / "t3.zip", 10, 1), test_fraction="0.2")
    assert both.status_code == 422 and "not both" in both.text
    assert kept(sets_stack) == before  # nothing of a refused upload stays


def test_a_missing_test_file_fails_the_job_without_naming_the_servers_path(
    sets_stack: Stack,
) -> None:
    with session_factory(sets_stack.database)() as session:
        owner = session.scalars(select(User.id).where(User.name == "alice")).one()
        row = Dataset(owner_id=owner, name="gone", filename="gone.zip", path="/nowhere/x.zip",
                      sha256="0" * 64, size=1, info={"sample_shape": [2], "samples": 10,
                      "test": {"source": "file", "filename": "t.zip", "samples": 5}})  # fmt: skip
        session.add(row)
        session.commit()
    body = {"graph": samples.load("xor_mlp"), "dataset": f"upload:{row.id}"}
    created = sets_stack.client.post("/api/jobs", json=body, headers=sets_stack.users["alice"])
    assert created.status_code == 201, created.text
    finished = follow(sets_stack, created.json()["id"])[-1]["event"]
    assert finished["status"] == "failed"
    assert finished["reason"] == (
        f"the test file of the uploaded dataset upload:{row.id} no longer exists"
    )


def xor_csv(path: Path, n: int, seed: int, bad_row: int = 0) -> Path:
    """The same XOR points as `xor_zip`, as one plain CSV file (no zip)."""
    rng = np.random.default_rng(seed)
    points = rng.uniform(-1, 1, (n, 2))
    labels = ((points[:, 0] > 0) != (points[:, 1] > 0)).astype(int)
    rows = [f"{a:.4f},{b:.4f},{5 if i + 1 == bad_row else y}"
            for i, ((a, b), y) in enumerate(zip(points, labels, strict=True))]  # fmt: skip
    path.write_text("x__0,x__1,y\n" + "\n".join(rows) + "\n")
    return path


def post_csv(stack: Stack, path: Path, test: Path) -> Any:
    """A plain CSV upload with a plain CSV as its separate test file, as a browser sends them."""
    files = {"file": (path.name, path.read_bytes(), "text/csv"),
             "test": (test.name, test.read_bytes(), "text/csv")}  # fmt: skip
    return stack.client.post("/api/datasets", files=files, headers=stack.users["alice"])


def test_a_plain_csv_test_file_beside_a_plain_csv_is_evaluated(
    sets_stack: Stack, tmp_path: Path
) -> None:
    answer = post_csv(sets_stack, xor_csv(tmp_path / "xor.csv", 300, 0),
                      xor_csv(tmp_path / "xor-test.csv", 80, 1))  # fmt: skip
    assert answer.status_code == 201, answer.text
    info = answer.json()["info"]
    assert info["test"] == {"source": "file", "filename": "xor-test.csv", "samples": 80,
                            "fraction": None, "seed": None}  # fmt: skip
    assert info["sizes"]["test"] == 80 and info["samples"] == 380
    started, evaluation = train(sets_stack, answer.json()["id"])
    assert started["sizes"]["test"] == 80
    test = evaluation["test"]
    assert test["predictions_total"] == 80 and test["accuracy"] > 0.8


def test_a_bad_plain_csv_test_file_is_422_naming_its_row(sets_stack: Stack, tmp_path: Path) -> None:
    before = kept(sets_stack)
    answer = post_csv(sets_stack, xor_csv(tmp_path / "xor.csv", 40, 0),
                      xor_csv(tmp_path / "t1.csv", 10, 1, bad_row=3))  # fmt: skip
    assert answer.status_code == 422, answer.text
    message = answer.json()["detail"]["message"]
    assert "t1.csv" in message and "row 3" in message and "'5'" in message, message
    other = tmp_path / "other.csv"  # other columns than the training file's
    other.write_text("a,b,c,y\n1,2,3,0\n4,5,6,1\n")
    answer = post_csv(sets_stack, xor_csv(tmp_path / "xor.csv", 40, 0), other)
    assert answer.status_code == 422, answer.text
    assert "other.csv" in answer.json()["detail"]["message"]
    assert kept(sets_stack) == before  # nothing of a refused upload stays


def test_a_built_in_dataset_holds_out_a_test_fraction_disjoint_from_training(
    sets_stack: Stack,
) -> None:
    from worker.datasets import CONFIG_TEST_SEED, TestSplit, load_dataset

    config = {"epochs": 8, "batch_size": 32, "lr": 0.05, "seed": 2, "test_fraction": 0.25}
    body = {"graph": samples.load("xor_mlp"), "dataset": "xor", "config": config}
    created = sets_stack.client.post("/api/jobs", json=body, headers=sets_stack.users["alice"])
    assert created.status_code == 201, created.text
    assert created.json()["config"]["test_fraction"] == 0.25  # kept with the job
    events = [m["event"] for m in follow(sets_stack, created.json()["id"])]
    assert events[-1]["status"] == "succeeded", events[-1]
    (started,) = [e for e in events if e["type"] == "started"]
    assert started["sizes"] == {"train": 240, "validation": 60, "test": 100}  # of 400
    url = f"/api/jobs/{created.json()['id']}/evaluation"
    evaluation = sets_stack.client.get(url, headers=sets_stack.users["alice"]).json()
    test = evaluation["test"]
    assert test["predictions_total"] == 100 and sum(map(sum, test["confusion_matrix"])) == 100
    assert test["accuracy"] > 0.8 and "loss" in test
    # the worker's split, drawn as the job drew it: the test rows are none of the others,
    # and the same whatever the job's validation split
    split = TestSplit(fraction=0.25, seed=CONFIG_TEST_SEED)
    data = load_dataset("xor", validation_split=0.2, seed=2, test=split)
    assert data.x_test is not None and len(data.x_test) == 100
    held = {tuple(row) for row in data.x_test.tolist()}
    others = {tuple(row) for row in [*data.x_train.tolist(), *data.x_val.tolist()]}
    assert len(held) == 100 and len(others) == 300 and not held & others
    again = load_dataset("xor", validation_split=0.4, seed=2, test=split)
    assert again.x_test is not None
    assert sorted(again.x_test.tolist()) == sorted(data.x_test.tolist())


@pytest.mark.parametrize(
    ("dataset", "fraction", "named"),
    [("seattle_temperature", 0.2, "seattle_temperature takes no test_fraction"),
     ("xor", 0.6, "test_fraction"),
     ("digits_anomaly", 0.2, "digits_anomaly takes no test_fraction")],
)  # fmt: skip
def test_a_test_fraction_that_cannot_apply_is_422(
    sets_stack: Stack, dataset: str, fraction: float, named: str
) -> None:
    body = {"graph": samples.load("xor_mlp"), "dataset": dataset,
            "config": {"test_fraction": fraction}}  # fmt: skip
    answer = sets_stack.client.post("/api/jobs", json=body, headers=sets_stack.users["alice"])
    assert answer.status_code == 422 and named in answer.text, answer.text


def test_a_test_fraction_on_an_upload_is_422_naming_the_upload(
    sets_stack: Stack, tmp_path: Path
) -> None:
    upload = post(sets_stack, xor_zip(tmp_path / "xor.zip", 40, 0))
    assert upload.status_code == 201, upload.text
    ref = f"upload:{upload.json()['id']}"
    body = {"graph": samples.load("xor_mlp"), "dataset": ref, "config": {"test_fraction": 0.2}}
    answer = sets_stack.client.post("/api/jobs", json=body, headers=sets_stack.users["alice"])
    assert answer.status_code == 422, answer.text
    assert ref in answer.text and "chosen when it is uploaded" in answer.text
    ja = {**sets_stack.users["alice"], "Accept-Language": "ja"}
    answer = sets_stack.client.post("/api/jobs", json=body, headers=ja)
    assert answer.status_code == 422 and "アップロード時に選びます" in answer.text, answer.text
