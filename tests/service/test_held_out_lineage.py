"""A job started from an earlier job's weights on the same dataset keeps its held-out rows
held out, or is told it does not (`backend/held_out.py`): its split follows the earlier
job's unless it sets its own (`job.split_kept`); a split that holds out rows an earlier job
in the line of its weights trained on is launched with a warning naming that job and how
many rows (`job.held_out_seen`), in the answer and in the job's log, in English and
Japanese. Real API, SQLite, Redis and worker; the rows counted are those the worker's own
loader picks (`worker.datasets.load_split`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from netcanvas import samples
from netcanvas.training_config import CONFIG_TEST_SEED
from tests.graphs import chain
from tests.service.flow import follow, history
from tests.service.stack import Stack, stack
from tests.service.test_test_sets import xor_zip
from worker.datasets import TestSplit, load_split

DIGITS_MLP = chain(
    ("x", "Input", {"shape": [1, 8, 8]}),
    ("flat", "Flatten"),
    ("fc", "Linear", {"out_features": 10}),
    ("loss", "CrossEntropyLoss"),
)
QUICK: dict[str, Any] = {"epochs": 1, "batch_size": 64}


@pytest.fixture(scope="module")
def lineage_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("lineage")
    with stack(folder, f"sqlite:///{folder / 'netcanvas.db'}") as running:
        yield running


def post(
    stack: Stack, dataset: str, lang: str = "en", graph: Any = None, **config: Any
) -> dict[str, Any]:
    graph = graph or samples_graph(dataset)
    headers = {**stack.users["alice"], "Accept-Language": lang}
    body = {"graph": graph, "dataset": dataset, "config": config}
    answer = stack.client.post("/api/jobs", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


def samples_graph(dataset: str) -> dict[str, Any]:
    return DIGITS_MLP if dataset == "digits" else samples.load("xor_mlp")  # xor, an upload of it


def trained(stack: Stack, dataset: str, **config: Any) -> dict[str, Any]:
    job = post(stack, dataset, **QUICK, **config)
    follow(stack, job["id"])
    done = stack.client.get(f"/api/jobs/{job['id']}", headers=stack.users["alice"]).json()
    assert done["status"] == "succeeded", done["reason"]
    return job


def cancel(stack: Stack, job: dict[str, Any]) -> None:
    stack.client.post(f"/api/jobs/{job['id']}/cancel", headers=stack.users["alice"])


def rows(seed: int, validation_split: float, test_fraction: float) -> tuple[set[int], set[int]]:
    """The training rows and the held-out (validation and test) rows of digits, as the
    worker's loader splits it for a job with these settings."""
    test = TestSplit(fraction=test_fraction, seed=CONFIG_TEST_SEED) if test_fraction else None
    found = load_split("digits", validation_split=validation_split, seed=seed, test=test).rows
    assert found.train is not None and found.val is not None
    held = np.concatenate([found.val, found.test if found.test is not None else []])
    return {int(i) for i in found.train}, {int(i) for i in held}


def codes(job: dict[str, Any]) -> list[str]:
    return [w["code"] for w in job["warnings"]]


def test_held_out_rows_the_starting_weights_trained_on_are_a_warning_naming_the_job(
    lineage_stack: Stack,
) -> None:
    earlier = trained(lineage_stack, "digits", seed=0, validation_split=0.2)
    later = post(lineage_stack, "digits", **QUICK, init_from=str(earlier["id"]), seed=0,
                 validation_split=0.2, test_fraction=0.25)  # fmt: skip
    cancel(lineage_stack, later)
    seen, held = rows(0, 0.2, 0), rows(0, 0.2, 0.25)[1]
    expected = len(seen[0] & held)
    assert expected > 0
    [warning] = later["warnings"]
    assert warning["code"] == "job.held_out_seen"
    assert warning["params"]["job"] == earlier["id"] and warning["params"]["count"] == expected
    assert f"job #{earlier['id']}" in warning["message"] and f"{expected} of the rows" in warning[
        "message"]  # fmt: skip
    logged = [
        e["event"] for e in history(lineage_stack, later["id"]) if e["event"]["type"] == "log"
    ]
    assert any(e.get("code") == "job.held_out_seen" and e["params"]["count"] == expected
               for e in logged), logged  # fmt: skip
    in_japanese = {**lineage_stack.users["alice"], "Accept-Language": "ja"}
    ja = lineage_stack.client.get(f"/api/jobs/{later['id']}/events?type=log", headers=in_japanese)
    assert any(f"{expected} 行" in e["event"]["message"] for e in ja.json()), ja.json()


