"""`python -m backend.openapi` writes the same document twice, without torch or a database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _write(out: Path) -> str:
    code = (
        "import runpy, sys; sys.argv = ['backend.openapi', sys.argv[1]];"
        "runpy.run_module('backend.openapi', run_name='__main__', alter_sys=True)"
    )
    probe = "import sys; assert 'torch' not in sys.modules, 'torch imported'"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
    }
    subprocess.run(
        [sys.executable, "-c", f"{code}\n{probe}", str(out)], check=True, cwd=ROOT, env=env
    )
    return out.read_text(encoding="utf-8")


def test_document_is_deterministic_and_torch_free(tmp_path: Path) -> None:
    first = _write(tmp_path / "a.json")
    second = _write(tmp_path / "b.json")
    assert first == second
    assert first.endswith("}\n")
    document = json.loads(first)
    assert list(document) == sorted(document)
    operations = [op for path in document["paths"].values() for op in path.values()]
    assert all(op.get("operationId") for op in operations)


def test_committed_document_matches_the_app(tmp_path: Path) -> None:
    committed = (ROOT / "frontend" / "openapi.json").read_text(encoding="utf-8")
    assert _write(tmp_path / "now.json") == committed


def test_graphs_and_samples_are_typed_as_the_graph_schema() -> None:
    document = json.loads((ROOT / "frontend" / "openapi.json").read_text("utf-8"))
    schemas = document["components"]["schemas"]
    graph = {"$ref": "#/components/schemas/Graph"}
    for name in ("NetworkCreate", "NetworkUpdate", "NetworkPublic", "RevisionPublic"):
        assert schemas[name]["properties"]["graph"].items() >= graph.items(), name
    assert schemas["JobCreate"]["properties"]["graph"]["anyOf"][0].items() >= graph.items()
    sample = document["paths"]["/api/samples/{name}"]["get"]["responses"]["200"]
    graph_part, lesson = sample["content"]["application/json"]["schema"]["allOf"]
    assert graph_part == graph  # the graph's fields, and the lesson's beside them when asked
    assert set(lesson["properties"]) == {"dataset", "config", "note"}
    assert "required" not in lesson  # only with `include=lesson`
    listed = document["paths"]["/api/samples"]["get"]["responses"]["200"]
    items = listed["content"]["application/json"]["schema"]["items"]
    assert items == {"$ref": "#/components/schemas/SampleInfo"}
    assert "x-netcanvas-graph" not in json.dumps(document)


def test_validation_items_document_what_a_capped_item_carries_instead_of_input() -> None:
    """`backend.localise.capped` leaves a long `input` out for `input_excerpt` and
    `input_bytes`: the documented item shows both (and `code`), none of them required."""
    document = json.loads((ROOT / "frontend" / "openapi.json").read_text("utf-8"))
    item = document["components"]["schemas"]["ValidationError"]
    properties = item["properties"]
    assert properties["input_excerpt"]["type"] == "string"
    assert properties["input_bytes"]["type"] == "integer"
    assert properties["code"]["type"] == "string"
    assert {"input", "loc", "msg", "type", "ctx"} <= set(properties)  # FastAPI's, kept
    assert set(item["required"]) == {"loc", "msg", "type"}
