"""Several networks trained together (docs/GRAPH_UNITS_AND_NETWORKS.md §3), torch-free.

Two checks on a graph that validation has walked:

- Shared parameters: `Unit` nodes with the same `params.shared_as` name use one set of
  parameters, registered under that name (`D.conv.weight`). Every use of a name must use
  the same unit with the same arguments and the same input shapes, and the name may not
  be a node id (the two share one namespace: a phase `updates` either).
- Phases (`training.phases`): each names loss nodes and the nodes or `shared_as` names
  its optimizer updates; an unknown one is an error naming the phase, a loss in no
  phase a warning (it would never train).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .graph import Graph
from .issues import Issue
from .layers.base import fmt

if TYPE_CHECKING:
    from .validation import Analysis


def shared_names(analysis: Analysis) -> dict[str, str]:
    """Each `Unit` node that shares its parameters, with its `shared_as` name."""
    return {
        node: name
        for node in analysis.order
        if analysis.types.get(node) == "Unit"
        and (name := str(getattr(analysis.params.get(node), "shared_as", "") or ""))
    }


def check_shared(analysis: Analysis) -> list[Issue]:
    """Errors on uses of one `shared_as` name that differ, or a name that is a node id."""
    issues: list[Issue] = []
    first: dict[str, str] = {}
    for node, name in analysis.shared.items():
        if name in analysis.types:
            issues.append(Issue.of("unit.shared_name_taken", node=node, field="shared_as",
                                   name=name))  # fmt: skip
            continue
        other = first.setdefault(name, node)
        if other != node:
            issues += _differ(analysis, node, other, name)
    return issues


def _differ(analysis: Analysis, node: str, other: str, name: str) -> list[Issue]:
    mine, theirs = analysis.params[node], analysis.params[other]
    keys = ("unit", "args", "repeat", "share_weights")
    if any(getattr(mine, k) != getattr(theirs, k) for k in keys):
        return [Issue.of("unit.shared_differs", node=node, field="shared_as", name=name,
                         other=other)]  # fmt: skip
    shapes = [[analysis.shapes.get(s) for s in analysis.inputs[n]] for n in (node, other)]
    if shapes[0] != shapes[1] and all(s is not None for s in shapes[0] + shapes[1]):
        return [
            Issue.of(
                "unit.shared_shape", node=node, field="shared_as", name=name, other=other,
                shape=", ".join(fmt(s) for s in shapes[0] if s is not None),
                other_shape=", ".join(fmt(s) for s in shapes[1] if s is not None),
            )
        ]  # fmt: skip
    return []


def check_phases(graph: Graph, analysis: Analysis) -> tuple[list[Issue], list[Issue]]:
    """(errors, warnings) of `training.phases`: unknown losses or updates, repeated names."""
    phases = graph.training.phases if graph.training else []
    if not phases:
        return [], []
    errors: list[Issue] = []
    losses, names = set(analysis.losses), set(analysis.shared.values())
    updatable = {n for n in analysis.types if n not in losses} | names
    seen: set[str] = set()
    for phase in phases:
        if phase.name in seen:
            errors.append(Issue.of("phase.duplicate", field="training", phase=phase.name))
        seen.add(phase.name)
        if not phase.losses:
            errors.append(Issue.of("phase.no_losses", field="training", phase=phase.name))
        if not phase.updates:
            errors.append(Issue.of("phase.no_updates", field="training", phase=phase.name))
        for loss in phase.losses:
            if loss not in losses:
                errors.append(Issue.of("phase.unknown_loss", field="training",
                                       phase=phase.name, name=loss))  # fmt: skip
        for name in phase.updates:
            if name not in updatable:
                errors.append(Issue.of("phase.unknown_update", field="training",
                                       phase=phase.name, name=name))  # fmt: skip
    trained = {loss for phase in phases for loss in phase.losses}
    warnings = [Issue.of("phase.loss_unused", node=loss) for loss in analysis.losses
                if loss not in trained]  # fmt: skip
    return errors, warnings


def check_networks(graph: Graph, analysis: Analysis) -> None:
    """Adds the shared-parameter and phase issues to `analysis.result`."""
    analysis.shared = shared_names(analysis)
    analysis.phases = list(graph.training.phases) if graph.training else []
    errors = check_shared(analysis)
    phase_errors, warnings = check_phases(graph, analysis)
    result = analysis.result
    seen: set[str] = set()
    for node, name in analysis.shared.items():  # shared parameters count once
        if name in seen and result.nodes.get(node) is not None:
            result.total_params -= result.nodes[node].params or 0
        seen.add(name)
    result.errors = [*result.errors, *errors, *phase_errors]
    result.warnings = [*result.warnings, *warnings]
    result.valid = result.valid and not (errors or phase_errors)


def phase_summary(graph: Graph) -> list[dict[str, Any]]:
    """The phases as plain data (the launch panel and the job's log list them)."""
    phases = graph.training.phases if graph.training else []
    return [phase.model_dump(exclude_none=True) for phase in phases]
