"""Validation of units (docs/GRAPH_UNITS_AND_NETWORKS.md section 1): a use's shape and cost
from its body, repeats, shared weights, nesting, and every error with its node and field.
PyTorch's side of the same graphs: tests/torch/test_units.py."""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path
from typing import Any

import pytest

from netcanvas.graph import load_graph
from netcanvas.validation import ValidationResult, validate
from netcanvas_cli.main import main
from tests.graphs import chain, lenet
from tests.unit_graphs import conv_block, nested, two_inputs, unit, use, using, vgg


def check(graph: dict[str, Any]) -> ValidationResult:
    return validate(load_graph(graph))


def errors_on(result: ValidationResult, node: str) -> list[tuple[str | None, str]]:
    return [(e.field, e.code) for e in result.errors if e.node == node]


def test_a_use_has_the_body_shape_params_and_summary() -> None:
    result = check(vgg(repeat=1, channels=8))
    assert result.valid, result.errors
    stage = result.nodes["stage1"]
    # Conv2d 1→8, 3×3: 8·9 + 8 = 80; BatchNorm2d(8): 16
    assert stage.output_shape == [8, 8, 8]
    assert stage.params == 96
    assert stage.summary == "conv_block"
    assert result.units["conv_block"].nodes["conv"].output_shape == [8, 8, 8]
    assert result.units["conv_block"].nodes["conv"].summary == "8 @ 3×3, same"


def test_separate_copies_count_every_copy_and_shared_ones_once() -> None:
    separate = check(vgg(repeat=3, channels=8)).nodes["stage1"]
    # copy 1: 1→8 (96); copies 2 and 3: 8→8: 8·8·9 + 8 + 16 = 600 each
    assert (separate.params, separate.summary) == (96 + 600 + 600, "conv_block ×3")
    graph = vgg(repeat=3, share=True, channels=8)
    graph["nodes"][0]["params"]["shape"] = [8, 8, 8]
    result = check(graph)
    shared, inner = result.nodes["stage1"], result.units["conv_block"].nodes
    assert shared.params == 600
    assert shared.macs == 3 * ((inner["conv"].macs or 0) + (inner["bn"].macs or 0))


def test_shared_weights_need_the_output_shape_of_the_input() -> None:
    result = check(vgg(repeat=2, share=True, channels=8))  # [1, 8, 8] in, [8, 8, 8] out
    assert errors_on(result, "stage1") == [("share_weights", "unit.share_shape")]


def test_a_unit_of_two_inputs_orders_them_by_port() -> None:
    result = check(two_inputs())
    assert result.valid, result.errors
    assert result.nodes["j"].output_shape == [4, 8, 8]
    assert result.nodes["j"].params == 4 * 1 * 9 + 4  # the conv on port 0 takes x: 1 channel


def test_a_nested_unit_passes_its_argument_on() -> None:
    result = check(nested())
    assert result.valid, result.errors
    # first: 1→6 (6·9+6 + 12 = 72); second: 6→8 (8·6·9+8 + 16 = 456); pool halves
    assert result.nodes["s"].output_shape == [8, 4, 4]
    assert result.nodes["s"].params == 72 + 456
    assert result.units["stage"].nodes["first"].output_shape == [6, 8, 8]


def test_a_graph_without_units_answers_as_before_with_empty_units() -> None:
    result = check(lenet())
    dumped = result.model_dump()
    assert dumped.pop("units") == {}
    assert set(dumped) == {"valid", "nodes", "total_params", "total_macs", "errors", "warnings"}
    assert result.valid and not result.warnings


