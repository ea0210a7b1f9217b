"""Small graphs built in a line or two, for tests."""

from __future__ import annotations

import itertools
from typing import Any


def chain(*layers: tuple[Any, ...], name: str = "t") -> dict[str, Any]:
    """A graph whose nodes are connected one after another: chain(("x", "Input", {...}), ...)."""
    nodes = []
    for layer in layers:
        node_id, layer_type = layer[0], layer[1]
        params = layer[2] if len(layer) > 2 else {}
        nodes.append({"id": node_id, "type": layer_type, "params": params})
    edges = [{"source": a["id"], "target": b["id"]} for a, b in itertools.pairwise(nodes)]
    return {"format": "netcanvas/graph@1", "name": name, "nodes": nodes, "edges": edges}


def lenet() -> dict[str, Any]:
    """LeNet on MNIST-sized input, ending in CrossEntropyLoss."""
    return chain(
        ("x", "Input", {"shape": [1, 28, 28]}),
        ("conv1", "Conv2d", {"out_channels": 16, "kernel_size": 5}),
        ("relu1", "ReLU"),
        ("pool1", "MaxPool2d", {"kernel_size": 2}),
        ("conv2", "Conv2d", {"out_channels": 32, "kernel_size": 5}),
        ("relu2", "ReLU"),
        ("pool2", "MaxPool2d", {"kernel_size": 2}),
        ("flat", "Flatten"),
        ("fc1", "Linear", {"out_features": 120}),
        ("relu3", "ReLU"),
        ("fc2", "Linear", {"out_features": 10}),
        ("loss", "CrossEntropyLoss"),
        name="LeNet",
    )
