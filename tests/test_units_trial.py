"""Messages a user trial of the Units editor found unclear: an argument (`"$name"`) used on the
main canvas, and a use of a unit that has no UnitInput."""

from __future__ import annotations

from typing import Any

from netcanvas.graph import load_graph
from netcanvas.validation import ValidationResult, validate
from tests.graphs import chain
from tests.unit_graphs import conv_block, unit, use, using


def check(graph: dict[str, Any], lang: str = "en") -> ValidationResult:
    return validate(load_graph(graph)).localised(lang)


def test_an_argument_on_the_main_canvas_says_arguments_only_work_in_a_unit() -> None:
    graph = chain(
        ("x", "Input", {"shape": [1, 8, 8]}),
        ("conv", "Conv2d", {"out_channels": "$channels", "kernel_size": 3}),
        ("flat", "Flatten"),
        ("loss", "CrossEntropyLoss"),
    )
    result = check(graph)
    errors = [e for e in result.errors if e.node == "conv"]
    assert [(e.field, e.code) for e in errors] == [("out_channels", "param.argument_outside_unit")]
    assert "'$channels'" in errors[0].message and "only work inside a unit" in errors[0].message
    ja = next(e for e in check(graph, "ja").errors if e.node == "conv")
    assert "'$channels'" in ja.message and "ユニットの中でだけ" in ja.message


def test_an_argument_passed_on_by_a_use_on_the_main_canvas_is_named_too() -> None:
    result = check(using([conv_block()], use("u", "conv_block", args={"channels": "$width"})))
    codes = [(e.field, e.code) for e in result.errors if e.node == "u"]
    assert ("args", "param.argument_outside_unit") in codes, codes


def test_the_same_argument_inside_a_unit_is_fine() -> None:
    result = check(
        using([conv_block()], use("u", "conv_block", args={"channels": 4}), ("f", "Flatten"))
    )
    assert result.valid, [e.message for e in result.errors]


def test_a_use_of_a_unit_without_unit_input_says_so() -> None:
    source = unit("source")
    source["nodes"] = [n for n in source["nodes"] if n["type"] != "UnitInput"]
    source["edges"] = []
    result = check(using([source], use("stage1", "source")))
    errors = [e for e in result.errors if e.node == "stage1"]
    assert [e.code for e in errors] == ["unit.no_input"]
    assert "unit source has no UnitInput" in errors[0].message
    ja = [
        e
        for e in check(using([source], use("stage1", "source")), "ja").errors
        if e.node == "stage1"
    ]
    assert "UnitInput がありません" in ja[0].message
