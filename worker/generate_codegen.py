"""model.py for a generative network (issue 15, `worker/codegen.py`): `generate()` and the
docstring of networks trained together.

A network whose noise reaches an image (`worker/samples.py`'s `plan_generator`: a VAE's
`GaussianSample`, a GAN's `RandomNoise` feeding its generator) gets two methods:
`generate(count, seed=None)` draws the noise as NetCanvas does (one `torch.Generator` seeded
with `seed`, the noise nodes in the plan's order) and `generate_from(noise...)` runs the
nodes between the noise and the images, so the same seed gives the images of try-it and the
same noise the images of `generator.onnx`. Noise drawn inside a unit (a GaussianSample in a
`Sampler` unit) has no node of `Network` to stand for, so such a network gets neither.

A graph with `training.phases` says in `Network`'s docstring which phase trains which
network (`self.D`: `Discriminator`), the order every step runs them in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from torch import nn

from .compiler import GraphNetwork, Step
from .samples import GeneratorPlan, plan_generator

INDENT = "    "
Lines = Callable[..., list[str]]  # codegen.step_lines with the network, names and shapes


@dataclass(frozen=True)
class GeneratorSteps:
    """The generator plan and the steps from its noise nodes to its images, in order."""

    plan: GeneratorPlan
    steps: list[Step]


def generator_steps(network: GraphNetwork) -> GeneratorSteps | None:
    """The way from noise to images, or None: no generator, or noise drawn inside a unit."""
    plan = plan_generator(network)
    if plan is None or any(node not in network.node_inputs for node in plan.noise):
        return None
    needed, frontier = {plan.head}, [plan.head]
    while frontier:
        node = frontier.pop()
        for source in () if node in plan.noise else network.node_inputs[node]:
            if source not in needed:
                needed.add(source)
                frontier.append(source)
    steps = [
        (n, network.node_inputs[n]) for n in network.order if n in needed and n not in plan.noise
    ]
    return GeneratorSteps(plan, steps)


def generate_source(
    network: GraphNetwork, generator: GeneratorSteps, names: dict[str, str], lines: Lines
) -> list[str]:
    """The lines of `generate()` and `generate_from()`, each with a blank line before."""
    from .codegen import _shape  # codegen imports this module

    plan, body = generator.plan, INDENT * 2
    noise = [names[node] for node in plan.noise]
    images = _shape(plan.shape).replace("B", "count", 1)
    drawn = " and ".join(f"{names[n]} from {_distribution(plan, n)}" for n in plan.noise)
    draws = [f"{body}{names[n]} = {_draw(plan, n)}" for n in plan.noise]
    parameters = ", ".join(f"{name}: torch.Tensor" for name in noise)
    codes = ", ".join(f"{name}.to(device)" for name in noise)
    shapes = ", ".join(f"{names[n]} {_shape(s)}" for n, s in plan.noise.items())
    return [
        "",
        f"{INDENT}@torch.no_grad()",
        f"{INDENT}def generate(self, count: int, seed: int | None = None) -> torch.Tensor:",
        f'{body}"""`count` new images {images}: noise drawn ({drawn}) and run',
        f"{body}through the generator in evaluation mode. The same seed draws the images",
        f'{body}NetCanvas\'s try-it draws; generate_from() and generator.onnx take the noise."""',
        f"{body}generator = torch.Generator().manual_seed(seed) if seed is not None else None",
        *draws,
        f"{body}device = next(self.parameters()).device",
        f"{body}was_training = self.training",
        f"{body}self.eval()  # BatchNorm and Dropout as in inference",
        f"{body}try:",
        f"{body}{INDENT}return self.generate_from({codes})",
        f"{body}finally:",
        f"{body}{INDENT}self.train(was_training)",
        "",
        f"{INDENT}def generate_from(self, {parameters}) -> torch.Tensor:",
        f'{body}"""The generator alone: images {_shape(plan.shape)} for given noise: {shapes}."""',
        *lines(generator.steps, indent=body),
        f"{body}return {names[plan.head]}",
    ]


def _distribution(plan: GeneratorPlan, node: str) -> str:
    return "U(-1, 1)" if node in plan.uniform else "N(0, 1)"


def _draw(plan: GeneratorPlan, node: str) -> str:
    """The call that draws what `samples.noise_for` draws for `node`."""
    size = "(" + ", ".join(["count", *map(str, plan.noise[node])]) + ")"
    if node in plan.uniform:
        return f"torch.rand({size}, generator=generator) * 2 - 1"
    return f"torch.randn({size}, generator=generator)"


def phases_doc(
    network: GraphNetwork, modules: dict[str, nn.Module], expression: Callable[..., str]
) -> list[str]:
    """The rest of `Network`'s docstring for a graph with phases (its closing quotes
    included), or none."""
    if not network.phases:
        return []
    from .codegen import _docstring_text

    lines = [
        "",
        f"{INDENT}Several networks trained together: every training step runs these phases in",
        f"{INDENT}order, each summing its losses and stepping its own optimizer over its networks:",
    ]
    for phase in network.phases:
        losses = " + ".join(phase.losses)
        updates = ", ".join(_network(node, modules, expression) for node in phase.updates)
        text = _docstring_text(f"- {phase.name}: {losses}; updates {updates}")
        lines.append(f"{INDENT}{text}")
    return [*lines, f'{INDENT}"""']


def _network(node: str, modules: dict[str, Any], expression: Callable[..., str]) -> str:
    """`self.D (Discriminator)` for a unit, `self.fc` for a layer."""
    module = modules.get(node)
    call = expression(module, "") if module is not None else ""
    match = re.fullmatch(r"(\w+)\((times=\d+)?\)", call)
    return f"self.{node} ({match.group(1)})" if match else f"self.{node}"
