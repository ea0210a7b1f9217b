"""The job event schema, the artifact names and the typed job config, as the API publishes them."""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any, get_args

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from backend.app import create_app
from netcanvas.artifacts import ARTIFACTS
from netcanvas.events import JOB_EVENT, EpochEvent, EventType, JobEvent, finished_event, stored
from netcanvas.training_config import TrainingConfig
from netcanvas_cli.train import config_from

FINISHED_KEYS = {"type", "ts", "status", "reason", "seconds"}


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    document: dict[str, Any] = TestClient(create_app()).get("/openapi.json").json()
    return document


def test_finished_has_one_shape_with_or_without_seconds() -> None:
    before = time.time()
    timed, untimed = finished_event("succeeded", "done", 1.5), finished_event("failed", "lost")
    assert set(timed) == set(untimed) == FINISHED_KEYS
    assert untimed["seconds"] is None and timed["seconds"] == 1.5
    assert before <= timed["ts"] <= time.time()


def test_an_event_stored_without_ts_still_replays() -> None:
    old = stored({"type": "finished", "status": "failed", "reason": "x"})
    assert old.ts is None and old.wire() == {**finished_event("failed", "x"), "ts": None}


def test_epoch_keeps_every_task_metric_and_only_those() -> None:
    regression = EpochEvent.model_validate(
        {"epoch": 2, "train_loss": 0.5, "lr": 0.01, "val_loss": 0.4, "val_mse": 0.4, "val_mae": 0.3}
    )
    wire = regression.wire()
    assert {"val_mse", "val_mae", "val_loss"} <= set(wire)
    assert "val_accuracy" not in wire and "train_accuracy" not in wire
    assert regression.metrics() == {
        k: v for k, v in wire.items() if k not in ("type", "epoch", "ts")
    }
    extra = EpochEvent.model_validate({"epoch": 1, "train_loss": 1.0, "val_f1": 0.5})
    assert extra.wire()["val_f1"] == 0.5  # a new numeric metric is not dropped
    with pytest.raises(ValidationError):
        EpochEvent.model_validate({"epoch": 1, "train_loss": 1.0, "val_f1": "high"})


def test_an_unknown_event_type_is_refused() -> None:
    with pytest.raises(ValidationError):
        JOB_EVENT.validate_python({"type": "exploded"})


def test_openapi_publishes_the_event_union(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    union = schemas["JobEvent"]
    assert union["discriminator"]["propertyName"] == "type"
    kinds = set(union["discriminator"]["mapping"])
    expected = {"queued", "started", "progress", "metrics", "epoch", "evaluation", "artifact"}
    assert kinds == expected | {"log", "finished", "boundary", "samples"}
    event_public = schemas.get("EventPublic") or schemas["EventPublic-Output"]
    assert event_public["properties"]["event"]["$ref"].endswith("/JobEvent")
    route = openapi["paths"]["/api/jobs/{job_id}/events"]["get"]
    items = route["responses"]["200"]["content"]["application/json"]["schema"]["items"]
    assert items["$ref"].rsplit("/", 1)[-1].startswith("EventPublic")
    assert '{"id": ..., "event": ...}' in route["description"]


def test_openapi_publishes_the_artifact_names(openapi: dict[str, Any]) -> None:
    route = openapi["paths"]["/api/jobs/{job_id}/artifacts/{name}"]["get"]
    (name,) = [p for p in route["parameters"] if p["name"] == "name"]
    assert tuple(name["schema"]["enum"]) == ARTIFACTS  # FastAPI inlines path parameters
    assert tuple(openapi["components"]["schemas"]["ArtifactName"]["enum"]) == ARTIFACTS
    artifact = openapi["components"]["schemas"]["ArtifactEvent"]["properties"]["name"]
    assert artifact["$ref"].endswith("/ArtifactName")


def test_openapi_types_the_job_config(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    config = schemas["JobCreate"]["properties"]["config"]
    assert config["$ref"].endswith("/TrainingConfig")
    assert schemas["TrainingConfig"]["properties"]["epochs"]["minimum"] == 1


def test_train_help_has_a_flag_for_every_config_field() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "netcanvas_cli", "train", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    for name in TrainingConfig.model_fields:
        assert f"--{name.replace('_', '-')}" in run.stdout, name
    assert "{sgd,momentum,nesterov,adagrad,rmsprop,adam,adamw}" in run.stdout


def test_train_flags_set_the_fields_they_name() -> None:
    parser = _train_parser()
    flags = ["--epochs", "3", "--beta1", "0.8", "--early-stopping", "--freeze", "fc1, fc2"]
    flags += ["--init-from", "runs/a", "--optimizer", "rmsprop"]
    args = parser.parse_args(["g.json", "--dataset", "xor", *flags])
    config = config_from(args)
    assert (config.epochs, config.beta1, config.early_stopping) == (3, 0.8, True)
    assert config.freeze == ["fc1", "fc2"] and config.init_from == "runs/a"
    assert config.optimizer == "rmsprop" and config.mixed_precision is False
    defaults = config_from(parser.parse_args(["g.json", "--dataset", "xor"]))
    assert defaults == TrainingConfig()
    with pytest.raises(SystemExit):
        parser.parse_args(["g.json", "--dataset", "xor", "--optimizer", "lbfgs"])


def _train_parser() -> Any:
    import argparse

    from netcanvas_cli.train import add_parser

    commands = argparse.ArgumentParser().add_subparsers()
    add_parser(commands)
    return commands.choices["train"]


def test_the_event_types_the_events_route_filters_on_are_the_job_events_types() -> None:
    union = get_args(get_args(JobEvent.__value__)[0])
    assert set(get_args(EventType)) == {model.model_fields["type"].default for model in union}
