"""Validation answers: shapes and costs on good graphs, errors naming nodes on bad ones."""

from __future__ import annotations

from typing import Any

import pytest

from netcanvas.graph import load_graph
from netcanvas.validation import MAX_LISTED, ValidationResult, cycle_path, validate
from tests.graphs import chain


def check(graph: dict[str, Any]) -> ValidationResult:
    return validate(load_graph(graph))


def error_nodes(result: ValidationResult) -> set[str | None]:
    return {e.node for e in result.errors}


def test_lenet_shapes_params_and_macs(lenet: dict[str, Any]) -> None:
    result = check(lenet)
    assert result.valid, result.errors
    shapes = {n: r.output_shape for n, r in result.nodes.items()}
    assert shapes["conv1"] == [16, 24, 24]
    assert shapes["pool1"] == [16, 12, 12]
    assert shapes["conv2"] == [32, 8, 8]
    assert shapes["pool2"] == [32, 4, 4]
    assert shapes["flat"] == [512]
    assert shapes["fc1"] == [120]
    assert shapes["fc2"] == [10]
    assert shapes["loss"] == []
    # DESIGN.md's example: conv1 has 416 parameters and 230,400 multiply-adds (DESIGN.md's
    # 239,616 counted the bias adds too; docs/ARCHITECTURE.md, "The catalogue").
    assert result.nodes["conv1"].params == 416
    assert result.nodes["conv1"].macs == 230_400
    assert result.total_params == 416 + 12_832 + 61_560 + 1_210
    assert result.total_macs == sum(r.macs or 0 for r in result.nodes.values())
    assert result.errors == [] and result.warnings == []


def test_unknown_layer_type_names_node_and_suggests() -> None:
    result = check(chain(("x", "Input", {"shape": [4]}), ("act", "Relu"), ("loss", "MSELoss")))
    assert not result.valid
    (error,) = result.errors
    assert (error.node, error.field) == ("act", "type")
    assert "Relu" in error.message and "ReLU" in error.message


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"out_features": 0}, "out_features", "at least 1"),
        ({"out_features": "10"}, "out_features", "integer"),
        ({"out_features": 2.5}, "out_features", "integer"),
        ({"out_features": True}, "out_features", "integer"),
        ({"bias": "yes"}, "bias", "true or false"),
        ({"out_feature": 10}, "out_feature", "out_features"),
    ],
)
def test_bad_parameter_names_node_and_field(params: dict[str, Any], field: str, words: str) -> None:
    result = check(
        chain(("x", "Input", {"shape": [4]}), ("fc1", "Linear", params), ("loss", "MSELoss"))
    )
    assert not result.valid
    (error,) = result.errors
    assert (error.node, error.field) == ("fc1", field)
    assert words in error.message


def test_out_of_range_float_parameter() -> None:
    result = check(
        chain(("x", "Input", {"shape": [4]}), ("drop", "Dropout", {"p": 1.5}), ("loss", "MSELoss"))
    )
    assert [(e.node, e.field) for e in result.errors] == [("drop", "p")]


def test_edge_to_missing_node() -> None:
    graph = chain(("x", "Input", {"shape": [4]}), ("fc1", "Linear"), ("loss", "MSELoss"))
    graph["edges"].append({"source": "fc1", "target": "ghost"})
    result = check(graph)
    assert not result.valid
    (error,) = result.errors
    assert error.node == "fc1" and error.edge == 2 and "ghost" in error.message


def test_edge_from_missing_node() -> None:
    graph = chain(("x", "Input", {"shape": [4]}), ("fc1", "Linear"), ("loss", "MSELoss"))
    graph["edges"][0]["source"] = "ghost"
    result = check(graph)
    assert "fc1" in error_nodes(result)
    assert any("ghost" in e.message for e in result.errors)


def test_edge_into_an_input_names_its_type_without_an_article() -> None:
    graph = chain(("x", "Input", {"shape": [4]}), ("fc1", "Linear"), ("loss", "MSELoss"))
    graph["nodes"].append({"id": "noise", "type": "RandomNoise", "params": {"shape": [4]}})
    graph["edges"].append({"source": "fc1", "target": "noise"})
    result = check(graph)
    messages = [e.message for e in result.errors if e.edge == 2]
    assert messages == ["edge 2: 'noise' (RandomNoise) takes no inputs"]


