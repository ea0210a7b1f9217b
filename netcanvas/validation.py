"""Validation: one walk over the graph in dependency order gives shapes, costs and problems.

`analyse` is shared by `POST /api/graphs/validate`, `netcanvas validate` and
the compiler: the compiler builds exactly what validation checked. An invalid
graph is a normal answer (`valid: false`) with errors naming nodes; only a
document that is not a graph at all raises (`GraphFormatError`, from loading).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from . import heads as multi
from .gcpause import gc_paused
from .graph import Graph
from .issues import Issue, localise, param_issues, suggest
from .layers import LAYERS, Layer, LayerParams, Shape, ShapeError, summarise
from .layers.base import fmt
from .topology import Wiring, find_cycles, topological_order, wire
from .unit_defs import references
from .weight_fit import signatures

log = logging.getLogger(__name__)

# Public attributes of a torch.nn.Module instance: a node id equal to one would
# clash with the module the compiler registers under that id (tests/torch
# checks this list against PyTorch).
RESERVED_IDS = frozenset(
    [
        "T_destination",
        "add_module",
        "apply",
        "bfloat16",
        "buffers",
        "call_super_init",
        "children",
        "compile",
        "cpu",
        "cuda",
        "double",
        "dump_patches",
        "eval",
        "extra_repr",
        "float",
        "forward",
        "get_buffer",
        "get_extra_state",
        "get_parameter",
        "get_submodule",
        "half",
        "ipu",
        "load_state_dict",
        "modules",
        "mtia",
        "named_buffers",
        "named_children",
        "named_modules",
        "named_parameters",
        "parameters",
        "register_backward_hook",
        "register_buffer",
        "register_forward_hook",
        "register_forward_pre_hook",
        "register_full_backward_hook",
        "register_full_backward_pre_hook",
        "register_load_state_dict_post_hook",
        "register_load_state_dict_pre_hook",
        "register_module",
        "register_parameter",
        "register_state_dict_post_hook",
        "register_state_dict_pre_hook",
        "requires_grad_",
        "set_extra_state",
        "set_submodule",
        "share_memory",
        "state_dict",
        "to",
        "to_empty",
        "train",
        "training",
        "type",
        "xpu",
        "zero_grad",
    ]
)


MAX_LISTED = 500  # errors (and warnings) an answer lists; one more issue counts the rest
MAX_PATH = 12  # nodes a cycle's path names


def cycle_path(cycle: list[str]) -> str:
    """`a → b → c → a`; a long cycle names its first nodes and its size, so that every
    node's error stays short and an answer grows with the graph, not with its square."""
    if len(cycle) <= MAX_PATH + 1:
        return " → ".join(cycle)
    shown = " → ".join(cycle[:MAX_PATH])
    return f"{shown} → … → {cycle[0]} ({len(cycle) - 1} nodes)"


def listed(issues: list[Issue], more: str) -> list[Issue]:
    """The first MAX_LISTED issues, and one that says how many more there are."""
    if len(issues) <= MAX_LISTED:
        return issues
    return [*issues[:MAX_LISTED], Issue.of(more, count=len(issues) - MAX_LISTED)]


MACS_HELP = (
    "Multiply-accumulates of one sample's forward pass, as fvcore, ptflops and thop count "
    "them: the weight products of a matmul or convolution (a Linear's in × out), bias adds "
    "not counted; one per element for normalisation, average pooling and Multiply."
)


class NodeReport(BaseModel):
    """What validation learnt about one node; nulls where an error upstream hides it."""

    output_shape: list[int] | None = None
    params: int | None = None
    macs: int | None = Field(None, description=MACS_HELP)
    summary: str | None = None  # the layer's key parameters in one line ("16 @ 5×5")
    weights: str | None = Field(
        None,
        description='The shapes of its weights by key ("weight 16×1×3×3, bias 16"; a layer '
        "that does not tell them: its type and parameter count), as a start from an earlier "
        "job's weights (`init_from`) compares them node by node; null without weights.",
    )


