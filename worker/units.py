"""Uses of units as PyTorch modules (docs/GRAPH_UNITS_AND_NETWORKS.md section 1).

A `Unit` node compiles to the unit's body, a `UnitBody` holding one module per body
node under the node's id, registered under the use's id. One copy, or copies that
share their weights (the body run `times` times), give `stage1.conv.weight`; separate
copies are an `nn.Sequential` of bodies (`stage1.0.conv.weight`, `stage1.1.conv.weight`).
Units inside units nest the same way, so a state_dict key is a path of node ids.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from torch import nn

from netcanvas.layers import LAYERS
from netcanvas.topology import ancestors
from netcanvas.validation import Analysis, UnitUse

Step = tuple[str, tuple[str, ...]]  # (node id, its input node ids in port order)


def build_module(analysis: Analysis, node: str) -> nn.Module:
    """The module of one node: its layer's, or the unit body of a use."""
    if node in analysis.uses:
        return build_use(analysis.uses[node])
    sources = analysis.inputs[node]
    layer = LAYERS[analysis.types[node]]
    return layer.build(analysis.params[node], [analysis.shapes[s] for s in sources])


def build_use(use: UnitUse) -> nn.Module:
    about = use.description
    if use.shared or len(use.copies) == 1:
        return UnitBody(use.unit, use.copies[0], use.args, len(use.copies), about)
    return nn.Sequential(*(UnitBody(use.unit, copy, use.args, 1, about) for copy in use.copies))


def plan(analysis: Analysis, target: str, skip: set[str]) -> list[Step]:
    """The steps needed to compute `target`, in dependency order, leaving out `skip`."""
    needed = ancestors([target], analysis.inputs.__getitem__)
    return [
        (node, tuple(analysis.inputs[node]))
        for node in analysis.order
        if node in needed and node not in skip
    ]


class UnitBody(nn.Module):
    """One copy of a unit's body; called with one tensor per UnitInput port, in port order.

    With `times` above 1 (shared weights) the body runs that many times, each run fed
    the previous one's output.
    """

    def __init__(
        self,
        unit: str,
        analysis: Analysis,
        args: dict[str, Any],
        times: int = 1,
        description: str = "",
    ) -> None:
        super().__init__()
        types = analysis.types
        ports = {
            n: int(getattr(analysis.params[n], "port", 0))
            for n in analysis.order
            if types[n] == "UnitInput"
        }
        assert analysis.output is not None  # validation found the UnitOutput
        self.unit = unit
        self.args = args  # the arguments' values, for model.py's docstrings
        self.description = description  # the unit's, for model.py's docstrings
        self.variant = id(analysis)  # bodies of one cached analysis are written as one class
        self.times = times
        self.input_ids = sorted(ports, key=lambda n: ports[n])
        self.output_id = analysis.inputs[analysis.output][0]
        self.output_node = analysis.output  # the UnitOutput's id (the layer previews name it)
        self.steps = plan(analysis, self.output_id, set(ports))
        self.shapes = {n: analysis.shapes[n] for n in analysis.order if n in analysis.shapes}
        self.types = {n: types[n] for n, _ in self.steps}  # worker/samples.py: noise inside
        # as in GraphNetwork: every plain attribute first, then the modules under node ids
        for node in analysis.order:
            if node in ports or node == analysis.output or node not in analysis.shapes:
                continue
            self._modules[node] = build_module(analysis, node)

    def node_values(self, *inputs: torch.Tensor) -> dict[str, torch.Tensor]:
        """Every body node's value in one run (the first copy's, for shared weights), its
        UnitInputs' and UnitOutput's included: the layer previews of the unit's tab."""
        values = dict(zip(self.input_ids, inputs, strict=True))
        for node, sources in self.steps:
            values[node] = self._modules[node](*(values[s] for s in sources))  # type: ignore[misc]
        values[self.output_node] = values[self.output_id]
        return values

    def _body_module(self, node: str) -> nn.Module:
        """A node's module (not getattr: a node may be named like an attribute)."""
        return self._modules[node]  # type: ignore[return-value]

    def run_from(self, given: dict[str, torch.Tensor]) -> torch.Tensor:
        """The body's output with the nodes in `given` holding the given values (a code in
        place of a GaussianSample's draw; `inner.z` for a node of a nested use); KeyError
        when it needs a UnitInput, which `given` does not lead to. One run (`times` 1)."""
        values = given_values(self._body_module, given)
        inputs = dict(self.steps)
        needed = ancestors([self.output_id], lambda node: inputs.get(node, ()), values)
        for node, sources in self.steps:
            if node in needed and node not in values:
                values[node] = self._modules[node](*(values[s] for s in sources))  # type: ignore[misc]
        return values[self.output_id]

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
        for _ in range(self.times):
            values = dict(zip(self.input_ids, inputs, strict=True))
            for node, sources in self.steps:
                values[node] = self._modules[node](*(values[s] for s in sources))  # type: ignore[misc]
            inputs = (values[self.output_id],)
        return inputs[0]


def given_values(
    module_of: Callable[[str], nn.Module], given: dict[str, torch.Tensor]
) -> dict[str, torch.Tensor]:
    """`given` with each path into a use (`sampler.z`) replaced by the use's value, which its
    body (`module_of(use)`) works out from them (`UnitBody.run_from`)."""
    values = {node: value for node, value in given.items() if "." not in node}
    inner: dict[str, dict[str, torch.Tensor]] = {}
    for path, value in given.items():
        if "." in path:
            use, rest = path.split(".", 1)
            inner.setdefault(use, {})[rest] = value
    for use, codes in inner.items():
        body = module_of(use)
        if not isinstance(body, UnitBody):
            raise KeyError(f"{use} is not a unit use that can be given {', '.join(codes)}")
        values[use] = body.run_from(codes)
    return values
