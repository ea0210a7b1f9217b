"""`netcanvas validate`, `layers` and `schema`, run as a user runs them: as a process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.graphs import chain, lenet


def netcanvas(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "netcanvas_cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def write(tmp_path: Path, graph: Any) -> str:
    path = tmp_path / "graph.json"
    path.write_text(json.dumps(graph), "utf-8")
    return str(path)


def test_validate_valid_graph_prints_table_and_exits_0(tmp_path: Path) -> None:
    run = netcanvas("validate", write(tmp_path, lenet()))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "conv1  [16, 24, 24]" in run.stdout
    assert run.stdout.strip().endswith("valid")


def test_validate_json_prints_the_api_answer(tmp_path: Path) -> None:
    run = netcanvas("validate", "--json", write(tmp_path, lenet()))
    answer = json.loads(run.stdout)
    assert run.returncode == 0
    assert answer["valid"] is True and answer["nodes"]["fc2"]["output_shape"] == [10]
    assert answer["total_params"] == 76_018


def test_validate_invalid_graph_exits_1_naming_the_node(tmp_path: Path) -> None:
    graph = chain(("x", "Input", {"shape": [10]}), ("conv1", "Conv2d"), ("loss", "MSELoss"))
    run = netcanvas("validate", write(tmp_path, graph))
    assert run.returncode == 1
    assert "error: conv1: Conv2d needs input [C, H, W]; got [10]" in run.stdout
    run = netcanvas("validate", "--json", write(tmp_path, graph))
    assert run.returncode == 1 and json.loads(run.stdout)["errors"][0]["node"] == "conv1"


def test_validate_not_a_graph_exits_1_with_the_reason(tmp_path: Path) -> None:
    run = netcanvas("validate", "--json", write(tmp_path, {"nodes": []}))
    assert run.returncode == 1
    assert "missing 'format'" in json.loads(run.stdout)["errors"][0]["message"]
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", "utf-8")
    run = netcanvas("validate", str(bad))
    assert run.returncode == 1 and "not JSON" in run.stdout


def test_validate_reads_standard_input() -> None:
    run = netcanvas("validate", "-", stdin=json.dumps(lenet()))
    assert run.returncode == 0


def test_validate_missing_file_exits_2(tmp_path: Path) -> None:
    run = netcanvas("validate", str(tmp_path / "nope.json"))
    assert run.returncode == 2 and "cannot read" in run.stderr


def test_layers_json_matches_the_catalogue() -> None:
    run = netcanvas("layers", "--json")
    assert run.returncode == 0
    types = {layer["type"] for layer in json.loads(run.stdout)["layers"]}
    assert {"Input", "Conv2d", "LSTM", "CrossEntropyLoss"} <= types


def test_schema_prints_the_json_schema() -> None:
    run = netcanvas("schema")
    assert json.loads(run.stdout)["properties"]["format"]["const"] == "netcanvas/graph@1"