def test_duplicate_node_id() -> None:
    graph = chain(("x", "Input", {"shape": [4]}), ("fc1", "Linear"), ("loss", "MSELoss"))
    graph["nodes"].append({"id": "fc1", "type": "ReLU"})
    result = check(graph)
    assert [(e.node, e.field) for e in result.errors] == [("fc1", "id")]
    assert "duplicate" in result.errors[0].message


def test_node_missing_an_input() -> None:
    graph = chain(("x", "Input", {"shape": [4]}), ("fc1", "Linear"), ("loss", "MSELoss"))
    graph["nodes"].append({"id": "fc2", "type": "Linear"})
    result = check(graph)
    assert error_nodes(result) == {"fc2"}
    assert "none connected" in result.errors[0].message


def test_add_with_one_input_is_missing_an_input() -> None:
    graph = chain(("x", "Input", {"shape": [4]}), ("sum", "Add"), ("loss", "MSELoss"))
    result = check(graph)
    assert error_nodes(result) == {"sum"}
    assert "at least 2 inputs" in result.errors[0].message


def test_cycle_names_every_node_in_it() -> None:
    graph = chain(
        ("x", "Input", {"shape": [4]}),
        ("a", "Add"),
        ("b", "Linear", {"out_features": 4}),
        ("c", "ReLU"),
        ("loss", "MSELoss"),
    )
    graph["edges"].append({"source": "c", "target": "a", "target_port": 1})
    graph["edges"][0]["target_port"] = 0
    result = check(graph)
    assert not result.valid
    cycle_errors = [e for e in result.errors if "cycle" in e.message]
    assert {e.node for e in cycle_errors} == {"a", "b", "c"}
    assert all("a → b → c → a" in e.message for e in cycle_errors)
    assert result.nodes["loss"].output_shape is None


def test_add_of_different_shapes() -> None:
    graph = {
        "format": "netcanvas/graph@1",
        "nodes": [
            {"id": "x", "type": "Input", "params": {"shape": [8]}},
            {"id": "fc1", "type": "Linear", "params": {"out_features": 4}},
            {"id": "fc2", "type": "Linear", "params": {"out_features": 5}},
            {"id": "sum", "type": "Add"},
            {"id": "loss", "type": "MSELoss"},
        ],
        "edges": [
            {"source": "x", "target": "fc1"},
            {"source": "x", "target": "fc2"},
            {"source": "fc1", "target": "sum", "target_port": 0},
            {"source": "fc2", "target": "sum", "target_port": 1},
            {"source": "sum", "target": "loss"},
        ],
    }
    result = check(graph)
    assert error_nodes(result) == {"sum"}
    assert "[4]" in result.errors[0].message and "[5]" in result.errors[0].message


def test_concat_on_mismatched_axes() -> None:
    graph: dict[str, Any] = {
        "format": "netcanvas/graph@1",
        "nodes": [
            {"id": "x", "type": "Input", "params": {"shape": [3, 8, 8]}},
            {"id": "a", "type": "Conv2d", "params": {"out_channels": 4, "kernel_size": 3}},
            {"id": "b", "type": "Conv2d", "params": {"out_channels": 4, "kernel_size": 1}},
            {"id": "cat", "type": "Concat", "params": {"dim": 0}},
            {"id": "flat", "type": "Flatten"},
            {"id": "loss", "type": "MSELoss"},
        ],
        "edges": [
            {"source": "x", "target": "a"},
            {"source": "x", "target": "b"},
            {"source": "a", "target": "cat", "target_port": 0},
            {"source": "b", "target": "cat", "target_port": 1},
            {"source": "cat", "target": "flat"},
            {"source": "flat", "target": "loss"},
        ],
    }
    result = check(graph)
    assert error_nodes(result) == {"cat"}
    assert "[4, 6, 6]" in result.errors[0].message and "[4, 8, 8]" in result.errors[0].message
    graph["nodes"][1]["params"]["padding"] = 1
    fixed = check(graph)
    assert fixed.valid and fixed.nodes["cat"].output_shape == [8, 8, 8]


