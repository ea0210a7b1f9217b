"""A loss whose input cannot meet its targets is an error on the loss node: in validation
(from the shape alone) and when a job is created (against the dataset's targets)."""

from __future__ import annotations

from typing import Any

from netcanvas import samples
from netcanvas.graph import load_graph
from netcanvas.layers import LAYERS
from netcanvas.messages import render
from netcanvas.targets import LossEnd, Targets, fit_problem
from netcanvas.validation import validate


def lenet_without_flatten() -> dict[str, Any]:
    graph = samples.load("lenet")
    graph["nodes"] = [n for n in graph["nodes"] if n["id"] != "flatten"]
    graph["edges"] = [e for e in graph["edges"] if "flatten" not in (e["source"], e["target"])]
    graph["edges"].append({"source": "pool2", "target": "fc1"})
    return graph


def errors_of(graph: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(e.node, e.code) for e in validate(load_graph(graph)).errors]


def test_lenet_without_flatten_is_an_error_on_its_loss_that_says_what_to_add() -> None:
    result = validate(load_graph(lenet_without_flatten()))
    assert not result.valid
    [error] = result.errors
    assert (error.node, error.code) == ("loss", "loss.class_scores")
    assert "[32, 4, 10]" in error.message and "Flatten" in error.message
    assert "Flatten" in error.localised("ja").message and "クラス" in error.localised("ja").message


def test_bce_against_labels_needs_one_output_but_against_the_input_any_shape() -> None:
    graph = samples.load("conv_autoencoder")
    loss = next(n for n in graph["nodes"] if n["type"].endswith("Loss"))
    loss["type"], loss["params"] = "BCEWithLogitsLoss", {"target": "input"}
    assert errors_of(graph) == []
    loss["params"] = {"target": "label"}
    assert errors_of(graph) == [(loss["id"], "loss.binary_scores")]


def test_every_sample_still_validates() -> None:
    for name in samples.names():
        assert validate(load_graph(samples.load(name))).valid, name


def end(loss_type: str, shape: tuple[int, ...]) -> LossEnd:
    return LossEnd("loss", loss_type, "label", "fc", shape)


def test_fit_with_the_dataset_targets() -> None:
    three = Targets("spiral", "classification", 3)
    two = Targets("xor", "classification", 2)
    values = Targets("sine", "regression", 0, (1,))
    assert fit_problem(end("CrossEntropyLoss", (3,)), three) is None
    assert fit_problem(end("CrossEntropyLoss", (2,)), three)[0] == "target.class_scores"  # type: ignore[index]
    assert fit_problem(end("MSELoss", (3,)), three) is None  # one-hot targets
    assert fit_problem(end("BCEWithLogitsLoss", (1,)), two) is None
    assert fit_problem(end("BCEWithLogitsLoss", (3,)), two)[0] == "target.one_hot_two"  # type: ignore[index]
    assert fit_problem(end("MSELoss", (1,)), values) is None
    assert fit_problem(end("MSELoss", (2,)), values)[0] == "target.values_shape"  # type: ignore[index]
    code, params = fit_problem(end("CrossEntropyLoss", (1,)), values)  # type: ignore[misc]
    assert code == "target.needs_labels" and params["loss"] == "loss"


def test_squared_error_with_one_output_on_two_classes_explains_one_hot_targets() -> None:
    """Sigmoid → MSELoss with one output on XOR: the targets are one-hot rows [2], and one
    output trains with a binary cross-entropy, not "[2] or [1]" as for those losses."""
    two = Targets("xor", "classification", 2)
    for loss in ("MSELoss", "L1Loss"):
        code, params = fit_problem(end(loss, (1,)), two)  # type: ignore[misc]
        assert code == "target.one_hot_single"
        text = render(code, params)
        assert "one-hot targets [2]" in text and "needs an output [2];" in text
        assert "BCELoss after a Sigmoid" in text and "or [1]" not in text
        assert "one-hot" in render(code, params, "ja")
    assert fit_problem(end("MSELoss", (3,)), two)[0] == "target.one_hot"  # type: ignore[index]


def test_squared_and_absolute_error_say_what_they_compare_on_class_labels() -> None:
    for loss in ("MSELoss", "L1Loss"):
        help = LAYERS[loss].help
        assert "one-hot targets" in help.en and "one-hot の教師データ" in help.ja, loss
