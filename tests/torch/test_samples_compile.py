"""Every shipped sample compiles with PyTorch, runs, and matches what validation promised."""

from __future__ import annotations

import pytest
import torch

from netcanvas import samples
from netcanvas.graph import load_graph
from netcanvas.validation import validate
from tests.torch.tracing import assert_nodes_match_inferred_shapes
from worker.compiler import compile_graph, example_inputs


@pytest.mark.parametrize("name", samples.names())
def test_sample_compiles_and_runs(name: str) -> None:
    graph = load_graph(samples.load(name))
    result = validate(graph)
    network = compile_graph(graph)
    output_shape = result.nodes[network.output_id].output_shape
    assert output_shape is not None

    generator = torch.Generator().manual_seed(0)
    with torch.no_grad():
        output = network(*example_inputs(network, 2, generator=generator))

    assert tuple(output.shape) == (2, *output_shape)
    assert torch.isfinite(output).all()
    assert sum(p.numel() for p in network.parameters()) == result.total_params


@pytest.mark.parametrize("name", samples.names())
def test_sample_every_node_has_the_shape_validation_gives(name: str) -> None:
    """What `netcanvas validate` shows for each node is what PyTorch computes."""
    graph = samples.load(name)
    network = assert_nodes_match_inferred_shapes(graph)
    ran = {node for node, _ in network.named_children()}
    ran |= {use for use, name in network.shared.items() if name in ran}  # run as `shared_as`
    loss = network.loss_id
    assert {n["id"] for n in graph["nodes"] if n["type"] != "Input"} - {loss} <= ran