def test_an_argument_that_does_not_fit_is_the_error_of_typing_it_on_the_use() -> None:
    result = check(vgg(channels=-1))
    (error,) = result.errors
    assert (error.node, error.field, error.code) == ("stage1", "args", "param.at_least")
    assert error.message == "in conv_block (copy 1) › conv: out_channels must be at least 1"
    assert error.params["unit"] == "conv_block" and error.params["unit_node"] == "conv"
    assert error.params["copy"] == 1
    assert "conv_block（コピー 1）の中の conv" in result.localised("ja").errors[0].message
    # the unit's own view marks the inner node
    inner = result.units["conv_block"].errors
    assert [(e.node, e.field) for e in inner] == [("conv", "out_channels")]


def test_a_shape_error_in_copy_two_names_the_copy() -> None:
    small = unit("shrink", ("conv", "Conv2d", {"out_channels": 2, "kernel_size": 5}))
    result = check(using([small], use("u", "shrink", repeat=2), ("flat", "Flatten")))
    (error,) = errors_on(result, "u")
    assert error == (None, "shape.kernel_too_large")
    assert result.errors[0].message.startswith("in shrink (copy 2) › conv: ")


def test_use_errors_unknown_unit_and_argument() -> None:
    result = check(using([conv_block()], use("u", "conv_blok"), ("flat", "Flatten")))
    assert errors_on(result, "u") == [("unit", "unit.unknown")]
    assert "did you mean conv_block" in result.errors[0].message
    result = check(using([conv_block()], use("u", "conv_block", args={"chanels": 3})))
    assert ("args", "unit.unknown_argument") in errors_on(result, "u")


def test_use_errors_inputs_and_repeat_of_two_inputs() -> None:
    graph = two_inputs()
    graph["edges"] = [e for e in graph["edges"] if not (e["target"] == "j" and e["source"] == "x")]
    assert errors_on(check(graph), "j") == [(None, "unit.inputs")]
    graph = two_inputs()
    next(n for n in graph["nodes"] if n["id"] == "j")["params"]["repeat"] = 2
    assert errors_on(check(graph), "j") == [("repeat", "unit.repeat_ports")]


def test_definition_errors_are_on_the_unit_and_every_use() -> None:
    bad = conv_block()
    bad["name"] = "conv-block"
    bad["nodes"] = [n for n in bad["nodes"] if n["type"] != "UnitOutput"]
    bad["nodes"].append({"id": "x2", "type": "Input", "params": {}})
    bad["nodes"].append({"id": "ce", "type": "CrossEntropyLoss", "params": {}})
    bad["nodes"][1]["params"]["stride"] = "$step"
    bad["arguments"].append({"name": "channels", "default": 1})
    bad["edges"] = [e for e in bad["edges"] if e["target"] != "out"]
    graph = using(
        [bad, copy.deepcopy(bad)], use("u", "conv-block"), ("v", "Unit", {"unit": "conv-block"})
    )
    result = check(graph)
    codes = [(e.node, e.field, e.code) for e in result.units["conv-block"].errors]
    assert (None, "name", "unit.bad_name") in codes
    assert (None, "name", "unit.duplicate_name") in codes
    assert (None, "arguments", "unit.duplicate_argument") in codes
    assert (None, None, "unit.no_output") in codes
    assert ("x2", None, "unit.forbidden_node") in codes
    assert ("ce", None, "unit.forbidden_node") in codes
    assert ("conv", "stride", "unit.undefined_reference") in codes
    assert {c for _, c in errors_on(result, "u")} == {"unit.definition"}
    assert not result.valid


def test_several_outputs_and_port_problems() -> None:
    two = conv_block()
    two["nodes"].append({"id": "out2", "type": "UnitOutput", "params": {}})
    two["nodes"].append({"id": "in3", "type": "UnitInput", "params": {"port": 2}})
    result = check(using([two], use("u", "conv_block")))
    codes = {(e.node, e.code) for e in result.units["conv_block"].errors}
    assert {("out", "unit.several_outputs"), ("out2", "unit.several_outputs")} <= codes
    assert (None, "unit.port_gap") in codes


