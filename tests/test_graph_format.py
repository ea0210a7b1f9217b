"""The `netcanvas/graph@1` envelope: what loads, what is refused and how it is worded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from netcanvas.graph import (
    FORMAT,
    MAX_DEPTH,
    GraphFormatError,
    graph_json_schema,
    load_graph,
)

SCHEMA_FILE = Path(__file__).parent.parent / "netcanvas" / "schemas" / "graph-1.schema.json"


def test_design_example_loads() -> None:
    graph = load_graph(
        {
            "format": "netcanvas/graph@1",
            "name": "LeNet",
            "nodes": [
                {
                    "id": "x",
                    "type": "Input",
                    "params": {"shape": [1, 28, 28]},
                    "ui": {"x": 0, "y": 0},
                },
                {"id": "conv1", "type": "Conv2d", "params": {"out_channels": 16, "kernel_size": 5}},
                {"id": "relu1", "type": "ReLU"},
                {"id": "sum", "type": "Add"},
                {"id": "loss", "type": "CrossEntropyLoss"},
            ],
            "edges": [
                {"source": "x", "target": "conv1"},
                {"source": "conv1", "target": "sum", "target_port": 0},
            ],
        }
    )
    assert graph.format == FORMAT
    assert [n.id for n in graph.nodes] == ["x", "conv1", "relu1", "sum", "loss"]
    assert graph.nodes[2].params == {}
    assert graph.edges[1].target_port == 0 and graph.edges[0].target_port is None


def reasons(data: Any) -> list[tuple[str, str]]:
    with pytest.raises(GraphFormatError) as caught:
        load_graph(data)
    return [(issue.location, issue.message) for issue in caught.value.issues]


def test_missing_format_is_named() -> None:
    [(location, message)] = reasons({"nodes": [], "edges": []})
    assert location == "format" and "missing 'format'" in message and FORMAT in message


def test_unknown_format_is_named() -> None:
    [(location, message)] = reasons({"format": "netcanvas/graph@9", "nodes": []})
    assert location == "format" and "netcanvas/graph@9" in message


def test_unknown_top_level_field_is_named() -> None:
    [(location, message)] = reasons({"format": FORMAT, "nodes": [], "layers": []})
    assert location == "layers" and "unknown top-level field 'layers'" in message


def test_not_an_object() -> None:
    [(_, message)] = reasons([1, 2, 3])
    assert "JSON object" in message


def test_bad_node_entry_names_its_index_and_id() -> None:
    problems = reasons({"format": FORMAT, "nodes": [{"id": "conv1", "type": 5}]})
    assert problems[0][0] == "nodes[0] (conv1).type"


def test_unknown_node_field_is_refused() -> None:
    problems = reasons({"format": FORMAT, "nodes": [{"id": "a", "type": "ReLU", "color": 1}]})
    assert problems[0][0] == "nodes[0] (a).color"


def test_negative_target_port_is_refused() -> None:
    problems = reasons(
        {
            "format": FORMAT,
            "nodes": [],
            "edges": [{"source": "a", "target": "b", "target_port": -1}],
        }
    )
    assert problems[0][0] == "edges[0].target_port"


def test_published_schema_file_is_current() -> None:
    """netcanvas/schemas/graph-1.schema.json is `netcanvas schema`'s output; regenerate it."""
    assert json.loads(SCHEMA_FILE.read_text("utf-8")) == graph_json_schema()


def test_schema_requires_format_and_forbids_unknown_fields() -> None:
    schema = graph_json_schema()
    assert "format" in schema["required"] and "nodes" in schema["required"]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["format"]["const"] == FORMAT


def nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth - 1):
        value = [value]
    return value


def test_a_value_nested_past_the_limit_is_refused_naming_its_field() -> None:
    def graph(value: Any) -> dict[str, Any]:
        node = {"id": "x", "type": "Input", "params": {"shape": [4], "extra": value}}
        return {"format": FORMAT, "nodes": [node], "ui": {"deep": value}}

    assert load_graph(graph(nested(MAX_DEPTH))).nodes[0].params["extra"] == nested(MAX_DEPTH)
    problems = reasons(graph(nested(300)))  # past pydantic's serialisation depth
    assert [place for place, _ in problems] == ["nodes[0] (x).params", "ui"]
    assert problems[0][1] == f"nests lists or objects more than {MAX_DEPTH} deep"
    units = {"format": FORMAT, "nodes": [], "units": [{"name": "u", "arguments": [
        {"name": "a", "default": nested(300)}]}]}  # fmt: skip
    assert [place for place, _ in reasons(units)] == ["units[0].arguments[0].default"]


def test_a_megabyte_long_id_is_cut_in_each_location_that_names_it() -> None:
    node = {"id": "x" * 1_000_000, "type": 5, "params": 3, "ui": 4}
    problems = reasons({"format": FORMAT, "nodes": [node]})
    assert [place for place, _ in problems] == [
        f"nodes[0] ({'x' * 64}...).{field}" for field in ("id", "type", "params", "ui")
    ]
