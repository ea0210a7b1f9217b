"""Any graph of units answers (no exception), in bounded time: random definitions with
random wiring, arguments, nested uses, repeats and shared weights."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcanvas.graph import GraphFormatError, load_graph
from netcanvas.validation import analyse

NAMES = ["a", "b", "c", "bad-name"]
TYPES = ["UnitInput", "UnitOutput", "ReLU", "Linear", "Add", "Unit", "Input", "MSELoss", "Nope"]
VALUES = st.one_of(
    st.integers(-2, 9), st.sampled_from(["$n", "$m", "$zz", "x"]), st.booleans(), st.none()
)


@st.composite
def node(draw: st.DrawFn, index: int) -> dict[str, Any]:
    kind = draw(st.sampled_from(TYPES))
    params: dict[str, Any] = {}
    if kind == "Linear":
        params["out_features"] = draw(VALUES)
    elif kind == "UnitInput":
        params["port"] = draw(st.one_of(st.integers(0, 2), VALUES))
        if draw(st.booleans()):
            params["shape"] = [draw(st.integers(1, 4))]
    elif kind == "Unit":
        params["unit"] = draw(st.sampled_from(NAMES))
        params["args"] = draw(st.dictionaries(st.sampled_from(["n", "m", "q"]), VALUES, max_size=2))
        params["repeat"] = draw(st.one_of(st.integers(1, 64), VALUES))
        params["share_weights"] = draw(st.booleans())
    return {"id": f"n{index}", "type": kind, "params": params}


@st.composite
def body(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    count = draw(st.integers(0, 6))
    nodes = [draw(node(i)) for i in range(count)]
    pairs = st.tuples(st.integers(0, max(count - 1, 0)), st.integers(0, max(count - 1, 0)))
    edges = [
        {"source": f"n{a}", "target": f"n{b}", **({"target_port": p} if p is not None else {})}
        for (a, b), p in draw(st.lists(st.tuples(pairs, st.none() | st.integers(0, 2)), max_size=8))
    ]
    return nodes, edges


@st.composite
def graphs(draw: st.DrawFn) -> dict[str, Any]:
    units = []
    for name in draw(st.lists(st.sampled_from(NAMES), max_size=4)):
        nodes, edges = draw(body())
        arguments = [
            {"name": n, "default": draw(VALUES)} for n in draw(st.sets(st.sampled_from(["n", "m"])))
        ]
        units.append({"name": name, "arguments": arguments, "nodes": nodes, "edges": edges})
    nodes, edges = draw(body())
    nodes.insert(0, {"id": "x", "type": "Input", "params": {"shape": [draw(st.integers(1, 4))]}})
    edges.append({"source": "x", "target": "n0"})
    return {"format": "netcanvas/graph@1", "units": units, "nodes": nodes, "edges": edges}


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_any_graph_of_units_answers(graph: dict[str, Any]) -> None:
    try:
        loaded = load_graph(graph)
    except GraphFormatError:
        return
    result = analyse(loaded).result
    assert result.valid == (not result.errors)
    for issue in result.errors:
        assert issue.message
    result.localised("ja")
