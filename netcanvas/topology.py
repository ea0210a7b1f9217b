"""The wiring of a graph: which edges are usable, input order per node, and cycles.

Everything here is iterative, so a graph of thousands of nodes in one long
chain needs no deep recursion.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from typing import Any

from .graph import Graph
from .issues import Issue
from .layers import Layer


@dataclass
class Wiring:
    """Usable edges as per-node ordered inputs and outputs, plus the problems found."""

    inputs: dict[str, list[str]] = field(default_factory=dict)  # node -> sources, in port order
    outputs: dict[str, list[str]] = field(default_factory=dict)  # node -> targets
    errors: list[Issue] = field(default_factory=list)


def wire(graph: Graph, nodes: dict[str, Any], layers: dict[str, Layer[Any] | None]) -> Wiring:
    """Check each edge and order every node's inputs by `target_port`.

    Edges without a port come after those with one, in the order they are listed; only the
    inputs of a node that has an edge on a port need sorting (an `Add`'s), and the others
    keep the order they are met in, with no sort and no tuple per edge."""
    wiring = Wiring(inputs={n: [] for n in nodes}, outputs={n: [] for n in nodes})
    inputs, outputs = wiring.inputs, wiring.outputs
    ported: dict[str, list[tuple[int, int, str]]] = {}  # nodes with an edge on a port
    for index, edge in enumerate(graph.edges):
        source, target = edge.source, edge.target
        problem = _edge_problem(source, target, nodes, layers)
        if problem:
            node, code = problem
            wiring.errors.append(
                Issue.of(
                    code,
                    node=node,
                    edge=index,
                    source=source,
                    target=target,
                    type=_type(layers, target),
                )
            )
            continue
        if edge.target_port is not None:
            ported.setdefault(target, [])
        inputs[target].append(source)
        outputs[source].append(target)
    if ported:  # their entries again, with each edge's port and index, to sort
        for index, edge in enumerate(graph.edges):
            entries = ported.get(edge.target)
            if (
                entries is not None
                and _edge_problem(edge.source, edge.target, nodes, layers) is None
            ):
                order = edge.target_port if edge.target_port is not None else 1_000_000 + index
                entries.append((order, index, edge.source))
    for node in [n for n in nodes if n in ported] if ported else []:  # in node order
        entries = ported[node]
        entries.sort()
        wiring.errors += _port_problems(node, entries, layers.get(node))
        inputs[node] = [source for _, _, source in entries]
    return wiring


def _edge_problem(
    source: str, target: str, nodes: dict[str, Any], layers: dict[str, Layer[Any] | None]
) -> tuple[str | None, str] | None:
    """The node to blame and the message code, or None for a usable edge."""
    if source not in nodes and target not in nodes:
        return None, "edge.no_nodes"
    if source not in nodes:
        return target, "edge.no_source"
    if target not in nodes:
        return source, "edge.no_target"
    if source == target:
        return source, "edge.self"
    source_layer, target_layer = layers.get(source), layers.get(target)
    if source_layer is not None and source_layer.category == "loss":
        return source, "edge.from_loss"
    if target_layer is not None and target_layer.inputs.max == 0:
        return target, "edge.into_source"
    return None


def _type(layers: dict[str, Layer[Any] | None], node: str) -> str:
    layer = layers.get(node)
    return layer.type if layer is not None else ""


def _port_problems(
    node: str, entries: list[tuple[int, int, str]], layer: Layer[Any] | None
) -> list[Issue]:
    problems = []
    seen: dict[int, int] = {}
    for order, index, _ in entries:
        if order >= 1_000_000:
            continue
        if order in seen:
            problems.append(
                Issue.of(
                    "port.twice",
                    node=node,
                    edge=index,
                    field="target_port",
                    port=order,
                    first=seen[order],
                )
            )
        seen[order] = index
        if layer is not None and layer.inputs.max is not None and order >= layer.inputs.max:
            problems.append(
                Issue.of(
                    "port.missing",
                    node=node,
                    edge=index,
                    field="target_port",
                    port=order,
                    type=layer.type,
                    ports=layer.inputs.message(),
                )
            )
    return problems


def topological_order(wiring: Wiring) -> tuple[list[str], set[str]]:
    """Kahn's algorithm: nodes in dependency order, and the nodes left over by cycles."""
    # a source feeding a node twice (Add(x, x)) counts once; most nodes have one input
    pending = {
        node: len(sources) if len(sources) < 2 else len(set(sources))
        for node, sources in wiring.inputs.items()
    }
    ready = deque(node for node, count in pending.items() if count == 0)
    order = []
    outputs = wiring.outputs
    while ready:
        node = ready.popleft()
        order.append(node)
        targets = outputs[node]
        for target in targets if len(targets) < 2 else dict.fromkeys(targets):
            pending[target] -= 1
            if pending[target] == 0:
                ready.append(target)
    return order, set(wiring.inputs) - set(order)


def find_cycles(wiring: Wiring, stuck: set[str]) -> list[list[str]]:
    """Strongly connected groups among `stuck` nodes that loop, each as one cycle path."""
    cycles = []
    for group in _strongly_connected(wiring, stuck):
        if len(group) > 1:
            cycles.append(_one_cycle(wiring, group))
    return cycles


def _strongly_connected(wiring: Wiring, nodes: set[str]) -> list[set[str]]:
    """Tarjan's algorithm without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    counter = 0
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter([t for t in wiring.outputs[root] if t in nodes]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter([t for t in wiring.outputs[child] if t in nodes])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                groups.append(group)
    return groups


def _one_cycle(wiring: Wiring, group: set[str]) -> list[str]:
    """Walk inside the group until a node repeats; the loop walked is a cycle."""
    path: list[str] = []
    position: dict[str, int] = {}
    node = min(group)
    while node not in position:
        position[node] = len(path)
        path.append(node)
        node = next(t for t in wiring.outputs[node] if t in group)
    return [*path[position[node] :], node]


def ancestors(
    targets: Iterable[str],
    inputs_of: Callable[[str], Iterable[str]],
    stop: Container[str] = (),
) -> set[str]:
    """The targets and every node they are computed from, found through `inputs_of`; a node
    in `stop` is kept but not looked past (its value is given)."""
    needed = set(targets)
    frontier = list(needed)
    while frontier:
        node = frontier.pop()
        if node in stop:
            continue
        for source in inputs_of(node):
            if source not in needed:
                needed.add(source)
                frontier.append(source)
    return needed
