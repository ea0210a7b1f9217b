"""POST /api/graphs/validate: the answer of DESIGN.md, and never a 500 for any JSON body."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from threading import Event
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.app import create_app
from backend.routes import graphs
from netcanvas.layers import LAYERS
from netcanvas.validation import validate as real_validate
from tests.graphs import chain, lenet

client = TestClient(create_app())


def test_validate_lenet_answers_shapes_and_totals() -> None:
    response = client.post("/api/graphs/validate", json=lenet())
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is True
    assert body["nodes"]["conv1"] == {
        "output_shape": [16, 24, 24],
        "params": 416,
        "macs": 230_400,
        "summary": "16 @ 5×5",
        "weights": "weight 16×1×5×5, bias 16",
    }
    assert body["nodes"]["fc2"]["output_shape"] == [10]
    assert body["nodes"]["relu1"].get("weights") is None  # no weights, nothing to start from
    assert body["total_params"] == 76_018
    assert body["total_macs"] == 230_400 + 819_200 + 61_440 + 1_200  # no bias adds
    assert body["errors"] == [] and body["warnings"] == []


def test_validate_answers_each_nodes_summary_from_the_catalogue() -> None:
    graph = lenet()
    nodes = client.post("/api/graphs/validate", json=graph).json()["nodes"]
    types = {node["id"]: node["type"] for node in graph["nodes"]}
    entry = next(n for n, t in types.items() if t == "Input")
    assert nodes[entry]["summary"] == "1×28×28"
    assert nodes["fc2"]["summary"] == "10"
    relu = next(n for n, t in types.items() if t == "ReLU")
    assert nodes[relu]["summary"] == ""


def test_layers_serve_role_integer_input_and_target_kind() -> None:
    layers = {layer["type"]: layer for layer in client.get("/api/layers").json()["layers"]}
    assert layers["Input"]["role"] == "input" and layers["Conv3d"]["role"] == "layer"
    assert layers["CrossEntropyLoss"]["role"] == "loss"
    assert layers["Embedding"]["integer_input"] and not layers["Linear"]["integer_input"]
    assert layers["CrossEntropyLoss"]["target_kind"] == "class_index"
    assert (
        layers["BCELoss"]["target_kind"] == "binary" and layers["BCELoss"]["expects_probabilities"]
    )
    assert layers["MSELoss"]["target_kind"] == "values" and layers["ReLU"]["target_kind"] is None
    assert layers["BCEWithLogitsLoss"]["applies"] == ["Sigmoid"]
    assert layers["Sigmoid"]["probabilities"] and not layers["ReLU"]["probabilities"]


def test_validate_invalid_graph_is_200_with_errors_naming_nodes() -> None:
    graph = chain(
        ("x", "Input", {"shape": [4]}), ("fc1", "Linear", {"out_features": 0}), ("loss", "MSELoss")
    )
    response = client.post("/api/graphs/validate", json=graph)
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is False
    assert body["errors"][0]["node"] == "fc1" and body["errors"][0]["field"] == "out_features"
    assert body["errors"][0]["message"] == "out_features must be at least 1"


def test_validate_not_a_graph_is_422_with_the_reason() -> None:
    response = client.post("/api/graphs/validate", json={"nodes": []})
    assert response.status_code == 422
    assert "missing 'format'" in response.json()["detail"][0]["msg"]


def test_validate_unknown_top_level_field_is_422() -> None:
    response = client.post(
        "/api/graphs/validate", json={"format": "netcanvas/graph@1", "nodes": [], "colour": "red"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "colour"]


def test_validate_body_that_is_not_json_is_422() -> None:
    response = client.post(
        "/api/graphs/validate", content=b"{nodes: ", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("body", "en", "ja"),
    [(b'{\n  "nodes": [],\n  edges: []}', "a key in double quotes was expected at line 3, "
      "column 3", "3 行 3 文字目: ダブルクォートで囲んだキーがありません"),
     (b"[1 2]", "',' was expected between two items at line 1, column 4",
      "1 行 4 文字目: 要素と要素の間に ',' がありません"),
     (b"", "a value was expected at line 1, column 1", "1 行 1 文字目: 値がありません"),
     (b'{"a": 1} x', "more follows the end of the JSON value at line 1, column 10",
      "1 行 10 文字目: JSON の値の終わりの後にまだ続きがあります")],
)  # fmt: skip
def test_a_body_that_is_not_json_names_line_and_column_in_our_words(
    body: bytes, en: str, ja: str
) -> None:
    """Python's "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"
    was the message, English in Japanese too."""
    answers = {
        lang: client.post("/api/graphs/validate", content=body, headers={
            "content-type": "application/json", "Accept-Language": lang})
        for lang in ("en", "ja")
    }  # fmt: skip
    for lang, wanted in (
        ("en", "the body is not JSON: " + en),
        ("ja", "本文が JSON ではありません: " + ja),
    ):
        assert answers[lang].status_code == 422
        [item] = answers[lang].json()["detail"]
        assert (item["code"], item["msg"]) == ("format.not_json", wanted)
        assert "Expecting" not in item["msg"]


def test_validate_deeply_nested_body_is_422_not_500() -> None:
    body = "[" * 100_000 + "]" * 100_000
    response = client.post(
        "/api/graphs/validate", content=body.encode(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 422


def test_validate_huge_numbers_are_errors_not_500() -> None:
    graph = chain(
        ("x", "Input", {"shape": [10**30, 10**30]}),
        ("r", "Reshape", {"shape": [-1]}),
        ("up", "Upsample"),
        ("loss", "MSELoss"),
    )
    response = client.post("/api/graphs/validate", json=graph)
    assert response.status_code == 200 and response.json()["valid"] is False
    body = (
        '{"format": "netcanvas/graph@1", "nodes": [{"id": "u", "type": "Upsample", '
        '"params": {"scale_factor": Infinity}}]}'
    )
    response = client.post(
        "/api/graphs/validate", content=body.encode(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 200 and response.json()["valid"] is False


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
param_names = st.sampled_from(
    sorted({name for layer in LAYERS.values() for name in layer.params.model_fields} | {"bogus"})
)
layer_types = st.sampled_from([*sorted(LAYERS), "Nope"])
small_values = (
    st.integers(-3, 40)
    | st.lists(st.integers(-2, 40), max_size=5)
    | st.sampled_from(["same", "valid", "input", "label", "tanh", "bilinear"])
    | st.floats(-2, 70, allow_nan=False)
    | st.booleans()
    | st.none()
)


@st.composite
def mutated_graphs(draw: st.DrawFn) -> dict[str, Any]:
    """Graphs that look nearly right: real layer types, wild parameters and wiring."""
    count = draw(st.integers(1, 8))
    ids = [f"n{i}" for i in range(count)]
    nodes = []
    for node_id in ids:
        params = draw(st.dictionaries(param_names, small_values, max_size=4))
        nodes.append({"id": node_id, "type": draw(layer_types), "params": params})
    nodes[0] = {
        "id": "n0",
        "type": "Input",
        "params": {"shape": draw(st.lists(st.integers(1, 12), min_size=1, max_size=4))},
    }
    edges = draw(
        st.lists(
            st.fixed_dictionaries(
                {"source": st.sampled_from([*ids, "ghost"]), "target": st.sampled_from(ids)},
                optional={"target_port": st.integers(0, 3)},
            ),
            max_size=12,
        )
    )
    return {"format": "netcanvas/graph@1", "nodes": nodes, "edges": edges}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_graphs())
def test_validate_never_fails_on_nearly_right_graphs(graph: dict[str, Any]) -> None:
    response = client.post("/api/graphs/validate", json=graph)
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] == (body["errors"] == [])
    for error in body["errors"]:
        assert (
            error["node"] is None
            or any(n["id"] == error["node"] for n in graph["nodes"])
            or error["edge"] is not None
        )


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_validate_never_500s_on_any_json(value: Any) -> None:
    response = client.post(
        "/api/graphs/validate",
        content=json.dumps(value).encode(),
        headers={"content-type": "application/json"},
    )
    assert response.status_code in (200, 422)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["format", "name", "nodes", "edges", "ui", "x"]), json_values, max_size=5
    )
)
def test_validate_never_500s_on_graph_shaped_json(value: dict[str, Any]) -> None:
    value.setdefault("format", "netcanvas/graph@1")
    response = client.post("/api/graphs/validate", json=value)
    assert response.status_code in (200, 422)


def test_a_validation_under_way_leaves_other_requests_free(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The validation runs off the event loop: while one is held half-way, another request
    is answered (on the loop, it would wait for the first, which waits for it)."""
    entered, release = Event(), Event()

    def held(graph: Any) -> Any:
        entered.set()
        assert release.wait(60), "the other request was not answered meanwhile"
        return real_validate(graph)  # what the route calls

    monkeypatch.setattr(graphs, "validate", held)
    with TestClient(create_app()) as shared, ThreadPoolExecutor(1) as pool:  # one event loop
        validating = pool.submit(shared.post, "/api/graphs/validate", json=lenet())
        assert entered.wait(60)
        assert shared.get("/api/layers").status_code == 200
        assert not validating.done()
        release.set()
        answer = validating.result(timeout=60)
    assert answer.status_code == 200 and answer.json()["total_params"] == 76_018


