"""Units compiled with PyTorch: a use's inferred shape and parameter count equal the
module's, state_dict keys are paths of node ids, and a use is one node of the previews."""

from __future__ import annotations

from typing import Any

import pytest
import torch

from netcanvas.graph import load_graph
from netcanvas.validation import analyse
from tests.unit_graphs import nested, two_inputs, vgg
from worker.compiler import compile_graph, example_inputs
from worker.units import UnitBody


def shared_vgg() -> dict[str, Any]:
    graph = vgg(repeat=3, share=True, channels=8)
    graph["nodes"][0]["params"]["shape"] = [8, 8, 8]
    return graph


CASES = {
    "one use": vgg(repeat=1),
    "separate copies": vgg(repeat=3),
    "shared copies": shared_vgg(),
    "nested": nested(),
    "two inputs": two_inputs(),
}


@pytest.mark.parametrize("name", CASES)
def test_use_shape_and_params_equal_pytorch(name: str) -> None:
    graph = load_graph(CASES[name])
    analysis = analyse(graph)
    assert analysis.result.valid, analysis.result.errors
    network = compile_graph(graph)
    assert analysis.result.total_params == sum(p.numel() for p in network.parameters())
    values = network.node_outputs(*example_inputs(network, 3))
    for node, report in analysis.result.nodes.items():
        if node in values and report.output_shape:
            assert list(values[node].shape[1:]) == report.output_shape, node
            node_module = network._modules.get(node)
            if node_module is not None and node in analysis.uses:
                assert report.params == sum(p.numel() for p in node_module.parameters())


def test_state_dict_keys_are_paths_of_node_ids() -> None:
    one = compile_graph(load_graph(vgg(repeat=1))).state_dict()
    assert {"stage1.conv.weight", "stage1.bn.running_mean", "fc.weight"} <= set(one)
    separate = compile_graph(load_graph(vgg(repeat=2))).state_dict()
    assert {"stage1.0.conv.weight", "stage1.1.conv.weight"} <= set(separate)
    assert not any(key.startswith("stage1.conv") for key in separate)
    shared = compile_graph(load_graph(shared_vgg())).state_dict()
    assert "stage1.conv.weight" in shared and "stage1.0.conv.weight" not in shared
    inner = compile_graph(load_graph(nested())).state_dict()
    assert {"s.first.conv.weight", "s.second.conv.weight"} <= set(inner)


def test_shared_copies_run_the_same_weights_each_time() -> None:
    network = compile_graph(load_graph(shared_vgg())).eval()
    body = network.get_submodule("stage1")
    assert isinstance(body, UnitBody)
    x = torch.randn(2, 8, 8, 8)
    once = body.__class__.forward  # the body run 3 times equals 3 runs of one copy
    body.times = 1
    expected = body(body(body(x)))
    body.times = 3
    assert torch.allclose(once(body, x), expected)


def test_a_use_is_one_node_of_the_layer_previews_and_trains() -> None:
    network = compile_graph(load_graph(vgg(repeat=2)))
    inputs = example_inputs(network, 4)
    assert set(network.node_outputs(*inputs)) == {"x", "stage1", "pool", "flat", "fc"}
    optimiser = torch.optim.SGD(network.parameters(), lr=0.1)
    target = torch.randint(0, 10, (4,))
    before = network.state_dict()["stage1.0.conv.weight"].clone()
    loss = network.loss(network.training_output(*inputs), target)
    loss.backward()  # type: ignore[no-untyped-call]
    optimiser.step()
    assert not torch.equal(before, network.state_dict()["stage1.0.conv.weight"])