def test_a_job_that_sets_no_split_takes_the_earlier_job_s_and_says_so(
    lineage_stack: Stack,
) -> None:
    earlier = trained(lineage_stack, "digits", seed=3, validation_split=0.25, test_fraction=0.1)
    later = post(lineage_stack, "digits", lang="ja", **QUICK, init_from=str(earlier["id"]))
    cancel(lineage_stack, later)
    assert codes(later) == ["job.split_kept"]
    assert later["config"]["seed"] == 3 and later["config"]["validation_split"] == 0.25
    assert later["config"]["test_fraction"] == 0.1
    assert f"ジョブ #{earlier['id']}" in later["warnings"][0]["message"]


def test_the_whole_line_of_weights_is_checked_and_other_data_is_not(lineage_stack: Stack) -> None:
    first = trained(lineage_stack, "digits", seed=0, validation_split=0.2)
    second = trained(lineage_stack, "digits", init_from=str(first["id"]))  # its split kept
    assert codes(second) == ["job.split_kept"]
    third = post(lineage_stack, "digits", **QUICK, init_from=str(second["id"]), seed=5,
                 validation_split=0.2, test_fraction=0)  # fmt: skip
    cancel(lineage_stack, third)
    expected = len(rows(0, 0.2, 0)[0] & rows(5, 0.2, 0)[1])
    assert [(w["params"]["job"], w["params"]["count"]) for w in third["warnings"]] == [
        (second["id"], expected), (first["id"], expected)]  # fmt: skip
    # xor's samples are drawn from the job's seed: another seed, other samples, no warning
    xor = trained(lineage_stack, "xor", seed=1)
    other = post(lineage_stack, "xor", **QUICK, init_from=str(xor["id"]), seed=2,
                 validation_split=0.5, test_fraction=0.3)  # fmt: skip
    same = post(lineage_stack, "xor", **QUICK, init_from=str(xor["id"]), seed=1,
                validation_split=0.2, test_fraction=0.3)  # fmt: skip
    for job in (other, same):
        cancel(lineage_stack, job)
    assert other["warnings"] == [] and codes(same) == ["job.held_out_seen"]
    # shipped weights were trained on other data: nothing to warn about
    shipped = post(lineage_stack, "digits", graph=samples.load("digits_cnn"), **QUICK,
                   init_from="pretrained:digits_clean", test_fraction=0.3)  # fmt: skip
    cancel(lineage_stack, shipped)
    assert shipped["warnings"] == []


def test_an_upload_s_validation_rows_are_counted_and_its_own_test_split_kept(
    lineage_stack: Stack, tmp_path: Path
) -> None:
    upload = xor_zip(tmp_path / "xor.zip", 400, 3)
    files = {"file": (upload.name, upload.read_bytes(), "application/zip")}
    answer = lineage_stack.client.post("/api/datasets", files=files, data={"test_fraction": "0.25"},
                                       headers=lineage_stack.users["alice"])  # fmt: skip
    assert answer.status_code == 201, answer.text
    name, test = f"upload:{answer.json()['id']}", answer.json()["info"]["test"]
    earlier = trained(lineage_stack, name, seed=2, validation_split=0.2)
    kept = post(lineage_stack, name, **QUICK, init_from=str(earlier["id"]))
    later = post(lineage_stack, name, **QUICK, init_from=str(earlier["id"]), seed=5,
                 validation_split=0.2)  # fmt: skip
    for job in (kept, later):
        cancel(lineage_stack, job)
    assert kept["warnings"][0]["params"]["fields"] == "seed, validation_split"
    assert kept["config"]["seed"] == 2 and kept["config"]["test_fraction"] == 0
    held_out = TestSplit(fraction=test["fraction"], seed=test["seed"])
    theirs = load_split(str(upload), validation_split=0.2, seed=2, test=held_out).rows
    mine = load_split(str(upload), validation_split=0.2, seed=5, test=held_out).rows
    assert theirs.train is not None and mine.val is not None
    expected = len(set(theirs.train.tolist()) & set(mine.val.tolist()))
    [warning] = later["warnings"]
    assert warning["params"] == {"job": earlier["id"], "dataset": name, "count": expected,
                                 "test": 0, "validation": expected}  # fmt: skip
