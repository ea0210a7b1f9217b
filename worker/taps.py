"""Values inside unit uses, by path, from one pass of a compiled network.

The inside views name a convolution inside a use by its path (`netcanvas.inside.inside_paths`):
the use's id, then node ids in the unit (`b.conv`, `outer.inner.conv`), copies of a repeated use
numbered from 0 (`stage1.1.conv`). A use sharing its parameters (`shared_as`) runs one module
for every use, so a forward hook on it cannot tell the siamese's `a` from its `b`; instead
`run_tapped` runs the network as `GraphNetwork._values` does, node by node, and runs the uses
that hold a wanted path body step by body step, keeping the wanted values. They are the
tensors the rest of the pass is computed from, so Grad-CAM differentiates through them.
"""

from __future__ import annotations

from collections.abc import Iterable

import torch
from torch import nn

from netcanvas.topology import ancestors

from .compiler import GraphNetwork
from .units import UnitBody

Taps = dict[str, torch.Tensor]


def run_tapped(
    network: GraphNetwork,
    inputs: tuple[torch.Tensor, ...],
    paths: Iterable[str],
    targets: Iterable[str] | None = None,
) -> tuple[dict[str, torch.Tensor], Taps]:
    """Every node's value on the way to `targets` (none: every node but the losses, as
    `node_outputs`), and the value of each path in `paths` that ran."""
    if len(inputs) == 1 and len(network.input_ids) > 1:  # the packed form
        inputs = network.unpack(inputs[0])
    wanted = _grouped(paths)
    kept = [n for n in network.order if n not in network.loss_ids and n in network.node_shapes]
    needed = ancestors(kept if targets is None else targets, network.node_inputs.__getitem__)
    values = dict(zip(network.input_ids, inputs, strict=True))
    ref = inputs[0] if inputs else torch.empty((1, 0))  # RandomNoise's batch size
    taps: Taps = {}
    for node in network.order:
        if node not in needed or node in values:
            continue
        sources = network.node_inputs[node]
        args = tuple(values[s] for s in sources) if sources else (ref,)
        module = network.module_of(node)
        inner = wanted.get(node)
        values[node] = _use(module, args, inner, taps, f"{node}.") if inner else module(*args)
    return values, taps


def module_at(network: GraphNetwork, path: str) -> nn.Module:
    """The module a layer runs: a node's, or the one at a path inside a use (copies of
    shared weights are one module)."""
    top, *inner = path.split(".")
    module = network.module_of(top)
    for name in inner:
        if isinstance(module, nn.Sequential) and name.isdigit():
            module = module[int(name)]
        elif isinstance(module, UnitBody) and name.isdigit() and module.times > 1:
            continue  # every run of a shared copy has the same modules
        elif isinstance(module, UnitBody) and name in module._modules:
            module = module._modules[name]  # type: ignore[assignment]
        else:
            raise KeyError(path)
    return module


def _grouped(paths: Iterable[str]) -> dict[str, set[str]]:
    """The paths by their first name: `{"a": {"conv"}}` for `a.conv`."""
    grouped: dict[str, set[str]] = {}
    for path in paths:
        head, _, rest = path.partition(".")
        if rest:
            grouped.setdefault(head, set()).add(rest)
    return grouped


def _use(
    module: nn.Module, inputs: tuple[torch.Tensor, ...], paths: set[str], taps: Taps, prefix: str
) -> torch.Tensor:
    """A use's value, keeping the values of `paths` inside it (relative, `prefix` in front)."""
    if isinstance(module, nn.Sequential):  # separate copies, each fed the previous one
        for copy, body in enumerate(module):
            inputs = (_use(body, inputs, _of_copy(paths, copy), taps, f"{prefix}{copy}."),)
        return inputs[0]
    if not isinstance(module, UnitBody):
        return module(*inputs)  # type: ignore[no-any-return]
    if module.times == 1:
        return _body(module, inputs, paths, taps, prefix)
    for copy in range(module.times):  # shared weights: one body run `times` times
        inputs = (_body(module, inputs, _of_copy(paths, copy), taps, f"{prefix}{copy}."),)
    return inputs[0]


def _of_copy(paths: set[str], copy: int) -> set[str]:
    """The paths inside copy `copy` (`1.conv` → `conv`)."""
    return _grouped(paths).get(str(copy), set())


def _body(
    body: UnitBody, inputs: tuple[torch.Tensor, ...], paths: set[str], taps: Taps, prefix: str
) -> torch.Tensor:
    """One run of a unit's body, as `UnitBody.forward` runs it once."""
    here = {p for p in paths if "." not in p}
    deeper = _grouped(paths)
    values = dict(zip(body.input_ids, inputs, strict=True))
    for node, sources in body.steps:
        args = tuple(values[s] for s in sources)
        module: nn.Module = body._modules[node]  # type: ignore[assignment]
        inner = deeper.get(node)
        if inner:
            values[node] = _use(module, args, inner, taps, f"{prefix}{node}.")
        else:
            values[node] = module(*args)
        if node in here:
            taps[prefix + node] = values[node]
    return values[body.output_id]
