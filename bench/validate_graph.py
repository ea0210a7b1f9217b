"""Benchmark: validating graphs of 1,000 and 10,000 nodes as `POST /api/graphs/validate` does.

Measures the median time of the route's work (`backend.routes.graphs.validated`:
JSON body → graph model → validate) on residual CNNs of 1,000 and 10,000 nodes,
side by side with a baseline that only parses the same JSON into the pydantic
`Graph` model (`json.loads`, then `Graph.model_validate`), the two alternating in
one loop: the ratio says how much validation (parameters, wiring, cycles, shapes,
costs) adds on top of reading the file. The time per node at the largest size over
that at the smallest says whether the time grows linearly with the graph (1.00× when
it does); the sizes take turns within each round too (a 1,000-node graph ten times
for each 10,000-node run), so that a change of load between them does not pass for
a change of slope. `json.loads` alone on the same body, with the collector paused as
validation pauses it, is timed with them and its time per node printed beside: how
the cost of building that many Python objects grows on this machine, a reference for
how much of validation's slope is the memory's rather than the code's.

`--clock cpu` times each run by the process's CPU time (`time.process_time`) instead of
the wall clock: on a machine loaded several times over, a 10,000-node run is descheduled
midway so often that wall times measure the neighbours.

    .venv/bin/python bench/validate_graph.py [--nodes 1000 10000] [--repeat 50] [--clock cpu]
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

from backend.routes.graphs import validated
from netcanvas.gcpause import gc_paused
from netcanvas.graph import Graph

TARGET_MS = {1000: 20.0, 10000: 250.0}  # issue 12: under 20 ms and under 250 ms
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
clock = CLOCKS["wall"]


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


def cases(node_count: int) -> dict[str, Callable[[], object]]:
    """The baseline and the validation of a residual CNN of `node_count` nodes."""
    body = json.dumps(residual_cnn(node_count)).encode()
    result = validated(body, "en")
    assert result.valid, result.errors[:3]
    assert len(result.nodes) == node_count

    def baseline() -> Graph:
        return Graph.model_validate(json.loads(body))

    def full() -> object:
        return validated(body, "en")

    def decode() -> object:
        with gc_paused():
            return json.loads(body)

    return {"baseline": baseline, "validate": full, "decode": decode}


def medians_ms(sizes: list[int], rounds: int) -> dict[int, dict[str, float]]:
    """The median time (ms) of each size's baseline and validation. Everything takes turns:
    each round runs every size, a smaller one as many times as it takes to do as many nodes
    as the largest once, each run's baseline and validation one after the other; so the
    sizes, whose times per node are compared, see the same machine too."""
    runs = {n: cases(n) for n in sizes}
    for by_name in runs.values():
        for run in by_name.values():
            run()  # warm caches (pydantic validators, imports)
    times: dict[int, dict[str, list[float]]] = {n: {name: [] for name in runs[n]} for n in sizes}
    for _ in range(rounds):
        for n, by_name in runs.items():
            for _ in range(max(1, sizes[-1] // n)):
                for name, run in by_name.items():
                    start = clock()
                    run()
                    times[n][name].append(clock() - start)
    return {
        n: {name: statistics.median(values) * 1000 for name, values in by_name.items()}
        for n, by_name in times.items()
    }


def report(node_count: int, times: dict[str, float]) -> None:
    graph = residual_cnn(node_count)
    size = len(json.dumps(graph).encode())
    target = TARGET_MS.get(node_count)
    print(
        f"{node_count:>6} {len(graph['edges']):>6} {size / 1024:>6.0f} KiB"
        f" {times['baseline']:>9.2f} ms {times['validate']:>9.2f} ms"
        f" {times['validate'] / times['baseline']:>6.2f}x"
        f" {times['validate'] * 1000 / node_count:>7.1f} µs"
        + (f"   (target: under {target:.0f} ms)" if target else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--repeat", type=int, default=50, help="runs at 1,000 nodes; proportionally fewer above"
    )
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall")
    args = parser.parse_args()
    global clock
    clock = CLOCKS[args.clock]
    print(f"{args.clock} clock")
    sizes = sorted(args.nodes)
    print(" nodes  edges   JSON      baseline      validate  ratio  per node")
    print("                         JSON → Graph  JSON → answer")
    measured = medians_ms(sizes, max(10, args.repeat * 1000 // max(sizes[-1], 1000)))
    for n in sizes:
        report(n, measured[n])
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        per_node = {
            name: (measured[large][name] / large) / (measured[small][name] / small)
            for name in ("baseline", "validate", "decode")
        }
        print(
            f"time per node, {large} over {small} nodes (1.00x is linear):"
            f" validate {per_node['validate']:.2f}x, baseline {per_node['baseline']:.2f}x,"
            f" json.loads alone {per_node['decode']:.2f}x"
        )


if __name__ == "__main__":
    main()
