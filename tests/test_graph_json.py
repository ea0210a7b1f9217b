"""`load_graph_json`: a JSON document read straight into the graph model gives the same
graph, and the validation route the same answer byte for byte, as `json.loads` and
`load_graph`; any document it cannot read that way goes the old way (None)."""

from __future__ import annotations

import itertools
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from backend.routes.graphs import load_graph_or_422, parse_json, validated
from netcanvas import samples
from netcanvas.graph import load_graph, load_graph_json
from netcanvas.validation import validate

from .graphs import lenet


def answer_the_old_way(body: bytes, lang: str = "en") -> str:
    """The route's answer as it was built before `load_graph_json`: decode, load, validate."""
    graph = load_graph_or_422(parse_json(body, lang), lang)
    return validate(graph).localised(lang).model_dump_json()


def residual_blocks(blocks: int) -> dict[str, Any]:
    """Input, a stem, `blocks` residual blocks (conv, bn, relu, conv, bn, add), a head; the
    shape of `bench/validate_graph.py`'s graphs, every node with its editor position."""
    conv = {"out_channels": 16, "kernel_size": 3, "padding": 1}
    nodes: list[dict[str, Any]] = [
        {"id": "x", "type": "Input", "params": {"shape": [3, 32, 32]}, "ui": {"x": 0, "y": 0}},
        {"id": "stem", "type": "Conv2d", "params": conv, "ui": {"x": 0, "y": 80}},
    ]
    edges: list[dict[str, Any]] = [{"source": "x", "target": "stem"}]
    last = "stem"
    for block in range(blocks):
        parts = [
            ("conv1", "Conv2d", conv),
            ("bn1", "BatchNorm2d", {}),
            ("relu", "ReLU", {}),
            ("conv2", "Conv2d", conv),
            ("bn2", "BatchNorm2d", {}),
            ("add", "Add", {}),
        ]
        ids = [f"b{block}_{part}" for part, _, _ in parts]
        for node_id, (_, layer, params) in zip(ids, parts, strict=True):
            nodes.append(
                {
                    "id": node_id,
                    "type": layer,
                    "params": params,
                    "ui": {"x": 0, "y": 80 * len(nodes)},
                }
            )
        edges.append({"source": last, "target": ids[0]})
        edges += [{"source": a, "target": b} for a, b in itertools.pairwise(ids[:5])]
        edges += [
            {"source": last, "target": ids[5], "target_port": 0},
            {"source": ids[4], "target": ids[5], "target_port": 1},
        ]
        last = ids[5]
    for node_id, layer, params in [
        ("pool", "GlobalAvgPool2d", {}),
        ("fc", "Linear", {"out_features": 10}),
        ("loss", "CrossEntropyLoss", {}),
    ]:
        nodes.append({"id": node_id, "type": layer, "params": params})
        edges.append({"source": last, "target": node_id})
        last = node_id
    return {"format": "netcanvas/graph@1", "name": "big", "nodes": nodes, "edges": edges}


def test_a_big_graphs_answer_is_byte_identical_to_the_old_way() -> None:
    body = json.dumps(residual_blocks(1600)).encode()  # 9,605 nodes
    answer = validated(body, "en")
    assert answer.valid and len(answer.nodes) == 9605
    assert answer.model_dump_json() == answer_the_old_way(body)


def test_an_invalid_big_graphs_answer_is_byte_identical_in_japanese_too() -> None:
    graph = residual_blocks(300)
    graph["nodes"][40]["params"] = {"out_channels": 0, "kernel_size": 3}  # an error
    graph["edges"].append({"source": "b7_add", "target": "b3_conv1"})  # a cycle
    graph["nodes"].append({"id": "stray", "type": "ReLU"})  # unused, unwired
    body = json.dumps(graph, ensure_ascii=False).encode()
    for lang in ("en", "ja"):
        answer = validated(body, lang)
        assert not answer.valid and answer.errors
        assert answer.model_dump_json() == answer_the_old_way(body, lang)


def test_every_sample_gives_the_same_answer_both_ways() -> None:
    for name in samples.names():
        body = json.dumps(samples.load(name)).encode()
        assert load_graph_json(body) == load_graph(json.loads(body)), name
        assert validated(body, "en").model_dump_json() == answer_the_old_way(body), name


def test_documents_it_cannot_read_go_the_old_way() -> None:
    for body in [
        b"not json",
        b"[1, 2]",
        b'{"nodes": []}',  # no format: load_graph names it
        b'{"format": "netcanvas/graph@0", "nodes": []}',
        b'{"format": "netcanvas/graph@1", "nodes": [], "colour": 1}',
        b'{"format": "netcanvas/graph@1", "nodes": [{"id": 3, "type": "ReLU"}]}',
        b'\xef\xbb\xbf{"format": "netcanvas/graph@1", "nodes": []}',  # a BOM: json.loads reads it
        b'{"format": "netcanvas/graph@1", "nodes": [{"id": "\\ud800", "type": "ReLU"}]}',
    ]:
        assert load_graph_json(body) is None, body


def test_strange_values_read_the_same_both_ways() -> None:
    graph = lenet()
    graph["nodes"][1]["params"].update(
        {
            "huge": 10**40,
            "tiny": 1.5e-7,
            "minus_zero": -0,
            "text": "日本語",
            "nested": {"a": [1, 2.0, None]},
        }
    )
    graph["nodes"][1]["id"] = "畳み込み"
    graph["edges"] = [
        {**e, "target_port": 1.0} if i == 0 else e for i, e in enumerate(graph["edges"])
    ]
    body = json.dumps(graph, ensure_ascii=False).encode()
    assert load_graph_json(body) == load_graph(json.loads(body))
    assert validated(body, "ja").model_dump_json() == answer_the_old_way(body, "ja")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=12,
)
node_like = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["a", "b", "c"]) | st.text(max_size=4),
        "type": st.sampled_from(["ReLU", "Linear", "Input", "MSELoss"]),
    },
    optional={
        "params": st.dictionaries(st.text(max_size=6), json_values, max_size=3),
        "ui": json_values,
    },
)
edge_like = st.fixed_dictionaries(
    {"source": st.sampled_from(["a", "b", "c"]), "target": st.sampled_from(["a", "b", "c"])},
    optional={"target_port": st.integers(-2, 3) | st.floats(-1, 3) | st.text(max_size=2)},
)


@settings(max_examples=150, deadline=None)
@given(
    st.fixed_dictionaries(
        {"format": st.just("netcanvas/graph@1"), "nodes": st.lists(node_like, max_size=4)},
        optional={
            "edges": st.lists(edge_like, max_size=4),
            "name": json_values,
            "ui": json_values,
        },
    )
)
def test_any_graph_shaped_document_reads_the_same_both_ways(document: dict[str, Any]) -> None:
    body = json.dumps(document, ensure_ascii=False).encode()
    fast = load_graph_json(body)
    if fast is None:
        return  # the old way reads it, and words what is wrong
    assert fast == load_graph(json.loads(body))
    assert validated(body, "en").model_dump_json() == answer_the_old_way(body)