def test_concat_orders_inputs_by_port() -> None:
    graph = {
        "format": "netcanvas/graph@1",
        "nodes": [
            {"id": "x", "type": "Input", "params": {"shape": [6]}},
            {"id": "seq", "type": "Reshape", "params": {"shape": [2, 3]}},
            {"id": "wide", "type": "Reshape", "params": {"shape": [1, 6]}},
            {"id": "cat", "type": "Concat", "params": {"dim": -1}},
        ],
        "edges": [
            {"source": "x", "target": "seq"},
            {"source": "x", "target": "wide"},
            {"source": "wide", "target": "cat", "target_port": 1},
            {"source": "seq", "target": "cat", "target_port": 0},
        ],
    }
    result = check(graph)
    assert error_nodes(result) == {"cat"}  # [2, 3] and [1, 6] differ on axis 0


def test_conv2d_fed_a_vector() -> None:
    result = check(chain(("x", "Input", {"shape": [10]}), ("conv1", "Conv2d"), ("loss", "MSELoss")))
    (error,) = result.errors
    assert error.node == "conv1"
    assert "[C, H, W]" in error.message and "[10]" in error.message


def test_kernel_larger_than_padded_input() -> None:
    result = check(
        chain(
            ("x", "Input", {"shape": [1, 4, 4]}),
            ("conv1", "Conv2d", {"kernel_size": 7, "padding": 1}),
            ("loss", "MSELoss"),
        )
    )
    (error,) = result.errors
    assert (error.node, error.field) == ("conv1", "kernel_size")
    assert "larger than the padded input 6" in error.message


def test_pool_kernel_larger_than_input() -> None:
    result = check(
        chain(
            ("x", "Input", {"shape": [1, 3, 3]}),
            ("pool", "MaxPool2d", {"kernel_size": 4}),
            ("loss", "MSELoss"),
        )
    )
    assert error_nodes(result) == {"pool"}


def test_reshape_sizes_must_multiply_out() -> None:
    result = check(
        chain(
            ("x", "Input", {"shape": [2, 6]}),
            ("r", "Reshape", {"shape": [5, -1]}),
            ("loss", "MSELoss"),
        )
    )
    (error,) = result.errors
    assert (error.node, error.field) == ("r", "shape")
    assert "12" in error.message
    fixed = check(
        chain(
            ("x", "Input", {"shape": [2, 6]}),
            ("r", "Reshape", {"shape": [4, -1]}),
            ("loss", "MSELoss"),
        )
    )
    assert fixed.nodes["r"].output_shape == [4, 3]


def test_graph_without_input() -> None:
    result = check(chain(("fc1", "Linear"), ("loss", "MSELoss")))
    assert not result.valid
    assert any(e.node is None and "no Input" in e.message for e in result.errors)


def test_empty_graph_is_invalid() -> None:
    result = check({"format": "netcanvas/graph@1", "nodes": [], "edges": []})
    assert not result.valid and result.nodes == {}


def test_softmax_feeding_cross_entropy_warns(lenet: dict[str, Any]) -> None:
    lenet["nodes"].insert(-1, {"id": "sm", "type": "Softmax"})
    lenet["edges"][-1] = {"source": "fc2", "target": "sm"}
    lenet["edges"].append({"source": "sm", "target": "loss"})
    result = check(lenet)
    assert result.valid
    (warning,) = result.warnings
    assert warning.node == "sm" and "CrossEntropyLoss" in warning.message


def test_sigmoid_feeding_bce_with_logits_warns() -> None:
    result = check(
        chain(
            ("x", "Input", {"shape": [3]}),
            ("fc", "Linear", {"out_features": 1}),
            ("sig", "Sigmoid"),
            ("loss", "BCEWithLogitsLoss"),
        )
    )
    assert result.valid and [w.node for w in result.warnings] == ["sig"]


def test_step_feeding_bce_warns_to_put_a_sigmoid_there() -> None:
    """Step's 0 and 1 make BCELoss's log infinite: it warns as after any non-probability."""
    result = check(
        chain(
            ("x", "Input", {"shape": [2]}),
            ("fc", "Linear", {"out_features": 1}),
            ("step", "Step"),
            ("loss", "BCELoss"),
        )
    )
    assert result.valid and [w.code for w in result.warnings] == ["loss.bce_needs_sigmoid"]


def test_errors_do_not_cascade_downstream() -> None:
    result = check(
        chain(
            ("x", "Input", {"shape": [10]}),
            ("conv1", "Conv2d"),
            ("relu", "ReLU"),
            ("fc", "Linear"),
            ("loss", "MSELoss"),
        )
    )
    assert error_nodes(result) == {"conv1"}
    assert result.nodes["relu"].output_shape is None
    assert result.nodes["x"].output_shape == [10]


