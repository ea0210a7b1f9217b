"""Graphs with units (docs/GRAPH_UNITS_AND_NETWORKS.md section 1), for tests."""

from __future__ import annotations

import itertools
from typing import Any


def body(*layers: tuple[Any, ...]) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """A unit body in a line: UnitInput, the layers one after another, UnitOutput."""
    nodes: list[dict[str, Any]] = [{"id": "in", "type": "UnitInput", "params": {}}]
    for layer in layers:
        nodes.append(
            {"id": layer[0], "type": layer[1], "params": layer[2] if len(layer) > 2 else {}}
        )
    nodes.append({"id": "out", "type": "UnitOutput", "params": {}})
    edges = [{"source": a["id"], "target": b["id"]} for a, b in itertools.pairwise(nodes)]
    return nodes, edges


def unit(name: str, *layers: tuple[Any, ...], arguments: Any = None) -> dict[str, Any]:
    nodes, edges = body(*layers)
    return {"name": name, "arguments": arguments or [], "nodes": nodes, "edges": edges}


def conv_block() -> dict[str, Any]:
    """Conv 3×3 (same padding, `channels` out), BatchNorm, ReLU: the design's example."""
    return unit(
        "conv_block",
        (
            "conv",
            "Conv2d",
            {"out_channels": "$channels", "kernel_size": "$kernel", "padding": "same"},
        ),
        ("bn", "BatchNorm2d"),
        ("relu", "ReLU"),
        arguments=[{"name": "channels", "default": 32}, {"name": "kernel", "default": 3}],
    )


def using(
    units: list[dict[str, Any]], *layers: tuple[Any, ...], shape: Any = None
) -> dict[str, Any]:
    """A graph: Input, the layers one after another, CrossEntropyLoss; with `units`."""
    nodes = [{"id": "x", "type": "Input", "params": {"shape": shape or [1, 8, 8]}}]
    for layer in layers:
        nodes.append(
            {"id": layer[0], "type": layer[1], "params": layer[2] if len(layer) > 2 else {}}
        )
    nodes.append({"id": "loss", "type": "CrossEntropyLoss", "params": {}})
    edges = [{"source": a["id"], "target": b["id"]} for a, b in itertools.pairwise(nodes)]
    return {
        "format": "netcanvas/graph@1",
        "name": "t",
        "units": units,
        "nodes": nodes,
        "edges": edges,
    }


def use(node: str, name: str, **params: Any) -> tuple[str, str, dict[str, Any]]:
    return (node, "Unit", {"unit": name, **params})


def vgg(repeat: int = 2, share: bool = False, channels: int = 8) -> dict[str, Any]:
    """conv_block used with `repeat` copies, then pool, flatten and a classifier."""
    return using(
        [conv_block()],
        use(
            "stage1", "conv_block", args={"channels": channels}, repeat=repeat, share_weights=share
        ),
        ("pool", "MaxPool2d", {"kernel_size": 2}),
        ("flat", "Flatten"),
        ("fc", "Linear", {"out_features": 10}),
    )


def two_inputs() -> dict[str, Any]:
    """A unit of two inputs (a residual join: relu(conv(a)) + b) used once."""
    definition = {
        "name": "join",
        "arguments": [],
        "nodes": [
            {"id": "a", "type": "UnitInput", "params": {"port": 0}},
            {"id": "b", "type": "UnitInput", "params": {"port": 1}},
            {
                "id": "conv",
                "type": "Conv2d",
                "params": {"out_channels": 4, "kernel_size": 3, "padding": 1},
            },
            {"id": "sum", "type": "Add", "params": {}},
            {"id": "out", "type": "UnitOutput", "params": {}},
        ],
        "edges": [
            {"source": "a", "target": "conv"},
            {"source": "conv", "target": "sum", "target_port": 0},
            {"source": "b", "target": "sum", "target_port": 1},
            {"source": "sum", "target": "out"},
        ],
    }
    graph = using(
        [definition],
        ("stem", "Conv2d", {"out_channels": 4, "kernel_size": 1}),
        use("j", "join"),
        ("flat", "Flatten"),
        ("fc", "Linear", {"out_features": 10}),
    )
    graph["edges"] = [e for e in graph["edges"] if e["target"] != "j"] + [
        {"source": "x", "target": "j", "target_port": 0},
        {"source": "stem", "target": "j", "target_port": 1},
    ]
    graph["edges"] = [
        e for e in graph["edges"] if not (e["source"] == "x" and e["target"] == "stem")
    ]
    graph["edges"].append({"source": "x", "target": "stem"})
    return graph


def nested() -> dict[str, Any]:
    """`stage` uses conv_block twice (16 then 8 channels): a unit inside a unit."""
    stage = unit(
        "stage",
        use("first", "conv_block", args={"channels": "$wide"}),
        use("second", "conv_block", args={"channels": 8}),
        ("pool", "MaxPool2d", {"kernel_size": 2}),
        arguments=[{"name": "wide", "default": 16}],
    )
    return using(
        [stage, conv_block()],
        use("s", "stage", args={"wide": 6}),
        ("flat", "Flatten"),
        ("fc", "Linear", {"out_features": 10}),
    )


def shared_series(**extra: Any) -> dict[str, Any]:
    """conv_block used twice one after the other with one set of parameters (`shared_as`
    S): the second use runs the first's weights on its output; `extra` for both uses
    (`repeat`, `share_weights`)."""
    return using(
        [conv_block()],
        use("u1", "conv_block", args={"channels": 1}, shared_as="S", **extra),
        use("u2", "conv_block", args={"channels": 1}, shared_as="S", **extra),
        ("flat", "Flatten"),
        ("fc", "Linear", {"out_features": 10}),
    )


def shared_branches() -> dict[str, Any]:
    """Two uses of conv_block sharing S, both fed by the Input, their outputs added."""
    graph = shared_series()
    graph["nodes"].insert(3, {"id": "sum", "type": "Add", "params": {}})
    graph["edges"] = [e for e in graph["edges"] if e["target"] not in ("u2", "flat")] + [
        {"source": "x", "target": "u2"},
        {"source": "u1", "target": "sum", "target_port": 0},
        {"source": "u2", "target": "sum", "target_port": 1},
        {"source": "sum", "target": "flat"},
    ]
    return graph
