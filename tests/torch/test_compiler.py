"""The compiler: a `netcanvas/graph@1` graph becomes a module doing what validation said."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from netcanvas.graph import load_graph
from netcanvas.validation import RESERVED_IDS, validate
from tests.graphs import chain
from tests.torch.tracing import (
    assert_nodes_match_inferred_shapes,
    compile_dict,
    inferred_shapes,
    run_traced,
)
from worker.compiler import CompileError, GraphNetwork, example_inputs


@pytest.fixture(autouse=True)
def _seed() -> None:
    torch.manual_seed(0)


def lenet(head: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """LeNet on [1, 28, 28]; `head` replaces what follows fc2 (by default the loss)."""
    nodes: list[dict[str, Any]] = [
        {"id": "x", "type": "Input", "params": {"shape": [1, 28, 28]}},
        {"id": "conv1", "type": "Conv2d", "params": {"out_channels": 6, "kernel_size": 5}},
        {"id": "relu1", "type": "ReLU"},
        {"id": "pool1", "type": "MaxPool2d", "params": {"kernel_size": 2}},
        {"id": "conv2", "type": "Conv2d", "params": {"out_channels": 16, "kernel_size": 5}},
        {"id": "relu2", "type": "ReLU"},
        {"id": "pool2", "type": "MaxPool2d", "params": {"kernel_size": 2}},
        {"id": "flat", "type": "Flatten"},
        {"id": "fc1", "type": "Linear", "params": {"out_features": 32}},
        {"id": "relu3", "type": "ReLU"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 10}},
        *(head or [{"id": "loss", "type": "CrossEntropyLoss"}]),
    ]
    edges = [{"source": a["id"], "target": b["id"]} for a, b in pairwise(nodes)]
    return {"format": "netcanvas/graph@1", "name": "LeNet", "nodes": nodes, "edges": edges}


# ---------------------------------------------------------------- LeNet


def test_state_dict_keys_are_node_id_dot_parameter_name() -> None:
    net = compile_dict(lenet())
    assert set(net.state_dict()) == {
        f"{node}.{name}" for node in ("conv1", "conv2", "fc1", "fc2") for name in ("weight", "bias")
    }


def test_parameter_count_equals_validation_total() -> None:
    net = compile_dict(lenet())
    total = validate(load_graph(lenet())).total_params
    assert sum(p.numel() for p in net.parameters()) == total


def test_output_shape_matches_validation_output_shape() -> None:
    net = compile_dict(lenet())
    shapes = inferred_shapes(lenet())
    assert net.output_id == "fc2"
    assert net.output_shape == shapes["fc2"] == (10,)
    assert net(torch.randn(3, 1, 28, 28)).shape == (3, 10)


def test_every_lenet_node_outputs_its_inferred_shape() -> None:
    assert_nodes_match_inferred_shapes(lenet())


def test_wrong_number_of_inputs_is_a_type_error_naming_the_inputs() -> None:
    net = compile_dict(lenet())
    with pytest.raises(TypeError, match="x"):
        net()


# ---------------------------------------------------------------- fused activations


def test_softmax_before_cross_entropy_gives_probabilities_but_trains_on_logits() -> None:
    graph = lenet(
        [
            {"id": "sm", "type": "Softmax"},
            {"id": "loss", "type": "CrossEntropyLoss"},
        ]
    )
    net = compile_dict(graph).eval()
    x = torch.randn(4, 1, 28, 28)
    with torch.no_grad():
        probabilities = net(x)
        logits = net.training_output(x)
        fc2 = run_traced(net, x)["fc2"]

    assert net.output_id == "sm" and net.training_output_id == "fc2"
    assert torch.allclose(probabilities.sum(dim=1), torch.ones(4), atol=1e-5)
    assert torch.equal(logits, fc2)  # the fc output itself, softmax not applied
    assert not torch.allclose(logits.sum(dim=1), torch.ones(4))
    # log(softmax(z)) = z - logsumexp(z): a constant per row.
    gap = torch.log(probabilities) - logits
    assert torch.allclose(gap, gap[:, :1].expand_as(gap), atol=1e-4)
    target = torch.tensor([0, 3, 9, 5])
    assert torch.allclose(net.loss(logits, target), F.cross_entropy(logits, target))


def test_logits_train_directly_without_a_softmax() -> None:
    net = compile_dict(lenet())
    x = torch.randn(2, 1, 28, 28)
    assert net.training_output_id == net.output_id == "fc2"
    assert torch.equal(net(x), net.training_output(x))


# ---------------------------------------------------------------- node ids


def test_node_named_loss_is_the_loss_and_net_loss_still_computes_it() -> None:
    net = compile_dict(lenet())
    assert net.loss_id == "loss"
    assert isinstance(dict(net.named_children())["loss"], nn.CrossEntropyLoss)
    logits = net.training_output(torch.randn(2, 1, 28, 28))
    value = net.loss(logits, torch.tensor([1, 2]))  # the method, not the submodule
    assert value.shape == ()
    value.backward()  # type: ignore[no-untyped-call]
    assert net.get_submodule("fc2").weight.grad is not None


def _network_attributes() -> list[str]:
    """Public names GraphNetwork adds to nn.Module: a node id may equal any of them."""
    net = compile_dict(chain(("x", "Input", {"shape": [4]}), ("y", "Linear"), ("l", "MSELoss")))
    own = {n for n in [*dir(GraphNetwork), *vars(net)] if not n.startswith("_")}
    return sorted(own - set(dir(nn.Module)) - set(vars(nn.Module())))


@pytest.mark.parametrize("node_id", _network_attributes())
def test_node_id_equal_to_a_network_attribute_compiles_and_runs(node_id: str) -> None:
    graph = chain(
        ("x", "Input", {"shape": [4]}),
        (node_id, "Linear", {"out_features": 3}),
        ("l", "MSELoss"),
    )
    net = compile_dict(graph)
    assert f"{node_id}.weight" in net.state_dict()
    net.eval()
    net.train()
    assert net(*example_inputs(net)).shape == (2, 3)
    assert net.loss(net.training_output(*example_inputs(net)), torch.zeros(2, 3)).shape == ()


def test_reserved_ids_are_the_public_names_of_an_nn_module() -> None:
    """Class attributes and the ones set per instance (`training`) alike."""
    assert {n for n in dir(nn.Module()) if not n.startswith("_")} == RESERVED_IDS


@pytest.mark.parametrize("node_id", ["forward", "state_dict", "train", "training"])
def test_reserved_node_id_is_a_compile_error_naming_it(node_id: str) -> None:
    graph = chain(("x", "Input", {"shape": [4]}), (node_id, "Linear"), ("l", "MSELoss"))
    with pytest.raises(CompileError) as info:
        compile_dict(graph)
    assert any(e.node == node_id and e.field == "id" for e in info.value.errors)


# ---------------------------------------------------------------- invalid graphs


def test_invalid_graph_raises_compile_error_naming_the_node() -> None:
    graph = lenet()
    conv2 = next(n for n in graph["nodes"] if n["id"] == "conv2")
    conv2["params"]["kernel_size"] = 30  # larger than its 12×12 input
    with pytest.raises(CompileError) as info:
        compile_dict(graph)
    assert [e.node for e in info.value.errors] == ["conv2"]
    assert "conv2" in str(info.value)


def test_invalid_parameter_raises_compile_error_naming_node_and_field() -> None:
    graph = lenet()
    fc1 = next(n for n in graph["nodes"] if n["id"] == "fc1")
    fc1["params"]["out_features"] = 0
    with pytest.raises(CompileError) as info:
        compile_dict(graph)
    assert any(e.node == "fc1" and e.field == "out_features" for e in info.value.errors)
    assert "fc1" in str(info.value)


# ---------------------------------------------------------------- branches


def test_residual_block_with_target_ports_matches_inferred_shapes() -> None:
    graph = {
        "format": "netcanvas/graph@1",
        "nodes": [
            {"id": "x", "type": "Input", "params": {"shape": [4, 8, 8]}},
            {"id": "conv_a", "type": "Conv2d", "params": {"out_channels": 4, "padding": 1}},
            {"id": "relu_a", "type": "ReLU"},
            {"id": "conv_b", "type": "Conv2d", "params": {"out_channels": 4, "padding": "same"}},
            {"id": "sum", "type": "Add"},
            {"id": "relu_out", "type": "ReLU"},
            {"id": "gap", "type": "GlobalAvgPool2d"},
            {"id": "fc", "type": "Linear", "params": {"out_features": 3}},
            {"id": "loss", "type": "CrossEntropyLoss"},
        ],
        "edges": [
            {"source": "x", "target": "conv_a"},
            {"source": "conv_a", "target": "relu_a"},
            {"source": "relu_a", "target": "conv_b"},
            {"source": "conv_b", "target": "sum", "target_port": 1},
            {"source": "x", "target": "sum", "target_port": 0},
            {"source": "sum", "target": "relu_out"},
            {"source": "relu_out", "target": "gap"},
            {"source": "gap", "target": "fc"},
            {"source": "fc", "target": "loss"},
        ],
    }
    net = assert_nodes_match_inferred_shapes(graph)
    x = torch.randn(2, 4, 8, 8)
    outputs = run_traced(net, x)
    assert torch.allclose(outputs["sum"], x + outputs["conv_b"])
    assert net(x).shape == (2, 3)


def test_concat_joins_inputs_in_target_port_order() -> None:
    graph = {
        "format": "netcanvas/graph@1",
        "nodes": [
            {"id": "x", "type": "Input", "params": {"shape": [3, 8, 8]}},
            {"id": "narrow", "type": "Conv2d", "params": {"out_channels": 2, "kernel_size": 1}},
            {"id": "wide", "type": "Conv2d", "params": {"out_channels": 5, "padding": 1}},
            {"id": "cat", "type": "Concat", "params": {"dim": 0}},
            {"id": "gap", "type": "GlobalAvgPool2d"},
            {"id": "loss", "type": "MSELoss"},
        ],
        "edges": [
            {"source": "x", "target": "narrow"},
            {"source": "x", "target": "wide"},
            {"source": "narrow", "target": "cat", "target_port": 1},  # listed first, joins second
            {"source": "wide", "target": "cat", "target_port": 0},
            {"source": "cat", "target": "gap"},
            {"source": "gap", "target": "loss"},
        ],
    }
    assert inferred_shapes(graph)["cat"] == (7, 8, 8)
    net = assert_nodes_match_inferred_shapes(graph)
    outputs = run_traced(net, torch.randn(2, 3, 8, 8))
    assert torch.equal(outputs["cat"], torch.cat([outputs["wide"], outputs["narrow"]], dim=1))


# ---------------------------------------------------------------- sequences


def test_bidirectional_lstm_without_sequences_gives_last_states_of_both_directions() -> None:
    graph = chain(
        ("x", "Input", {"shape": [5, 3]}),
        ("lstm", "LSTM", {"hidden_size": 6, "num_layers": 2, "bidirectional": True}),
        ("loss", "MSELoss"),
    )
    assert inferred_shapes(graph)["lstm"] == (12,)
    net = compile_dict(graph).eval()
    x = torch.randn(2, 5, 3)
    with torch.no_grad():
        out = net(x)
        lstm = net.get_submodule("lstm")
        assert isinstance(lstm, nn.LSTM)
        steps, _ = nn.LSTM.forward(lstm, x)  # every step, both directions
    assert out.shape == (2, 12)
    assert torch.allclose(out[:, :6], steps[:, -1, :6])  # forward: after the last step
    assert torch.allclose(out[:, 6:], steps[:, 0, 6:])  # backward: after the first step


def test_lstm_with_sequences_gives_every_step() -> None:
    graph = chain(
        ("x", "Input", {"shape": [5, 3]}),
        ("lstm", "LSTM", {"hidden_size": 6, "bidirectional": True, "return_sequences": True}),
        ("loss", "MSELoss"),
    )
    assert inferred_shapes(graph)["lstm"] == (5, 12)
    assert_nodes_match_inferred_shapes(graph)


def test_embedding_then_lstm_runs_on_example_inputs() -> None:
    graph = chain(
        ("tokens", "Input", {"shape": [7]}),
        ("emb", "Embedding", {"num_embeddings": 20, "embedding_dim": 8}),
        ("lstm", "LSTM", {"hidden_size": 16}),
        ("fc", "Linear", {"out_features": 3}),
        ("loss", "CrossEntropyLoss"),
    )
    net = assert_nodes_match_inferred_shapes(graph, batch=4)
    (tokens,) = example_inputs(net, batch_size=4, generator=torch.Generator().manual_seed(1))
    assert tokens.dtype == torch.int64 and tokens.shape == (4, 7)
    assert int(tokens.min()) >= 0 and int(tokens.max()) < 20
    logits = net.training_output(tokens)
    assert logits.shape == (4, 3)
    net.loss(logits, torch.tensor([0, 1, 2, 0])).backward()  # type: ignore[no-untyped-call]
    assert net.get_submodule("emb").weight.grad is not None


def test_dropout_scales_what_it_keeps_while_training_and_passes_all_in_evaluation() -> None:
    """What the Dropout node's help says: kept values × 1/(1 − p) in training, none changed in
    evaluation (inverted dropout: no rescaling at test time, as older courses teach)."""
    from netcanvas.layers import LAYERS

    layer = LAYERS["Dropout"]
    module = layer.build(layer.params.model_validate({"p": 0.75}), [(1000,)])
    x = torch.ones(1000)
    torch.manual_seed(0)
    module.train()
    assert set(module(x).unique().tolist()) == {0.0, 4.0}
    module.eval()
    assert torch.equal(module(x), x)
    assert "1/(1 − p)" in layer.help.en and "1/(1 − p)" in layer.help.ja