def test_loss_cannot_feed_another_node() -> None:
    graph = chain(("x", "Input", {"shape": [4]}), ("loss", "MSELoss"), ("relu", "ReLU"))
    result = check(graph)
    assert "loss" in error_nodes(result)


def test_input_takes_no_inputs() -> None:
    graph = chain(("x", "Input", {"shape": [4]}), ("y", "Input", {"shape": [4]}))
    result = check(graph)
    assert "y" in error_nodes(result)


def test_two_edges_into_one_port() -> None:
    graph = chain(("x", "Input", {"shape": [4]}), ("sum", "Add"), ("loss", "MSELoss"))
    graph["edges"][0]["target_port"] = 0
    graph["edges"].append({"source": "x", "target": "sum", "target_port": 0})
    result = check(graph)
    assert any(e.node == "sum" and e.field == "target_port" for e in result.errors)


def test_add_accepts_the_same_source_twice() -> None:
    graph = chain(("x", "Input", {"shape": [4]}), ("sum", "Add"), ("loss", "MSELoss"))
    graph["edges"].append({"source": "x", "target": "sum"})
    result = check(graph)
    assert result.valid and result.nodes["sum"].output_shape == [4]


def test_autoencoder_target_input_must_match_input_shape() -> None:
    good = chain(
        ("x", "Input", {"shape": [8]}),
        ("enc", "Linear", {"out_features": 3}),
        ("dec", "Linear", {"out_features": 8}),
        ("loss", "MSELoss", {"target": "input"}),
    )
    assert check(good).valid
    bad = chain(
        ("x", "Input", {"shape": [8]}),
        ("enc", "Linear", {"out_features": 3}),
        ("loss", "MSELoss", {"target": "input"}),
    )
    result = check(bad)
    assert [(e.node, e.field) for e in result.errors] == [("loss", "target")]
    assert "[3]" in result.errors[0].message and "[8]" in result.errors[0].message


def test_reserved_node_id_is_refused() -> None:
    result = check(chain(("x", "Input", {"shape": [4]}), ("forward", "ReLU"), ("loss", "MSELoss")))
    assert [(e.node, e.field) for e in result.errors] == [("forward", "id")]


def test_unused_branch_warns() -> None:
    graph = chain(("x", "Input", {"shape": [4]}), ("fc", "Linear"), ("loss", "CrossEntropyLoss"))
    graph["nodes"].append({"id": "stray", "type": "ReLU"})
    graph["edges"].append({"source": "x", "target": "stray"})
    result = check(graph)
    assert result.valid and [w.node for w in result.warnings] == ["stray"]


def test_more_than_one_loss_is_valid() -> None:
    """Several losses train together (issue 15; tests/test_heads.py has the rest)."""
    graph = chain(("x", "Input", {"shape": [4]}), ("fc", "Linear"), ("loss", "CrossEntropyLoss"))
    graph["nodes"].append({"id": "loss2", "type": "MSELoss"})
    graph["edges"].append({"source": "fc", "target": "loss2"})
    assert error_nodes(check(graph)) == set()


def test_long_chain_needs_no_recursion() -> None:
    layers: list[tuple[Any, ...]] = [("x", "Input", {"shape": [4]})]
    layers += [(f"r{i}", "ReLU") for i in range(5000)]
    result = check(chain(*layers))
    assert result.valid and result.nodes["r4999"].output_shape == [4]


def test_a_cycle_through_ten_thousand_nodes_answers_in_linear_size() -> None:
    """Measured before: every node's error named the whole cycle (990 MB, 192 s of CPU)."""
    size = 9_999
    relus = [(f"r{i}", "ReLU") for i in range(size)]
    graph = chain(("x", "Input", {"shape": [4]}), *relus)
    graph["edges"].append({"source": f"r{size - 1}", "target": "r0"})
    result = check(graph)
    cycles = [e for e in result.errors if e.code == "graph.cycle"]
    assert len(cycles) == MAX_LISTED and all(len(e.message) < 200 for e in cycles)
    assert cycles[0].message.endswith(f"→ … → r0 ({size} nodes)")
    more = result.errors[-1]
    assert more.code == "graph.more_errors" and more.params["count"] >= size - MAX_LISTED
    assert len(result.model_dump_json()) < 2_000_000


def test_a_short_cycle_is_named_in_full() -> None:
    assert cycle_path(["a", "b", "c", "a"]) == "a → b → c → a"
