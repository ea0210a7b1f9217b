"""Several inputs, heads and losses in validation (docs/GRAPH_UNITS_AND_NETWORKS.md section 2)."""

from __future__ import annotations

from typing import Any

import pytest

from netcanvas.graph import load_graph
from netcanvas.heads import TargetRef, needed_variables, parse_target
from netcanvas.validation import Analysis, analyse
from tests.graphs import chain


def two_heads(
    digit: dict[str, Any] | None = None, parity: dict[str, Any] | None = None
) -> dict[str, Any]:
    """One trunk, a digit head (loss `digit_loss`) and a parity head (loss `parity_loss`)."""
    graph = chain(
        ("x", "Input", {"shape": [1, 8, 8]}),
        ("flat", "Flatten"),
        ("trunk", "Linear", {"out_features": 32}),
        ("digit", "Linear", {"out_features": 10}),
        ("digit_loss", "CrossEntropyLoss", digit or {}),
    )
    graph["nodes"] += [
        {"id": "parity", "type": "Linear", "params": {"out_features": 2}},
        {"id": "parity_loss", "type": "CrossEntropyLoss",
         "params": parity or {"target": "y2", "weight": 0.5}},
    ]  # fmt: skip
    graph["edges"] += [
        {"source": "trunk", "target": "parity"},
        {"source": "parity", "target": "parity_loss"},
    ]
    return graph


def run(graph: dict[str, Any]) -> Analysis:
    return analyse(load_graph(graph))


def errors(analysis: Analysis) -> list[tuple[str | None, str | None, str]]:
    return [(e.node, e.field, e.code) for e in analysis.result.errors]


def test_two_losses_are_valid_and_the_first_is_primary() -> None:
    analysis = run(two_heads())
    assert analysis.result.valid, analysis.result.errors
    assert analysis.loss == "digit_loss" and analysis.output == "digit"
    assert analysis.losses == ["digit_loss", "parity_loss"]
    assert analysis.heads == {"digit_loss": "digit", "parity_loss": "parity"}
    assert not analysis.result.warnings  # both heads lead to a loss: nothing unused
    assert analysis.result.nodes["parity_loss"].summary == "target: y2, ×0.5"


def test_primary_head_follows_node_order() -> None:
    graph = two_heads()
    graph["nodes"] = [n for n in graph["nodes"] if n["id"] != "digit_loss"] + [
        n for n in graph["nodes"] if n["id"] == "digit_loss"
    ]
    analysis = run(graph)
    assert analysis.loss == "parity_loss" and analysis.output == "parity"


def test_a_single_loss_graph_keeps_its_old_analysis() -> None:
    graph = chain(("x", "Input", {"shape": [4]}), ("fc", "Linear"), ("loss", "MSELoss"))
    analysis = run(graph)
    assert analysis.result.valid and analysis.loss == "loss" and analysis.output == "fc"
    assert analysis.losses == ["loss"] and analysis.heads == {"loss": "fc"}
    assert analysis.result.nodes["x"].summary == "4"
    assert analysis.result.nodes["loss"].summary == ""


def test_two_inputs_may_not_read_one_variable() -> None:
    graph = chain(("a", "Input", {"shape": [4]}), ("cat", "Concat"), ("loss", "MSELoss"))
    graph["nodes"].insert(
        1, {"id": "b", "type": "Input", "params": {"shape": [4], "variable": "x"}}
    )
    graph["edges"].append({"source": "b", "target": "cat"})
    assert errors(run(graph)) == [("b", "variable", "input.variable_taken")]
    graph["nodes"][1]["params"]["variable"] = "x2"
    analysis = run(graph)
    assert analysis.result.valid and analysis.result.nodes["b"].summary == "x2: 4"


@pytest.mark.parametrize("variable", ["y", "x1", "x10", "X2", "", "x 2"])
def test_bad_variable_names_are_refused(variable: str) -> None:
    graph = chain(("x", "Input", {"shape": [4], "variable": variable}), ("loss", "MSELoss"))
    assert errors(run(graph)) == [("x", "variable", "param.other")]


@pytest.mark.parametrize("target", ["y10", "z", "input:y", "label2", "Y2"])
def test_bad_target_names_are_refused(target: str) -> None:
    analysis = run(two_heads(parity={"target": target}))
    assert [(n, f) for n, f, _ in errors(analysis)] == [("parity_loss", "target")]


def test_cross_entropy_cannot_target_an_input() -> None:
    analysis = run(two_heads(parity={"target": "input"}))
    assert [(n, f) for n, f, _ in errors(analysis)] == [("parity_loss", "target")]


@pytest.mark.parametrize("weight", [-0.5, "1", None, 1e7])
def test_bad_weights_are_refused(weight: Any) -> None:
    analysis = run(two_heads(parity={"target": "y2", "weight": weight}))
    assert [(n, f) for n, f, _ in errors(analysis)] == [("parity_loss", "weight")]


@pytest.mark.parametrize("weight", [0, 0.0, 2, 0.25])
def test_weights_of_zero_and_more_are_valid(weight: Any) -> None:
    assert run(two_heads(parity={"target": "y2", "weight": weight})).result.valid


def test_target_input_names_one_of_several_inputs() -> None:
    graph = chain(("a", "Input", {"shape": [4]}), ("cat", "Concat"), ("fc", "Linear",
                  {"out_features": 3}), ("loss", "MSELoss", {"target": "input:x2"}))  # fmt: skip
    graph["nodes"].insert(
        1, {"id": "b", "type": "Input", "params": {"shape": [3], "variable": "x2"}}
    )
    graph["edges"].append({"source": "b", "target": "cat"})
    assert run(graph).result.valid
    graph["nodes"][-1]["params"]["target"] = "input:x3"
    assert errors(run(graph)) == [("loss", "target", "loss.target_no_input")]
    graph["nodes"][-1]["params"]["target"] = "input"  # which one? name it
    assert errors(run(graph)) == [("loss", "target", "loss.target_needs_input")]
    graph["nodes"][-1]["params"]["target"] = "input:x"  # a's shape [4] is not fc's [3]
    assert errors(run(graph)) == [("loss", "target", "loss.target_shape")]


def test_targets_and_needed_variables() -> None:
    assert parse_target("label") == parse_target("y") == TargetRef("label", "y")
    assert parse_target("y2") == TargetRef("label", "y2")
    assert parse_target("input:x2") == TargetRef("input", "x2")
    analysis = run(two_heads())
    needed = needed_variables(analysis.params, analysis.input_nodes, analysis.losses)
    assert needed == {"x": "x", "y": "digit_loss", "y2": "parity_loss"}


def test_two_inputs_that_state_no_variable_validate_as_before() -> None:
    """Files written before `variable` existed: two Inputs were valid (never trainable)."""
    graph = chain(("a", "Input", {"shape": [4]}), ("cat", "Concat"), ("loss", "MSELoss"))
    graph["nodes"].insert(1, {"id": "b", "type": "Input", "params": {"shape": [4]}})
    graph["edges"].append({"source": "b", "target": "cat"})
    assert run(graph).result.valid
