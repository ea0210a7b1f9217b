"""Uses of units in validation: each `Unit` node analysed with its actual input shapes.

A use's body is the unit's nodes with `"$name"` arguments substituted, walked like a
graph (`_BodyWalk`, the validator's own walk) with the shapes fed to its `UnitInput`
ports. Bodies are cached by unit, arguments and input shapes, so the copies of a
repeated unit and the uses of one unit cost one walk each per distinct input. Errors
inside a body come back on the use node with the path in front (`in conv_block
(copy 2) › conv: ...`); `Units.reports` gives each unit's own view for the editor.
Work is bounded: at most MAX_INSTANCES layer instances once every use is expanded,
nesting at most MAX_DEPTH deep (unit_defs), and no more body walks than that.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .graph import FORMAT, Graph, UnitDef
from .issues import Issue, suggest, worded
from .layers import Shape
from .layers.base import fmt
from .layers.unit import UnitInputParams, UnitParams
from .topology import Wiring
from .unit_defs import MAX_DEPTH, Definitions, read_definitions, references, substitute
from .validation import Analysis, NodeReport, UnitReport, UnitUse, _Walk

MAX_INSTANCES = 100_000
MAX_DEFINITION_ERRORS = 5  # a use lists this many of its unit's definition errors
MAX_LIFTED = 20  # and this many errors from inside its body, so answers stay small


class _TooMuchWork(Exception):
    """More body walks than the bound allows: the use that started them is refused."""


@dataclass
class Body:
    """A unit's body analysed for one set of arguments and input shapes."""

    analysis: Analysis
    refs: dict[str, dict[str, str]]  # node -> parameter -> the argument it names

    @property
    def errors(self) -> list[Issue]:
        return self.analysis.result.errors