class UnitReport(BaseModel):
    """One unit definition seen from inside: its own node ids, worked out with the shapes of
    its first use (or its UnitInput example shapes), and its definition errors."""

    nodes: dict[str, NodeReport] = Field(default_factory=dict)
    errors: list[Issue] = Field(default_factory=list)
    warnings: list[Issue] = Field(default_factory=list)

    def localised(self, lang: str) -> UnitReport:
        return self.model_copy(
            update={
                "errors": localise(self.errors, lang),
                "warnings": localise(self.warnings, lang),
            }
        )


class ValidationResult(BaseModel):
    """The validation answer of DESIGN.md."""

    valid: bool
    nodes: dict[str, NodeReport]
    total_params: int
    total_macs: int = Field(description=f"The nodes' `macs` summed. {MACS_HELP}")
    errors: list[Issue]
    warnings: list[Issue]
    units: dict[str, UnitReport] = Field(
        default_factory=dict, description="Per unit definition, by name (empty without units)."
    )

    def localised(self, lang: str) -> ValidationResult:
        """The same answer with every message in `lang`; the codes stay the same."""
        if lang == "en":
            return self
        return self.model_copy(
            update={
                "errors": localise(self.errors, lang),
                "warnings": localise(self.warnings, lang),
                "units": {name: unit.localised(lang) for name, unit in self.units.items()},
            }
        )


@dataclass
class UnitUse:
    """A `Unit` node as the compiler needs it: one analysed body per copy, in order."""

    unit: str
    copies: list[Analysis]
    shared: bool
    args: dict[str, Any]  # every argument's value: the use's, else the default
    description: str = ""  # the unit's, for model.py's docstring


@dataclass
class Analysis:
    """The answer plus what the compiler needs: parsed params, input order, shapes."""

    result: ValidationResult
    order: list[str] = field(default_factory=list)
    types: dict[str, str] = field(default_factory=dict)
    params: dict[str, LayerParams] = field(default_factory=dict)
    inputs: dict[str, list[str]] = field(default_factory=dict)
    shapes: dict[str, Shape] = field(default_factory=dict)
    uses: dict[str, UnitUse] = field(default_factory=dict)  # Unit nodes: what they run
    instances: int = 0  # layer instances once every use is expanded (netcanvas.units)
    output: str | None = None  # the node whose value the network returns: the primary head
    loss: str | None = None  # the primary loss: the first loss in node order
    losses: list[str] = field(default_factory=list)  # every loss, in node order
    heads: dict[str, str] = field(default_factory=dict)  # each loss's input node (its head)
    # several networks (netcanvas/networks.py): Unit nodes sharing parameters, by name; phases
    shared: dict[str, str] = field(default_factory=dict)
    phases: list[Any] = field(default_factory=list)

    @property
    def input_nodes(self) -> list[str]:
        """The Input nodes (the catalogue's role "input"), in dependency order."""
        return [n for n in self.order if LAYERS[self.types[n]].role == "input"]


def validate(graph: Graph) -> ValidationResult:
    """The validation answer for a loaded graph."""
    return analyse(graph).result


def analyse(graph: Graph) -> Analysis:
    from .units import Units  # it builds on this module's walk

    with gc_paused():  # see gcpause: collections would walk every node's objects again and again
        units = Units(graph)
        analysis = _Walk(graph, units).run()
        analysis.result.units = units.reports()
        from .networks import check_networks

        check_networks(graph, analysis)
        for node, weights in signatures(analysis).items():
            analysis.result.nodes[node].weights = weights
        return analysis


