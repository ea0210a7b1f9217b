"""Compile a `netcanvas/graph@1` graph into a PyTorch module.

The module registers one submodule per node under the node's id, so its
`state_dict` keys are the node ids (`conv1.weight`), and runs them in the
dependency order that validation worked out. It returns the value of the node
that feeds the loss; `training_output` returns what the loss should see, which
skips a Softmax (or Sigmoid) the loss already applies itself.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from netcanvas.graph import Graph
from netcanvas.heads import fused_input, target_of, variable_of, weight_of
from netcanvas.issues import Issue
from netcanvas.layers import LAYERS
from netcanvas.topology import ancestors
from netcanvas.validation import Analysis, analyse

from .units import build_module, given_values


class CompileError(ValueError):
    """The graph is not valid; `errors` are the validation errors, naming nodes."""

    def __init__(self, errors: list[Issue]) -> None:
        self.errors = errors
        lines = [f"{e.node}: {e.message}" if e.node else e.message for e in errors]
        super().__init__("the graph is not valid:\n" + "\n".join(lines))


Step = tuple[str, tuple[str, ...]]  # (node id, its input node ids in port order)
HEADS = "_heads"  # the plan that computes every loss's input at once (no node id starts with _)
OUTPUTS = "_outputs"  # the plan that computes every head (inference), the primary first
ALL = "_all"  # the plan that computes every node but the losses (the layer previews)


class GraphNetwork(nn.Module):
    """A compiled graph. Call it with one tensor per Input node, in graph order, or, with
    several Inputs, with one *packed* tensor (B, Σ sizes): each Input's values flattened
    and concatenated in that order (how the trainer's splits hold them, worker/inputs.py)."""

    def __init__(self, analysis: Analysis) -> None:
        super().__init__()
        if analysis.output is None:
            raise CompileError([Issue(message="the network has no output: end it with a loss")])
        types = analysis.types
        self.input_ids = analysis.input_nodes
        self.input_shapes = [analysis.shapes[n] for n in self.input_ids]
        # The dataset variable each Input reads (x, x2, …): worker/inputs.py feeds them.
        self.input_variables = [variable_of(analysis.params.get(n)) for n in self.input_ids]
        self.output_id = analysis.output
        self.output_shape = analysis.shapes[analysis.output]
        self.loss_id = analysis.loss
        self.loss_type = types[analysis.loss] if analysis.loss else None
        self.loss_target = getattr(analysis.params.get(analysis.loss or ""), "target", "label")
        self.training_output_id = self._training_output(analysis)
        self._plans = {
            target: self._plan(analysis, target)
            for target in {self.output_id, self.training_output_id}
        }
        # Several heads (netcanvas/heads.py): each loss and the node it trains on, node order.
        self.loss_ids = list(analysis.losses)
        self.trains_on = {loss: fused_input(analysis, loss) or "" for loss in self.loss_ids}
        self.loss_targets = {n: target_of(analysis.params.get(n)) for n in self.loss_ids}
        self.loss_weights = {n: weight_of(analysis.params.get(n)) for n in self.loss_ids}
        self.head_of = dict(analysis.heads)  # each loss's input node: its head
        self.head_shapes = {n: analysis.shapes[h] for n, h in analysis.heads.items()}
        # A loss of several inputs (KLDivergenceLoss: mu, logvar) sees them stacked on axis 1.
        self.loss_sources = {
            n: tuple(analysis.inputs[n]) for n in self.loss_ids if len(analysis.inputs[n]) > 1
        }
        heads = set(self.trains_on.values()) | {s for i in self.loss_sources.values() for s in i}
        self._plans[HEADS] = self._plan(analysis, *heads - {""})
        # Every head once, the primary first: `heads()`, ONNX's outputs, model.py's heads().
        self.output_ids = list(dict.fromkeys([self.output_id, *analysis.heads.values()]))
        self._plans[OUTPUTS] = self._plan(analysis, *self.output_ids)
        self.token_vocab = self._token_vocab(analysis)
        # Several networks (netcanvas/networks.py): uses sharing parameters run the module
        # registered under their `shared_as` name; phases ask for their own plans.
        self.shared = dict(analysis.shared)
        self.phases = list(analysis.phases)  # netcanvas.graph.Phase; none: one phase (today)
        # The wiring, for running part of the network (worker/samples.py: from noise on).
        self.order = list(analysis.order)
        self.node_inputs = {n: tuple(analysis.inputs[n]) for n in analysis.order}
        self.node_types = dict(types)
        self.node_shapes = {n: tuple(s) for n, s in analysis.shapes.items()}
        self.head_nodes = dict(analysis.heads)  # each loss's input node, unfused
        # Every plain attribute is set above: once a node's module is registered,
        # nn.Module refuses to assign anything else under its id.
        for node in analysis.order:
            if node in self.input_ids or node not in analysis.shapes:
                continue
            key = self.shared.get(node, node)
            if key in self._modules:
                continue  # a second use of shared parameters
            module = build_module(analysis, node)  # a Unit node: its unit's body (worker/units.py)
            # Straight into `_modules`: a node may be called `loss` or `output_id`
            # without clashing with this class's attributes. Reserved ids keep
            # nn.Module's own names (forward, train, ...) out.
            self._modules[key] = module

    @property
    def several_heads(self) -> bool:
        """More than one loss, or one on another target than the label or the one Input:
        `worker/heads.py` trains it."""
        plain = ("label", "y", "input")
        return len(self.loss_ids) > 1 or any(t not in plain for t in self.loss_targets.values())

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
        return self._run(self.output_id, inputs)

    def training_output(self, *inputs: torch.Tensor) -> torch.Tensor:
        """What the loss compares with the target (logits when the loss applies softmax)."""
        return self._run(self.training_output_id, inputs)

    def loss(self, prediction: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        """The loss node applied to `training_output(...)` and the target."""
        if self.loss_id is None:
            raise CompileError([Issue.of("dataset.no_loss")])
        result: torch.Tensor = self._modules[self.loss_id](prediction, target)  # type: ignore[misc]
        return result

    def heads(self, *inputs: torch.Tensor) -> tuple[torch.Tensor, ...]:
        """Every head's inference value, in `output_ids` order (the primary head first)."""
        values = self._values(OUTPUTS, inputs)
        return tuple(values[node] for node in self.output_ids)

    def head_outputs(self, *inputs: torch.Tensor) -> dict[str, torch.Tensor]:
        """What each loss compares with its target, by loss id, from one pass."""
        values = self._values(HEADS, inputs)
        heads = {loss: values[node] for loss, node in self.trains_on.items() if node}
        for loss, sources in self.loss_sources.items():
            heads[loss] = torch.stack([values[s] for s in sources], dim=1)  # (B, inputs, *shape)
        return heads

    def loss_of(self, loss: str, prediction: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        """Loss node `loss` applied to its input's value and its target; a loss of several
        inputs (stacked by `head_outputs`) gets them apart and no target."""
        module = self._modules[loss]
        if loss in self.loss_sources:
            result: torch.Tensor = module(*prediction.unbind(1))  # type: ignore[misc]
            return result
        result = module(prediction, target)  # type: ignore[misc]
        return result

    def module_of(self, node: str) -> nn.Module:
        """The module a node runs: its own, or its `shared_as` name's."""
        return self._modules[self.shared.get(node, node)]  # type: ignore[return-value]

    def outputs_of(self, key: str, *inputs: torch.Tensor) -> dict[str, torch.Tensor]:
        """Every value on the way to plan `key`'s targets (`add_plan`), from one pass."""
        return self._values(key, inputs)

    def add_plan(self, key: str, *targets: str) -> None:
        """A plan computing `targets` (a phase's heads), run with `outputs_of(key, …)`."""
        self._plans[key] = self._plan_of(targets)

    def generate(self, node: str, count: int, device: torch.device) -> torch.Tensor:
        """Node `node`'s value for `count` fresh samples of its RandomNoise sources; the node
        must not depend on an Input (a generator)."""
        steps = self._plan_of((node,))
        if any(s in self.input_ids for _, sources in steps for s in sources):
            raise ValueError(f"node {node} depends on an Input, so it cannot generate alone")
        ref = torch.empty((count, 0), device=device)  # the batch size for RandomNoise
        values: dict[str, torch.Tensor] = {}
        for step, sources in steps:
            args = [values[s] for s in sources] if sources else [ref]
            values[step] = self.module_of(step)(*args)
        return values[node]

    def run_from(self, given: dict[str, torch.Tensor], target: str) -> torch.Tensor:
        """`target`'s value with the nodes in `given` holding the given values (a latent code
        in place of a GaussianSample's draw; `sampler.z` for a node inside use `sampler`);
        KeyError when it needs another value (an Input) that `given` does not lead to."""
        values = given_values(self.module_of, given)  # paths into uses: the uses' values
        needed = ancestors([target], self.node_inputs.__getitem__, values)
        for node in self.order:
            if node in needed and node not in values:
                sources = self.node_inputs[node]
                values[node] = self.module_of(node)(*(values[s] for s in sources))
        return values[target]

    def node_outputs(self, *inputs: torch.Tensor) -> dict[str, torch.Tensor]:
        """Every node's value but the losses', inputs included (the layer previews): every
        head's branch too, and a generator's nodes fed by noise."""
        if ALL not in self._plans:
            kept = (n for n in self.order if n not in self.loss_ids and n in self.node_shapes)
            self.add_plan(ALL, *kept)
        return self._values(ALL, inputs)

    def _run(self, target: str, inputs: tuple[torch.Tensor, ...]) -> torch.Tensor:
        return self._values(target, inputs)[target]

    def unpack(self, packed: torch.Tensor) -> tuple[torch.Tensor, ...]:
        """One tensor per Input from the packed form (B, Σ sizes); token ids back to int64."""
        parts, start = [], 0
        for node, shape in zip(self.input_ids, self.input_shapes, strict=True):
            size = math.prod(shape)
            part = packed[:, start : start + size].reshape(len(packed), *shape)  # (B, *shape)
            parts.append(part.long() if node in self.token_vocab else part)
            start += size
        return tuple(parts)

    def _values(self, target: str, inputs: tuple[torch.Tensor, ...]) -> dict[str, torch.Tensor]:
        if len(inputs) == 1 and len(self.input_ids) > 1:  # the packed form
            inputs = self.unpack(inputs[0])
        if len(inputs) != len(self.input_ids):
            raise TypeError(
                f"expected {len(self.input_ids)} input tensors "
                f"({', '.join(self.input_ids)}); got {len(inputs)}"
            )
        values = dict(zip(self.input_ids, inputs, strict=True))
        ref = inputs[0] if inputs else torch.empty((1, 0))  # RandomNoise's batch size
        for node, sources in self._plans[target]:
            args = [values[s] for s in sources] if sources else [ref]
            values[node] = self._modules[self.shared.get(node, node)](*args)  # type: ignore[misc]
        return values

    def _plan_of(self, targets: tuple[str, ...]) -> list[Step]:
        """As `_plan`, from the graph kept after compiling."""
        needed = ancestors(targets, self.node_inputs.__getitem__)
        return [
            (n, self.node_inputs[n]) for n in self.order if n in needed and n not in self.input_ids
        ]

    def _plan(self, analysis: Analysis, *targets: str) -> list[Step]:
        """The steps needed to compute `targets`, in dependency order."""
        needed = ancestors(targets, analysis.inputs.__getitem__)
        return [
            (node, tuple(analysis.inputs[node]))
            for node in analysis.order
            if node in needed and node not in self.input_ids
        ]

    def _training_output(self, analysis: Analysis) -> str:
        assert analysis.output is not None
        fused = LAYERS[self.loss_type].applies if self.loss_type else ()
        if analysis.types[analysis.output] not in fused:
            return analysis.output
        dim = getattr(analysis.params[analysis.output], "dim", None)  # element-wise: none
        if dim is not None and dim % len(analysis.shapes[analysis.output]) != 0:
            return analysis.output  # softmax over some other axis than the classes
        return analysis.inputs[analysis.output][0]

    def _token_vocab(self, analysis: Analysis) -> dict[str, int]:
        """Inputs that feed a layer of token ids (Embedding) carry ids below its vocabulary."""
        vocab: dict[str, int] = {}
        for node in analysis.order:
            if not LAYERS[analysis.types[node]].integer_input:
                continue
            size = getattr(analysis.params[node], "num_embeddings", 1)
            for source in analysis.inputs[node]:
                if source in self.input_ids:
                    vocab[source] = min(size, vocab.get(source, size))
        return vocab


def compile_analysis(analysis: Analysis) -> GraphNetwork:
    if not analysis.result.valid:
        raise CompileError(analysis.result.errors)
    return GraphNetwork(analysis)


def compile_graph(graph: Graph) -> GraphNetwork:
    """Validate and compile; raises `CompileError` naming nodes when the graph is invalid."""
    return compile_analysis(analyse(graph))


def example_inputs(
    network: GraphNetwork, batch_size: int = 2, generator: torch.Generator | None = None
) -> tuple[torch.Tensor, ...]:
    """Random inputs of the right shapes and types: token ids for Embedding inputs."""
    tensors = []
    for node, shape in zip(network.input_ids, network.input_shapes, strict=True):
        size = (batch_size, *shape)
        if node in network.token_vocab:
            tensors.append(torch.randint(0, network.token_vocab[node], size, generator=generator))
        else:
            tensors.append(torch.randn(size, generator=generator))
    return tuple(tensors)
