"""A Softmax ending a unit whose use feeds a CrossEntropyLoss: the loss applies softmax
itself, and the compiler cannot skip a layer inside a unit, so validation warns on the use,
naming the unit's Softmax by its path (`in classifier › sm: …`), as errors from inside do."""

from __future__ import annotations

from typing import Any

from netcanvas.graph import load_graph
from netcanvas.issues import localise
from netcanvas.validation import ValidationResult, validate
from tests.unit_graphs import unit, use, using

CODE = "loss.softmax_in_unit_before_cross_entropy"


def check(graph: dict[str, Any]) -> ValidationResult:
    return validate(load_graph(graph))


def classifier(last: str = "Softmax") -> dict[str, Any]:
    return unit("classifier", ("flat", "Flatten"), ("fc", "Linear", {"out_features": 10}),
                ("sm", last))  # fmt: skip


def test_a_softmax_ending_a_unit_before_cross_entropy_warns_on_the_use() -> None:
    result = check(using([classifier()], use("head", "classifier")))
    assert result.valid, result.errors
    (warning,) = [w for w in result.warnings if w.code == CODE]
    assert warning.node == "head"
    assert warning.message.startswith(
        "in classifier › sm: CrossEntropyLoss applies softmax itself, but this softmax"
    )
    assert warning.params["unit_path"] == [{"unit": "classifier", "node": "sm", "copy": 0}]
    (japanese,) = [w for w in localise(result.warnings, "ja") if w.code == CODE]
    assert japanese.message.startswith("classifier の中の sm: CrossEntropyLoss は softmax")


def test_the_path_goes_through_nested_units_and_copies() -> None:
    outer = unit("outer", ("c", "Unit", {"unit": "classifier"}))
    result = check(using([classifier(), outer], use("head", "outer")))
    (warning,) = [w for w in result.warnings if w.code == CODE]
    assert warning.node == "head"
    assert warning.message.startswith("in outer › c: in classifier › sm: CrossEntropyLoss")
    square = unit("square", ("sm", "Softmax"))  # keeps its input's shape, so it repeats
    graph = using([square], ("flat", "Flatten"), ("fc", "Linear", {"out_features": 10}),
                  use("head", "square", repeat=2))  # fmt: skip
    (warning,) = [w for w in check(graph).warnings if w.code == CODE]
    assert warning.message.startswith("in square (copy 2) › sm: ")


def test_a_unit_ending_in_another_layer_does_not_warn() -> None:
    result = check(using([classifier("ReLU")], use("head", "classifier")))
    assert result.valid, result.errors
    assert [w for w in result.warnings if w.code == CODE] == []