class Units:
    """The graph's unit definitions and the analysed bodies of their uses."""

    def __init__(self, graph: Graph) -> None:
        self.defs: Definitions = read_definitions(graph.units)
        self.bodies: dict[tuple[str, str, tuple[Shape, ...]], Body] = {}
        self.first: dict[str, Body] = {}  # each unit's first analysed body
        self.work = 0  # nodes walked in bodies, all together
        self.depth = 0  # how deep the walk in progress is, in units

    # ------------------------------------------------------------ a use

    def use(self, walk: _Walk, node: str, params: Any, shapes: list[Shape]) -> None:
        """Work out a Unit node: its shape and cost into the walk, or errors on the node."""
        assert isinstance(params, UnitParams)
        try:
            problems = self._use(walk, node, params, shapes)
        except _TooMuchWork:
            if self.depth:
                raise
            problems = [_too_large(node, params.unit)]
        walk.errors += problems

    def _use(self, walk: _Walk, node: str, p: UnitParams, shapes: list[Shape]) -> list[Issue]:
        problems = self._check_use(walk, node, p, len(shapes))
        if problems:
            return problems
        unit = self.defs.units[p.unit]
        values = {a.name: a.default for a in unit.arguments} | p.args
        copies, shape_in = [], shapes
        for copy in range(1, p.repeat + 1):
            body = self._body(unit, values, tuple(shape_in))
            if any(e.code == "unit.too_large" for e in body.errors):
                return [_too_large(node, p.unit)]  # the whole use is too large, not a part
            if body.errors:  # the unit's own view lists them all
                shown = body.errors[:MAX_LIFTED]
                return [_lift(e, node, p.unit, copy if p.repeat > 1 else 0, body) for e in shown]
            output = body.analysis.output
            out = body.analysis.shapes[output] if output else None
            if out is None:
                return [Issue.of("unit.no_output", node=node, unit=p.unit)]
            if p.share_weights and p.repeat > 1 and out != shape_in[0]:
                field = "share_weights"
                return [
                    Issue.of(
                        "unit.share_shape",
                        node=node,
                        field=field,
                        output=fmt(out),
                        input=fmt(shape_in[0]),
                    )
                ]
            copies.append(body.analysis)
            shape_in = [out]
        return self._report(walk, node, p, copies, values)

    def _check_use(self, walk: _Walk, node: str, p: UnitParams, count: int) -> list[Issue]:
        if p.unit not in self.defs.units:
            hint = suggest(p.unit, self.defs.units)
            return [Issue.of("unit.unknown", node=node, field="unit", unit=p.unit, suggestion=hint)]
        if self.defs.broken(p.unit):
            return [
                Issue.of("unit.definition", node=node, field="unit", unit=p.unit, inner=_nested(e))
                for e in self.defs.errors[p.unit][:MAX_DEFINITION_ERRORS]
            ]
        unit = self.defs.units[p.unit]
        names = [a.name for a in unit.arguments]
        problems = [
            Issue.of(
                "unit.unknown_argument",
                node=node,
                field="args",
                unit=p.unit,
                argument=name,
                suggestion=suggest(name, names),
            )
            for name in p.args
            if name not in names
        ]
        if walk.in_unit and p.shared_as:  # the compiler shares main-canvas uses only
            problems.append(
                Issue.of("unit.shared_in_unit", node=node, field="shared_as", name=p.shared_as)
            )
        if not walk.in_unit:  # on the main canvas, no argument is there to pass on
            problems += [
                Issue.of(
                    "param.argument_outside_unit",
                    node=node,
                    field="args",
                    param=f"args.{key}",
                    argument=value[1:],
                )
                for key, value in p.args.items()
                if isinstance(value, str) and value.startswith("$")
            ]
        problems += self._port_problems(walk, node, p, count)
        if self.depth + self.defs.nest[p.unit] > MAX_DEPTH:
            path = " › ".join(self.defs.deepest[p.unit])
            problems.append(Issue.of("unit.too_deep", node=node, limit=MAX_DEPTH, path=path))
        return problems

    def _port_problems(self, walk: _Walk, node: str, p: UnitParams, count: int) -> list[Issue]:
        """Whether the use's inputs fit its unit's UnitInput ports (none: it takes no inputs)."""
        ports = self.defs.ports[p.unit]
        highest = _highest_ports(walk).get(node, -1)
        if ports == 0 and (count > 0 or highest >= 0):
            return [Issue.of("unit.no_input", node=node, unit=p.unit, count=count)]
        problems: list[Issue] = []
        if highest >= ports:  # the unit has no such input
            problems.append(
                Issue.of(
                    "port.missing",
                    node=node,
                    field="target_port",
                    port=highest,
                    type="Unit",
                    ports=_ports(ports),
                )
            )
        if p.repeat > 1 and ports != 1:
            problems.append(
                Issue.of("unit.repeat_ports", node=node, field="repeat", unit=p.unit, count=ports)
            )
        elif count != ports:
            problems.append(
                Issue.of("unit.inputs", node=node, unit=p.unit, ports=_ports(ports), count=count)
            )
        return problems

    def _report(
        self, walk: _Walk, node: str, p: UnitParams, copies: list[Analysis], values: dict[str, Any]
    ) -> list[Issue]:
        instances = sum(c.instances for c in copies)
        if instances > MAX_INSTANCES or (
            not self.depth and walk.instances + instances > MAX_INSTANCES
        ):
            return [_too_large(node, p.unit)]
        shared = p.share_weights and p.repeat > 1
        counted = copies[:1] if shared or p.repeat == 1 else copies
        output = copies[-1].output
        assert output is not None
        walk.instances += instances
        walk.shapes[node] = copies[-1].shapes[output]
        walk.reports[node] = NodeReport(
            output_shape=list(walk.shapes[node]),
            params=sum(c.result.total_params for c in counted),
            macs=sum(c.result.total_macs for c in copies),
            summary=walk.summaries[node],
        )
        description = self.defs.units[p.unit].description or ""
        walk.uses[node] = UnitUse(p.unit, copies, shared, values, description)
        return []

    # ------------------------------------------------------------ a body

    def _body(self, unit: UnitDef, values: dict[str, Any], shapes: tuple[Shape, ...]) -> Body:
        key = (unit.name, repr(sorted(values.items())), shapes)
        if key not in self.bodies:
            self.work += len(unit.nodes)
            if self.work > MAX_INSTANCES:
                raise _TooMuchWork
            self.bodies[key] = self._walk_body(unit, values, shapes)
            self.first.setdefault(unit.name, self.bodies[key])
        return self.bodies[key]

    def _walk_body(
        self, unit: UnitDef, values: dict[str, Any], shapes: tuple[Shape, ...] | None
    ) -> Body:
        nodes = [substitute(n, values) for n in unit.nodes]
        graph = Graph.model_construct(format=FORMAT, name=unit.name, nodes=nodes, edges=unit.edges)  # type: ignore[arg-type]
        refs = {n.id: references(n) for n in unit.nodes if references(n)}
        self.depth += 1
        try:
            return Body(_BodyWalk(graph, self, shapes).run(), refs)
        finally:
            self.depth -= 1

    # ------------------------------------------------------------ the answer's `units`

    def reports(self) -> dict[str, UnitReport]:
        """Each unit from inside: its first use's body, or the example shapes without a use."""
        reports = {}
        for name, unit in self.defs.units.items():
            body = self.first.get(name)
            if body is None and not self.defs.broken(name):
                values = {a.name: a.default for a in unit.arguments}
                try:
                    body = self._walk_body(unit, values, None)
                except _TooMuchWork:
                    body = None
            inner = body.analysis.result if body else None
            reports[name] = UnitReport(
                nodes=inner.nodes if inner else {},
                errors=[*self.defs.errors.get(name, []), *(inner.errors if inner else [])],
                warnings=inner.warnings if inner else [],
            )
        return reports