def input_shape_error(shape: list[Any], lang: str = "en") -> dict[str, Any]:
    graph = chain(
        ("x", "Input", {"shape": shape}), ("f", "Flatten"), ("fc", "Linear", {"out_features": 2})
    )
    headers = {"Accept-Language": lang}
    errors = client.post("/api/graphs/validate", json=graph, headers=headers).json()["errors"]
    (error,) = [e for e in errors if e["node"] == "x"]
    return dict(error)


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (1e300, "shape item 0 (1e+300) must be an integer"),
        (1e20, "shape item 0 (1e+20) must be an integer"),
        (-1, "shape item 0 (-1) must be at least 1"),
        (0, "shape item 0 (0) must be at least 1"),
        (2.5, "shape item 0 (2.5) must be an integer"),
        (True, "shape item 0 (true) must be an integer"),
        ("3", 'shape item 0 ("3") must be an integer'),
        (10**30, "shape item 0 (1000000000000000000000000000000) must be at most 65536"),
    ],
)
def test_a_bad_input_shape_names_its_node_item_and_value(value: Any, said: str) -> None:
    error = input_shape_error([value])
    assert (error["node"], error["field"], error["message"]) == ("x", "shape", said)


def test_a_bad_input_shape_item_after_good_ones_is_named_in_japanese_too() -> None:
    error = input_shape_error([1, 28, 1e300], "ja")
    assert error["message"] == "shape の要素 2 (1e+300) は整数にしてください"
    long = input_shape_error(["9" * 5000])["message"]
    assert long == f'shape item 0 ("{"9" * 39}...) must be an integer'