def test_unit_ends_outside_a_unit_are_errors() -> None:
    result = check(chain(("x", "Input", {"shape": [4]}), ("i", "UnitInput"), ("o", "UnitOutput")))
    assert errors_on(result, "i")[0] == ("type", "unit.outside")
    assert errors_on(result, "o")[0] == ("type", "unit.outside")


def test_a_unit_cycle_is_named() -> None:
    a = unit("a", use("inner", "b"))
    b = unit("b", use("inner", "a"))
    result = check(using([a, b], use("u", "a")))
    (error,) = result.units["a"].errors
    assert error.code == "unit.cycle" and error.params["path"] in ("a → b → a", "b → a → b")
    assert errors_on(result, "u") == [("unit", "unit.definition")]
    selfish = unit("s", use("again", "s"))
    assert check(using([selfish], use("u", "s"))).units["s"].errors[0].code == "unit.cycle"


def test_nesting_deeper_than_eight_is_refused() -> None:
    units = [unit("u0", ("r", "ReLU"))] + [
        unit(f"u{i}", use("inner", f"u{i - 1}")) for i in range(1, 9)
    ]
    ok = check(using(units[:8], use("top", "u7"), ("flat", "Flatten")))
    assert ok.valid, ok.errors
    deep = check(using(units, use("top", "u8"), ("flat", "Flatten")))
    assert errors_on(deep, "top") == [(None, "unit.too_deep")]


def test_a_use_expanding_past_the_bound_is_refused_quickly() -> None:
    units = [unit("u0", ("r", "ReLU"), ("t", "Tanh"))] + [
        unit(f"u{i}", use("inner", f"u{i - 1}", repeat=64)) for i in range(1, 5)
    ]
    start = time.monotonic()
    result = check(using(units, use("top", "u4", repeat=64), ("flat", "Flatten")))
    assert time.monotonic() - start < 5
    assert errors_on(result, "top") == [("repeat", "unit.too_large")]
    assert "100000" in result.errors[0].message


def test_shapes_that_change_every_copy_are_bounded_too() -> None:
    # every copy of every level sees a new shape, so no body is reused: the walk itself stops
    grow = unit("grow", ("pad", "Linear", {"out_features": 7}))
    units = [grow] + [
        unit(f"g{i}", use("inner", "grow" if i == 1 else f"g{i - 1}", repeat=64))
        for i in range(1, 4)
    ]
    start = time.monotonic()
    result = check(using(units, use("top", "g3", repeat=64), shape=[5]))
    assert time.monotonic() - start < 20
    assert ("repeat", "unit.too_large") in errors_on(result, "top")


def test_a_unit_without_use_reports_its_example_shapes() -> None:
    block = conv_block()
    block["nodes"][0]["params"]["shape"] = [3, 8, 8]
    result = check(using([block], ("flat", "Flatten"), ("fc", "Linear", {"out_features": 2})))
    assert result.units["conv_block"].nodes["conv"].output_shape == [32, 8, 8]
    assert result.units["conv_block"].errors == []


def test_cli_validate_prints_the_use_error_and_the_unit_s_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(vgg(channels=-1)), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert (
        "error: stage1.args: in conv_block (copy 1) › conv: out_channels must be at least 1"
        in lines
    )
    assert "in unit conv_block: error: conv.out_channels: out_channels must be at least 1" in lines


def test_samples_without_units_answer_the_same_with_an_empty_units_list() -> None:
    from netcanvas import samples

    for name in samples.names():
        graph = samples.load(name)
        if "units" in graph:
            continue
        before = check(graph)
        assert before.units == {}
        assert check({**graph, "units": []}) == before, name
        assert check({**graph, "units": None}) == before, name


def test_an_edge_into_a_port_the_unit_lacks_names_target_port() -> None:
    graph = two_inputs()
    edge = next(e for e in graph["edges"] if e["target"] == "j" and e["source"] == "stem")
    edge["target_port"] = 5
    assert ("target_port", "port.missing") in errors_on(check(graph), "j")
