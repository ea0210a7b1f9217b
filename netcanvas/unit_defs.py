"""Unit definitions on their own: names, arguments, ends, cycles and nesting depth.

Everything here is worked out once per graph from the definitions alone, before any
use is analysed (`netcanvas.units` does that with the actual input shapes). A unit
with a definition error is not analysed for its uses: each use reports the error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .graph import Node, UnitDef
from .issues import Issue
from .layers import LAYERS
from .topology import Wiring, find_cycles, topological_order

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
MAX_DEPTH = 8  # units nest at most this deep


@dataclass
class Definitions:
    """The graph's units by name (the first of a duplicated name), with what is wrong."""

    units: dict[str, UnitDef] = field(default_factory=dict)
    errors: dict[str, list[Issue]] = field(default_factory=dict)  # definition errors by unit
    ports: dict[str, int] = field(default_factory=dict)  # how many inputs each unit takes
    nest: dict[str, int] = field(default_factory=dict)  # 1 + the deepest unit it uses
    deepest: dict[str, list[str]] = field(default_factory=dict)  # that nesting, as names

    def broken(self, name: str) -> bool:
        return bool(self.errors.get(name))


def read_definitions(units: list[UnitDef] | None) -> Definitions:
    defs = Definitions()
    for unit in units or []:
        errors = defs.errors.setdefault(unit.name, [])
        if unit.name in defs.units:
            errors.append(Issue.of("unit.duplicate_name", field="name", unit=unit.name))
            continue
        defs.units[unit.name] = unit
        if not IDENTIFIER.match(unit.name):
            errors.append(Issue.of("unit.bad_name", field="name", unit=unit.name))
        errors += _argument_errors(unit) + _node_errors(unit)
        count, port_errors = _ports(unit)
        defs.ports[unit.name] = count
        errors += port_errors
    _check_uses(defs)
    return defs


def _argument_errors(unit: UnitDef) -> list[Issue]:
    errors, seen = [], set()
    for argument in unit.arguments:
        if not IDENTIFIER.match(argument.name):
            errors.append(
                Issue.of(
                    "unit.bad_argument_name",
                    field="arguments",
                    unit=unit.name,
                    argument=argument.name,
                )
            )
        elif argument.name in seen:
            errors.append(
                Issue.of(
                    "unit.duplicate_argument",
                    field="arguments",
                    unit=unit.name,
                    argument=argument.name,
                )
            )
        seen.add(argument.name)
    return errors


def _node_errors(unit: UnitDef) -> list[Issue]:
    errors = []
    names = {a.name for a in unit.arguments}
    outputs = [n.id for n in unit.nodes if n.type == "UnitOutput"]
    if not outputs:
        errors.append(Issue.of("unit.no_output", unit=unit.name))
    elif len(outputs) > 1:
        nodes = ", ".join(outputs)
        for output in outputs:
            errors.append(
                Issue.of(
                    "unit.several_outputs",
                    node=output,
                    unit=unit.name,
                    count=len(outputs),
                    nodes=nodes,
                )
            )
    for node in unit.nodes:
        layer = LAYERS.get(node.type)
        if layer is not None and layer.role in ("input", "loss"):
            errors.append(
                Issue.of("unit.forbidden_node", node=node.id, unit=unit.name, type=node.type)
            )
        elif node.type == "RandomNoise":  # a node of the main graph (GRAPH_UNITS_AND_NETWORKS §3)
            errors.append(Issue.of("unit.noise_inside", node=node.id, unit=unit.name))
        for param, argument in references(node).items():
            if argument not in names:
                errors.append(
                    Issue.of(
                        "unit.undefined_reference",
                        node=node.id,
                        field=param.split(".")[0],
                        unit=unit.name,
                        param=param,
                        argument=argument,
                    )
                )
    return errors


def _argument(value: Any) -> str | None:
    return value[1:] if isinstance(value, str) and value.startswith("$") else None


def references(node: Node) -> dict[str, str]:
    """The node's parameters whose whole value is `"$name"`, and the names; a Unit node's
    `args` values may be `"$name"` too (`args.channels`), to pass an argument on."""
    refs = {key: name for key, value in node.params.items() if (name := _argument(value))}
    args = node.params.get("args") if node.type == "Unit" else None
    if isinstance(args, dict):
        refs |= {f"args.{key}": name for key, value in args.items() if (name := _argument(value))}
    return refs


def substitute(node: Node, values: dict[str, Any]) -> Node:
    """The node with every `"$name"` naming a known argument replaced by its value."""
    refs = references(node)
    if not any(name in values for name in refs.values()):
        return node

    def value_of(key: str, value: Any) -> Any:
        return values[refs[key]] if refs.get(key) in values else value

    params = {key: value_of(key, value) for key, value in node.params.items()}
    if isinstance(params.get("args"), dict) and node.type == "Unit":
        params["args"] = {k: value_of(f"args.{k}", v) for k, v in params["args"].items()}
    return Node.model_construct(id=node.id, type=node.type, params=params, ui=None)


def _ports(unit: UnitDef) -> tuple[int, list[Issue]]:
    """How many inputs the unit takes; UnitInput ports must be 0..n-1, each once."""
    ports: list[int] = []
    errors = []
    for node in unit.nodes:
        if node.type != "UnitInput":
            continue
        port = node.params.get("port", 0)
        if not isinstance(port, int) or isinstance(port, bool):
            continue  # the body's parameter check names it
        if port in ports:
            errors.append(Issue.of("unit.port_twice", node=node.id, unit=unit.name, port=port))
        ports.append(port)
    count = len(set(ports))
    for port in range(count):
        if port not in ports:
            errors.append(Issue.of("unit.port_gap", unit=unit.name, port=port, last=count - 1))
            break
    return count, errors


def used_units(unit: UnitDef) -> list[str]:
    names = (n.params.get("unit") for n in unit.nodes if n.type == "Unit")
    return list(dict.fromkeys(n for n in names if isinstance(n, str)))


def _check_uses(defs: Definitions) -> None:
    """Cycles of units are errors; every other unit gets its nesting depth."""
    names = list(defs.units)
    wiring = Wiring(inputs={n: [] for n in names}, outputs={n: [] for n in names})
    for name, unit in defs.units.items():
        for used in used_units(unit):
            if used == name:
                path = f"{name} → {name}"
                defs.errors[name].append(
                    Issue.of("unit.cycle", field="nodes", unit=name, path=path)
                )
            elif used in defs.units:  # the used unit comes first in dependency order
                wiring.inputs[name].append(used)
                wiring.outputs[used].append(name)
    order, stuck = topological_order(wiring)
    for cycle in find_cycles(wiring, stuck):
        path = " → ".join(reversed(cycle))
        for name in cycle[:-1]:
            defs.errors[name].append(Issue.of("unit.cycle", field="nodes", unit=name, path=path))
    for name in order:
        deepest = max(wiring.inputs[name], key=lambda u: defs.nest[u], default=None)
        defs.nest[name] = 1 + (defs.nest[deepest] if deepest else 0)
        defs.deepest[name] = [name, *(defs.deepest[deepest] if deepest else [])]
    for name in stuck:  # in a cycle (an error above) or using one (its body says so)
        defs.nest[name] = 1
        defs.deepest[name] = [name]
