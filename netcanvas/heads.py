"""Several inputs, heads and losses (docs/GRAPH_UNITS_AND_NETWORKS.md section 2), torch-free.

An `Input` reads one dataset variable (`params.variable`: `x`, `x2`, …); a loss compares
its input node, a *head*, with a target: a target variable (`label` is `y`, then `y2`, …)
or one of the inputs (`input`, `input:x2`). The first loss in the graph's node order is
the primary one; its head is what `forward` returns. These helpers are shared by
validation, the API's dataset checks and the worker, so all read a target the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .issues import Issue
from .targets import LossEnd, Problem, Targets, fit_problem

if TYPE_CHECKING:
    from .validation import Analysis


CONSTANTS = ("zeros", "ones")  # targets that are no dataset variable


@dataclass(frozen=True)
class TargetRef:
    """What a loss's `target` names: `kind` "label" with a target variable (`y`, `y2`, …),
    "input" with an input variable (`x`, `x2`, …; "" for plain `input`), "none" (a loss
    that compares with no data, KLDivergenceLoss), or "constant" with `zeros` or `ones` (a
    GAN's fake and real labels, shaped like the loss's input)."""

    kind: str
    variable: str


def parse_target(target: str) -> TargetRef:
    """`label` and `y` are the dataset's label `y`; `input:x2` is the Input reading `x2`."""
    if target == "label":
        return TargetRef("label", "y")
    if target == "none":  # a loss with no dataset target (KLDivergenceLoss)
        return TargetRef("none", "")
    if target == "input":
        return TargetRef("input", "")
    if target in CONSTANTS:
        return TargetRef("constant", target)
    if target.startswith("input:"):
        return TargetRef("input", target.removeprefix("input:"))
    return TargetRef("label", target)


def variable_of(params: Any) -> str:
    """The dataset variable an Input node reads (`x` for files written before it existed)."""
    return str(getattr(params, "variable", "x"))


def target_of(params: Any) -> str:
    return str(getattr(params, "target", "label"))


def weight_of(params: Any) -> float:
    return float(getattr(params, "weight", 1.0))


def variable_clashes(inputs: list[str], params: dict[str, Any], stated: set[str]) -> list[Issue]:
    """An error on every Input that reads a variable an earlier Input already reads, when
    either of the two states its `variable`. Inputs that state none keep validating as they
    did before the field existed (files written before must mean what they meant)."""
    first: dict[str, str] = {}
    issues = []
    for node in (n for n in inputs if n in params):
        variable = variable_of(params[node])
        earlier = first.setdefault(variable, node)
        if earlier != node and (node in stated or earlier in stated):
            issues.append(
                Issue.of(
                    "input.variable_taken",
                    node=node,
                    field="variable",
                    variable=variable,
                    other=earlier,
                )
            )
    return issues


def target_input(target: str, inputs: list[str], params: dict[str, Any]) -> str | None:
    """The Input node a target `input` or `input:xN` compares with; None when there is not
    exactly one (plain `input` with several Inputs, or no Input reading that variable)."""
    ref = parse_target(target)
    if not ref.variable:
        return inputs[0] if len(inputs) == 1 else None
    named = [n for n in inputs if n in params and variable_of(params[n]) == ref.variable]
    return named[0] if len(named) == 1 else None


def needed_variables(
    params: dict[str, Any], inputs: list[str], losses: list[str]
) -> dict[str, str]:
    """Every dataset variable the graph reads or trains on, with the node that asks for it
    (the first Input or loss in node order)."""
    needed: dict[str, str] = {}
    for node in inputs:
        if node in params:
            needed.setdefault(variable_of(params[node]), node)
    for loss in losses:
        ref = parse_target(target_of(params.get(loss)))
        if ref.kind == "label":
            needed.setdefault(ref.variable, loss)
    return needed


def variable_targets(targets: Targets) -> dict[str, Targets]:
    """A dataset's target variables: `y`, its label, and any more (`y2`, ...)."""
    found = {"y": targets}
    for variable, classes in targets.more_classes:
        found[variable] = Targets(targets.dataset, "classification", classes)
    return found


def head_problem(analysis: Analysis, targets: Targets) -> tuple[str, Problem] | None:
    """The first node (an Input or a loss) the dataset cannot feed or train, with why
    (a message code and params), or None: a variable the dataset lacks, or a head whose
    shape does not fit its target variable (`fit_problem`, the one-loss rule)."""
    by_variable = variable_targets(targets)
    inputs = dict(targets.inputs) or {"x": ()}
    present = [*inputs, *by_variable]
    needed = needed_variables(analysis.params, analysis.input_nodes, analysis.losses)
    for variable, node in needed.items():
        if variable not in present:
            params = {"dataset": targets.dataset, "variable": variable,
                      "variables": ", ".join(present)}  # fmt: skip
            return node, ("target.missing_variable", params)
    found = input_problem(analysis, targets.dataset, inputs)
    if found is not None:
        return found
    for loss, head in analysis.heads.items():
        ref = parse_target(target_of(analysis.params.get(loss)))
        if ref.kind != "label" or head not in analysis.shapes:
            continue
        shape = tuple(analysis.shapes[head])
        end = LossEnd(loss, analysis.types[loss], "label", head, shape)
        problem = fit_problem(end, by_variable[ref.variable])
        if problem is not None:
            return loss, problem
    return None


def input_problem(
    analysis: Analysis, dataset: str, inputs: dict[str, tuple[int, ...]]
) -> tuple[str, Problem] | None:
    """The first Input whose shape differs from its variable's samples (a variable of
    unknown shape, `()`, is not checked), with `dataset.input_shape` naming it."""
    from .layers.base import fmt

    for node in analysis.input_nodes:
        sample = inputs.get(variable_of(analysis.params.get(node)), ())
        shape = tuple(analysis.shapes.get(node, ()))
        if sample and shape and tuple(sample) != shape:
            params = {"dataset": dataset, "sample": fmt(sample), "node": node,
                      "shape": fmt(shape)}  # fmt: skip
            return node, ("dataset.input_shape", params)
    return None


def fused_input(analysis: Analysis, loss: str) -> str | None:
    """The node a loss trains on: its head, or the head's input when the head is a Softmax
    (or Sigmoid) over the classes that the loss applies itself (the compiler's rule)."""
    from .layers import LAYERS

    head = analysis.heads.get(loss)
    if head is None:
        return None
    fused = LAYERS[analysis.types[loss]].applies
    if analysis.types[head] not in fused:
        return head
    dim = getattr(analysis.params[head], "dim", None)  # element-wise: none
    if dim is not None and dim % len(analysis.shapes[head]) != 0:
        return head  # softmax over some other axis than the classes
    return analysis.inputs[head][0]
