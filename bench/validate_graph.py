"""Benchmark: validating a 1,000-node graph, end to end, as `POST /api/graphs/validate` does.

Measures the median time of json.loads + load_graph + validate on a residual
CNN of 1,000 nodes, side by side with a baseline that only parses the same
JSON into the pydantic `Graph` model: the ratio says how much validation
(parameters, wiring, cycles, shapes, costs) adds on top of reading the file.

    .venv/bin/python bench/validate_graph.py [--nodes 1000] [--repeat 50]
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

from netcanvas.graph import Graph, load_graph
from netcanvas.validation import validate


def residual_cnn(node_count: int) -> dict[str, Any]:
    """Input, a stem, then residual blocks of 6 nodes (conv, bn, relu, conv, bn, add) until full."""
    nodes: list[dict[str, Any]] = [
        {"id": "x", "type": "Input", "params": {"shape": [3, 32, 32]}},
        {
            "id": "stem",
            "type": "Conv2d",
            "params": {"out_channels": 16, "kernel_size": 3, "padding": 1},
        },
    ]
    edges: list[dict[str, Any]] = [{"source": "x", "target": "stem"}]
    last, block = "stem", 0
    while len(nodes) + 6 + 4 <= node_count:
        ids = [f"b{block}_{part}" for part in ("conv1", "bn1", "relu", "conv2", "bn2", "add")]
        conv = {"out_channels": 16, "kernel_size": 3, "padding": 1}
        types = [
            ("Conv2d", conv),
            ("BatchNorm2d", {}),
            ("ReLU", {}),
            ("Conv2d", conv),
            ("BatchNorm2d", {}),
            ("Add", {}),
        ]
        for node_id, (layer, params) in zip(ids, types, strict=True):
            nodes.append(
                {
                    "id": node_id,
                    "type": layer,
                    "params": params,
                    "ui": {"x": 0, "y": 80 * len(nodes)},
                }
            )
        edges += [{"source": last, "target": ids[0]}]
        edges += [{"source": a, "target": b} for a, b in itertools.pairwise(ids[:5])]
        edges += [
            {"source": last, "target": ids[5], "target_port": 0},
            {"source": ids[4], "target": ids[5], "target_port": 1},
        ]
        last, block = ids[5], block + 1
    tail = [("pool", "GlobalAvgPool2d", {}), ("fc", "Linear", {"out_features": 10})]
    while len(nodes) + len(tail) + 1 < node_count:
        tail.insert(0, (f"id{len(nodes) + len(tail)}", "Identity", {}))
    tail.append(("loss", "CrossEntropyLoss", {}))
    for node_id, layer, params in tail:
        nodes.append({"id": node_id, "type": layer, "params": params})
        edges.append({"source": last, "target": node_id})
        last = node_id
    return {"format": "netcanvas/graph@1", "name": "bench", "nodes": nodes, "edges": edges}


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm caches (pydantic validators, imports)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    text = json.dumps(residual_cnn(args.nodes))
    result = validate(load_graph(json.loads(text)))
    assert result.valid, result.errors[:3]
    assert len(result.nodes) == args.nodes

    def baseline() -> Graph:
        return Graph.model_validate(json.loads(text))

    def full() -> object:
        return validate(load_graph(json.loads(text)))

    parse = median_ms(baseline, args.repeat)
    total = median_ms(full, args.repeat)
    print(
        f"graph: {args.nodes} nodes, {len(json.loads(text)['edges'])} edges, "
        f"{len(text) / 1024:.0f} KiB of JSON"
    )
    print(f"baseline (JSON → Graph model only): {parse:7.2f} ms")
    print(f"validate (JSON → answer):           {total:7.2f} ms  (target: under 50 ms)")
    print(f"ratio validate / baseline:          {total / parse:7.2f}x")


if __name__ == "__main__":
    main()
