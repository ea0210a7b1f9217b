"""Compile a graph and record every node's output, to compare with validation's shapes."""

from __future__ import annotations

from typing import Any

import torch

from netcanvas.graph import load_graph
from netcanvas.validation import validate
from worker.compiler import GraphNetwork, compile_graph, example_inputs


def compile_dict(graph: dict[str, Any]) -> GraphNetwork:
    return compile_graph(load_graph(graph))


def inferred_shapes(graph: dict[str, Any]) -> dict[str, tuple[int, ...]]:
    result = validate(load_graph(graph))
    assert result.valid, result.errors
    return {
        node: tuple(report.output_shape)
        for node, report in result.nodes.items()
        if report.output_shape is not None
    }


def run_traced(net: GraphNetwork, *inputs: torch.Tensor) -> dict[str, torch.Tensor]:
    """Run the network; every node's output by node id (the loss is not part of `forward`)."""
    outputs: dict[str, torch.Tensor] = {}
    handles = [
        module.register_forward_hook(lambda m, args, out, node=node: outputs.__setitem__(node, out))
        for node, module in net.named_children()
    ]
    try:
        with torch.no_grad():
            net(*inputs)
    finally:
        for handle in handles:
            handle.remove()
    return outputs


def assert_nodes_match_inferred_shapes(graph: dict[str, Any], batch: int = 2) -> GraphNetwork:
    net = compile_dict(graph)
    expected = inferred_shapes(graph)
    outputs = run_traced(net, *example_inputs(net, batch_size=batch))
    assert outputs, "nothing ran"
    for name, value in outputs.items():
        # shared parameters (`shared_as`) run under their name: the shape of any of its uses
        node = next((u for u, n in net.shared.items() if n == name), name)
        assert tuple(value.shape) == (batch, *expected[node]), node
    return net