class _BodyWalk(_Walk):
    """The validator's walk over a unit's body: UnitInput ports take the given shapes (or
    their example shape), the UnitOutput's value is the output, no Input or loss."""

    in_unit = True

    def __init__(self, graph: Graph, units: Units, shapes: tuple[Shape, ...] | None) -> None:
        super().__init__(graph, units)
        self.given = shapes

    def _place(self, node_id: str, layer: Any) -> None:
        pass  # UnitInput and UnitOutput belong here; Input and losses are definition errors

    def _infer(self, node: str, sources: list[str]) -> None:
        params = self.params.get(node)
        if not isinstance(params, UnitInputParams):
            super()._infer(node, sources)
            return
        if self.given is not None:
            shape = self.given[params.port] if params.port < len(self.given) else None
        else:
            shape = tuple(params.shape) if params.shape else None
        if shape is not None:
            self.shapes[node] = shape
            self.reports[node] = NodeReport(
                output_shape=list(shape), params=0, macs=0, summary=self.summaries.get(node)
            )

    def _graph_checks(self, wiring: Wiring, order: list[str]) -> tuple[str | None, str | None]:
        outputs = [n for n, layer in self.layers.items() if layer and layer.type == "UnitOutput"]
        return (outputs[0] if len(outputs) == 1 else None), None


def _ports(count: int) -> dict[str, Any]:
    from .layers import Ports

    return Ports(count, count).message()


def _highest_ports(walk: _Walk) -> dict[str, int]:
    """Each node's highest `target_port`, worked out once per walk."""
    table: dict[str, int] | None = getattr(walk, "_unit_ports", None)
    if table is None:
        table = {}
        for edge in walk.graph.edges:
            if edge.target_port is not None:
                table[edge.target] = max(table.get(edge.target, -1), edge.target_port)
        setattr(walk, "_unit_ports", table)  # noqa: B010 (the walk's class does not declare it)
    return table


def _nested(issue: Issue) -> dict[str, Any]:
    return {"code": issue.code, "params": issue.params}


def _too_large(node: str, unit: str) -> Issue:
    return Issue.of("unit.too_large", node=node, field="repeat", unit=unit, limit=MAX_INSTANCES)


def _lift(issue: Issue, node: str, unit: str, copy: int, body: Body) -> Issue:
    """An error inside a use's body, on the use node with the path in front."""
    inner = issue.node or ""
    step = {"unit": unit, "node": inner, "copy": copy}
    params = {
        **issue.params,
        "unit_path": [step, *issue.params.get("unit_path", [])],
        "unit_node": inner,
        "copy": copy,
    }
    params.setdefault("unit", unit)
    argument = body.refs.get(inner, {}).get(issue.field or "")
    field = "args" if argument else None
    return Issue(
        node=node, field=field, code=issue.code, params=params, message=worded(issue.code, params)
    )