class _Walk:
    in_unit = (
        False  # a unit's body (netcanvas.units) says True: `"$name"` arguments are known there
    )

    def __init__(self, graph: Graph, units: Any) -> None:
        self.graph = graph
        self.units = units  # netcanvas.units.Units: the graph's unit definitions and uses
        self.uses: dict[str, UnitUse] = {}
        self.instances = 0
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []
        self.nodes: dict[str, Any] = {}
        self.layers: dict[str, Layer[Any] | None] = {}
        self.params: dict[str, LayerParams] = {}
        self.shapes: dict[str, Shape] = {}
        self.summaries: dict[str, str] = {}
        self.parsed: dict[tuple[str, str], tuple[LayerParams, str]] = {}
        self.reports: dict[str, NodeReport] = {}  # the nodes whose shape is known

    def run(self) -> Analysis:
        self._read_nodes()
        wiring = wire(self.graph, self.nodes, self.layers)
        self.errors += wiring.errors
        order, stuck = topological_order(wiring)
        for cycle in find_cycles(wiring, stuck):
            path = cycle_path(cycle)
            for node in cycle[:-1]:
                self.errors.append(Issue.of("graph.cycle", node=node, path=path))
        self._check_arity(wiring)
        for node in order:
            self._infer(node, wiring.inputs[node])
        output, loss = self._graph_checks(wiring, order)
        analysis = self._analysis(wiring, order, output, loss)
        analysis.losses = self._losses()
        analysis.heads = {n: wiring.inputs[n][0] for n in analysis.losses if wiring.inputs[n]}
        return analysis

    # ------------------------------------------------------------ nodes and params

    def _read_nodes(self) -> None:
        for node in self.graph.nodes:
            if node.id in self.nodes:
                self.errors.append(Issue.of("node.duplicate_id", node=node.id, field="id"))
                continue
            self.nodes[node.id] = node
            self._check_id(node.id)
            layer = LAYERS.get(node.type)
            self.layers[node.id] = layer
            self._place(node.id, layer)
            if layer is None:
                self.errors.append(
                    Issue.of(
                        "node.unknown_type",
                        node=node.id,
                        field="type",
                        type=node.type,
                        suggestion=suggest(node.type, LAYERS),
                    )
                )
                continue
            try:
                self.params[node.id], self.summaries[node.id] = self._parse(layer, node.params)
            except ValidationError as error:
                self.errors += self._param_errors(node, layer, error)

    def _param_errors(self, node: Any, layer: Layer[Any], error: ValidationError) -> list[Issue]:
        """The parameters' issues; on the main canvas, a `"$name"` value is an argument that only
        a unit has, and is named as such rather than as a value of the wrong kind."""
        issues = param_issues(node.id, error, layer.params.model_fields)
        refs = {} if self.in_unit else references(node)
        fields = {param.split(".")[0]: (param, name) for param, name in refs.items()}
        return [
            Issue.of(
                "param.argument_outside_unit",
                node=node.id,
                field=issue.field,
                param=fields[issue.field][0],
                argument=fields[issue.field][1],
            )
            if issue.field in fields
            else issue
            for issue in issues
        ]

    def _parse(self, layer: Layer[Any], raw: dict[str, Any]) -> tuple[LayerParams, str]:
        """The layer's parameters and their summary, worked out once per distinct value: nodes
        of one type with the same parameters (every ReLU, a block's repeated convolutions)
        share one frozen model. The parameters come from JSON, whose values `repr` tells apart
        (1, 1.0, True and "1" differ); parameters that are wrong raise for every node."""
        key = (layer.type, repr(raw))
        if key not in self.parsed:
            params = layer.params.model_validate(raw)
            self.parsed[key] = (params, summarise(layer, params))
        return self.parsed[key]

    def _place(self, node_id: str, layer: Layer[Any] | None) -> None:
        """UnitInput and UnitOutput belong inside a unit (the unit walk allows them)."""
        if layer is not None and layer.category == "unit" and layer.type != "Unit":
            self.errors.append(
                Issue.of("unit.outside", node=node_id, field="type", type=layer.type)
            )

    def _check_id(self, node_id: str) -> None:
        if "." in node_id or node_id.startswith("_") or node_id in RESERVED_IDS:
            self.errors.append(Issue.of("node.bad_id", node=node_id, field="id"))

    def _check_arity(self, wiring: Wiring) -> None:
        for node, layer in self.layers.items():
            count = len(wiring.inputs[node])
            if layer is None or layer.inputs.accepts(count):
                continue
            if count < layer.inputs.min:
                code = "node.too_few_inputs" if count == 0 else "node.few_inputs"
            else:
                code = "node.too_many_inputs"
            ports = layer.inputs.message()
            self.errors.append(Issue.of(code, node=node, ports=ports, count=count))

    # ------------------------------------------------------------ shapes and cost

    def _infer(self, node: str, sources: list[str]) -> None:
        layer, params = self.layers.get(node), self.params.get(node)
        if layer is None or params is None or not layer.inputs.accepts(len(sources)):
            return
        if any(s not in self.shapes for s in sources):
            return  # an error upstream already explains it
        shapes = [self.shapes[s] for s in sources]
        if layer.type == "Unit":  # worked out from the unit's body
            self.units.use(self, node, params, shapes)
            return
        self.instances += 1
        try:
            shape = layer.infer(params, shapes)
            cost = layer.cost(params, shapes, shape)
        except ShapeError as error:
            self.errors.append(Issue.of(error.code, node=node, field=error.field, **error.params))
            return
        except (ArithmeticError, ValueError, TypeError, IndexError) as error:
            log.exception("shape inference failed on %s", node)
            self.errors.append(Issue.of("node.infer_failed", node=node, text=str(error)))
            return
        self.shapes[node] = shape
        self.reports[node] = NodeReport(
            output_shape=list(shape),
            params=cost.params,
            macs=cost.macs,
            summary=self.summaries[node],
        )

    # ------------------------------------------------------------ whole-graph checks

    def _of_category(self, category: str) -> list[str]:
        return [n for n, layer in self.layers.items() if layer and layer.category == category]

    def _losses(self) -> list[str]:
        """Every loss in node order, except that losses comparing with no data
        (KLDivergenceLoss) come after the others: the primary loss is the first that has a
        target, so a VAE's reconstruction is its output wherever the KL node sits."""
        losses = self._of_category("loss")
        return sorted(losses, key=lambda n: getattr(self.layers[n], "target_kind", "") == "none")

    def _graph_checks(self, wiring: Wiring, order: list[str]) -> tuple[str | None, str | None]:
        inputs, losses = self._of_category("io"), self._losses()
        if not inputs:
            self.errors.append(Issue.of("graph.no_input"))
        stated = {n for n in inputs if "variable" in (self.nodes[n].params or {})}
        self.errors += multi.variable_clashes(inputs, self.params, stated)
        loss = losses[0] if losses else None  # the primary loss: the first in node order
        output: str | None = wiring.inputs[loss][0] if loss and wiring.inputs[loss] else None
        if not losses:
            output = self._lone_sink(wiring)
            self.warnings.append(Issue.of("graph.no_loss"))
        for each in losses:
            if wiring.inputs[each]:
                self._check_loss(each, wiring.inputs[each][0], inputs)
        layer = self.layers[loss] if loss else None
        if loss and layer is not None and layer.target_kind == "none":
            self.errors.append(Issue.of("loss.needs_data_loss", node=loss, loss=layer.type))
        if loss and output:
            self._warn_unused(wiring, losses)
        return output, loss

    def _lone_sink(self, wiring: Wiring) -> str | None:
        sinks = [n for n in self.nodes if not wiring.outputs[n] and wiring.inputs[n]]
        if len(sinks) > 1:
            self.warnings.append(Issue.of("graph.several_outputs", sinks=", ".join(sinks)))
        return sinks[0] if len(sinks) == 1 else None

    def _check_loss(self, loss: str, output: str, inputs: list[str]) -> None:
        layer, loss_layer = self.layers[output], self.layers[loss]
        assert loss_layer is not None
        if layer is not None and layer.type in loss_layer.applies:
            self.warnings.append(
                Issue.of(
                    "loss.softmax_before_cross_entropy",
                    node=output,
                    loss=loss_layer.type,
                    activation=layer.type.lower(),
                )
            )
        end = _unit_end(self.uses, output)
        if end is not None and end[1] in loss_layer.applies:
            steps, kind = end
            self.warnings.append(
                Issue.of(
                    "loss.softmax_in_unit_before_cross_entropy",
                    node=output,
                    loss=loss_layer.type,
                    activation=kind.lower(),
                    unit_path=steps,
                    unit=steps[0]["unit"],
                    unit_node=steps[0]["node"],
                    copy=steps[0]["copy"],
                )
            )
        if loss_layer.expects_probabilities and layer is not None and not layer.probabilities:
            self.warnings.append(Issue.of("loss.bce_needs_sigmoid", node=loss))
        target = multi.target_of(self.params.get(loss))
        if not target.startswith("input") or output not in self.shapes:
            return
        source = multi.target_input(target, inputs, self.params)
        if source is None and target != "input":
            self.errors.append(
                Issue.of("loss.target_no_input", node=loss, field="target", target=target)
            )
        elif source is None or source not in self.shapes:
            self.errors.append(Issue.of("loss.target_needs_input", node=loss, field="target"))
        elif self.shapes[source] != self.shapes[output]:
            self.errors.append(
                Issue.of(
                    "loss.target_shape",
                    node=loss,
                    field="target",
                    output=output,
                    output_shape=fmt(self.shapes[output]),
                    input_shape=fmt(self.shapes[source]),
                )
            )

    def _warn_unused(self, wiring: Wiring, losses: list[str]) -> None:
        """Nodes that don't lead to a loss do nothing in training."""
        used, frontier = set(losses), list(losses)
        loss = ", ".join(losses)
        while frontier:
            for source in wiring.inputs[frontier.pop()]:
                if source not in used:
                    used.add(source)
                    frontier.append(source)
        for node in self.nodes:
            if node not in used:
                self.warnings.append(Issue.of("graph.unused", node=node, loss=loss))

    # ------------------------------------------------------------ the answer

    def _analysis(
        self, wiring: Wiring, order: list[str], output: str | None, loss: str | None
    ) -> Analysis:
        # one report per node id, in the graph's order; a node whose shape is unknown has
        # its summary at most
        reports = {
            n: self.reports.get(n) or NodeReport(summary=self.summaries.get(n)) for n in self.nodes
        }
        result = ValidationResult(
            valid=not self.errors,
            nodes=reports,
            total_params=sum(r.params or 0 for r in self.reports.values()),
            total_macs=sum(r.macs or 0 for r in self.reports.values()),
            errors=listed(self.errors, "graph.more_errors"),
            warnings=listed(self.warnings, "graph.more_warnings"),
        )
        return Analysis(
            result=result,
            order=order,
            types={n: node.type for n, node in self.nodes.items()},
            params=self.params,
            inputs=wiring.inputs,
            shapes=self.shapes,
            output=output,
            loss=loss,
            uses=self.uses,
            instances=self.instances,
        )


def _unit_end(uses: dict[str, UnitUse], node: str) -> tuple[list[dict[str, Any]], str] | None:
    """For a `Unit` node, the layer its value comes out of (through nested uses, the last
    copy's): the path to it (`unit_path` steps, outermost first) and its type; else None."""
    steps: list[dict[str, Any]] = []
    kind = None
    while node in uses:
        use = uses[node]
        body = use.copies[-1]
        if body.output is None or not body.inputs.get(body.output):
            return None
        node = body.inputs[body.output][0]  # what feeds the UnitOutput
        copy = len(use.copies) if len(use.copies) > 1 else 0
        steps.append({"unit": use.unit, "node": node, "copy": copy})
        kind, uses = body.types.get(node), body.uses
    return (steps, kind) if steps and kind else None
