"""model.py for a generative network (issue 15, `worker/codegen.py`): `generate()` and the
docstring of networks trained together.

A network whose noise reaches an image (`worker/samples.py`'s `plan_generator`: a VAE's
`GaussianSample`, a GAN's `RandomNoise` feeding its generator) gets two methods:
`generate(count, seed=None)` draws the noise as NetCanvas does (one `torch.Generator` seeded
with `seed`, the noise nodes in the plan's order) and `generate_from(noise...)` runs the
nodes between the noise and the images, so the same seed gives the images NetCanvas draws
with it (`POST /api/jobs/{id}/generate`; the job page's Generate button gives no seed) and the
same noise the images of `generator.onnx`. Noise drawn inside a unit (a GaussianSample in a
`Sampler` unit, path `z.draw`) is a parameter `z_draw`; the steps after it inside the use
call the unit's modules by their path (`self.z.fc`) and give the use's value.

A graph with `training.phases` says in `Network`'s docstring which phase trains which
network (`self.D`: `Discriminator`), the order every step runs them in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from torch import nn

from netcanvas.topology import ancestors

from .compiler import GraphNetwork, Step
from .samples import GeneratorPlan, plan_generator
from .units import UnitBody

INDENT = "    "
Lines = Callable[..., list[str]]  # codegen.step_lines with the network, names and shapes


@dataclass(frozen=True)
class InnerStep:
    """A step inside a use on the way from noise drawn there: `z.fc = self.z.fc(z.draw)`."""

    path: str  # `use.node` (`outer.inner.node` when nested): its local variable's id
    module: tuple[str, ...]  # the attribute path of its module from the network
    sources: tuple[str, ...]  # the paths of its inputs
    shape: tuple[int, ...] | None


@dataclass(frozen=True)
class GeneratorSteps:
    """The generator plan and the steps from its noise nodes to its images, in order: first
    inside the uses that draw noise themselves (`inner`, each ending in the use's value),
    then the network's own."""

    plan: GeneratorPlan
    steps: list[Step]
    inner: dict[str, tuple[list[InnerStep], str]]  # use -> its steps, the path of its value

    @property
    def ids(self) -> list[str]:
        """Every id that needs a local name: the noise, the inner paths, the steps."""
        inner = [s.path for steps, _ in self.inner.values() for s in steps]
        return [*self.plan.noise, *inner, *self.inner, *(node for node, _ in self.steps)]


def generator_steps(network: GraphNetwork) -> GeneratorSteps | None:
    """The way from noise to images, or None for a network that draws nothing."""
    plan = plan_generator(network)
    if plan is None:
        return None
    paths: dict[str, set[str]] = {}  # a use drawing noise inside -> the paths from it
    for key in plan.noise:
        if "." in key:
            use, rest = key.split(".", 1)
            paths.setdefault(use, set()).add(rest)
    inner = {}
    for use, given in paths.items():
        body = network.module_of(use)
        assert isinstance(body, UnitBody)  # plan_generator found noise in it
        inner[use] = _body_steps(body, (network.shared.get(use, use),), use, given)
    starts = set(plan.noise) | set(inner)
    needed = ancestors([plan.head], network.node_inputs.__getitem__, starts)
    steps = [(n, network.node_inputs[n]) for n in network.order if n in needed and n not in starts]
    return GeneratorSteps(plan, steps, inner)


def _body_steps(
    body: UnitBody, module: tuple[str, ...], prefix: str, given: set[str]
) -> tuple[list[InnerStep], str]:
    """The steps of one body run from the noise paths `given` (relative to it) to its value,
    and the path of that value."""
    nested: dict[str, set[str]] = {}
    for key in given:
        if "." in key:
            use, rest = key.split(".", 1)
            nested.setdefault(use, set()).add(rest)
    starts = {k for k in given if "." not in k} | set(nested)
    inputs = dict(body.steps)
    needed = ancestors([body.output_id], lambda node: inputs.get(node, ()), starts)
    steps: list[InnerStep] = []
    for node in nested:
        child = body._modules[node]  # not getattr: a node may be named like an attribute
        assert isinstance(child, UnitBody)
        more, value = _body_steps(child, (*module, node), f"{prefix}.{node}", nested[node])
        steps += more
        steps.append(InnerStep(f"{prefix}.{node}", (), (value,), body.shapes.get(node)))
    for node, sources in body.steps:
        if node in needed and node not in starts:
            paths = tuple(f"{prefix}.{source}" for source in sources)
            shape = body.shapes.get(node)
            steps.append(InnerStep(f"{prefix}.{node}", (*module, node), paths, shape))
    return steps, f"{prefix}.{body.output_id}"


def generate_source(
    network: GraphNetwork, generator: GeneratorSteps, names: dict[str, str], lines: Lines
) -> list[str]:
    """The lines of `generate()` and `generate_from()`, each with a blank line before."""
    from .codegen import _docstring_text, _shape  # codegen imports this module

    plan, body = generator.plan, INDENT * 2
    noise = [names[node] for node in plan.noise]
    images = _shape(plan.shape).replace("B", "count", 1)
    where = {n: f" (the draw of {_docstring_text(n)})" if "." in n else "" for n in plan.noise}
    drawn = " and ".join(f"{names[n]}{where[n]} from {_distribution(plan, n)}" for n in plan.noise)
    draws = [f"{body}{names[n]} = {_draw(plan, n)}" for n in plan.noise]
    parameters = ", ".join(f"{name}: torch.Tensor" for name in noise)
    codes = ", ".join(f"{name}.to(device)" for name in noise)
    shapes = ", ".join(f"{names[n]} {_shape(s)}" for n, s in plan.noise.items())
    return [
        "",
        f"{INDENT}@torch.no_grad()",
        f"{INDENT}def generate(self, count: int, seed: int | None = None) -> torch.Tensor:",
        f'{body}"""`count` new images {images}: noise drawn ({drawn}) and run',
        f"{body}through the generator in evaluation mode. A seed draws the images NetCanvas",
        f"{body}draws for it (POST /api/jobs/{{id}}/generate with that seed; the job page's",
        f"{body}Generate button draws without one: new images each time); generate_from()",
        f'{body}and generator.onnx take the noise."""',
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
        *_inner_lines(generator, names, body),
        *lines(generator.steps, indent=body),
        f"{body}return {names[plan.head]}",
    ]


def _inner_lines(generator: GeneratorSteps, names: dict[str, str], indent: str) -> list[str]:
    """The steps inside the uses that draw noise, each use's value last."""
    from .codegen import _shape, module_path  # codegen imports this module

    lines = []
    for use, (steps, value) in generator.inner.items():
        for step in steps:
            args = ", ".join(names[source] for source in step.sources)
            call = f"{module_path(step.module)}({args})" if step.module else args
            comment = f"  # {_shape(step.shape)}" if step.shape is not None else ""
            lines.append(f"{indent}{names[step.path]} = {call}{comment}")
        lines.append(f"{indent}{names[use]} = {names[value]}  # {use}'s value")
    return lines


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
