"""A generative network's generator on its own: `generator.onnx` (issue 15, "each network
exports to ONNX on its own").

`model.onnx` holds the whole graph: a GAN's RandomNoise draws inside it, so onnxruntime cannot
repeat PyTorch's numbers, and a VAE's GaussianSample gives its mean there (eval mode), so it
reconstructs but never draws. `generator.onnx` takes the noise as its inputs instead, one per
noise node and named by it, and gives the images of the generator's node (named by it,
`worker/samples.py` finds it): the same codes give the same images anywhere, so the file is
checked against PyTorch number by number. A network that draws nothing has no such file.

A GAN also gets `discriminator.onnx`: the network shared (`shared_as`) between the real
images and the generated ones, alone, its inputs named by its unit's UnitInputs and its
output by its shared name (`D`), checked the same way on random inputs of its input shapes.
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from netcanvas.artifacts import DISCRIMINATOR_ONNX, GENERATOR_ONNX

from . import atomic
from .compiler import GraphNetwork
from .export import (
    ArtifactInfo,
    OnnxExportError,
    _compare,
    _eval_mode,
    _first_line,
    _info,
    _quiet_exporter,
)
from .samples import GeneratorPlan, noise_for, plan_generator
from .units import UnitBody


class Generator(nn.Module):
    """The part of a network between its noise nodes and its generated images."""

    def __init__(self, network: GraphNetwork, plan: GeneratorPlan) -> None:
        super().__init__()
        self.network, self.plan = network, plan

    def forward(self, *codes: torch.Tensor) -> torch.Tensor:
        return self.network.run_from(dict(zip(self.plan.noise, codes, strict=True)), self.plan.head)


def write_generator_onnx(network: GraphNetwork, out_dir: Path) -> ArtifactInfo | None:
    """`generator.onnx` in `out_dir`, checked with onnxruntime; None when nothing is drawn."""
    plan = plan_generator(network)
    if plan is None:
        return None
    path = out_dir / GENERATOR_ONNX
    generator = Generator(network, plan)
    try:
        with atomic.replacing(path) as temporary, _eval_mode(network):
            generator.eval()  # the exporter restores the wrapper's own mode, and its network's
            export_generator_onnx(generator, plan, temporary)
            difference = _check(generator, plan, temporary)
    except OnnxExportError as error:
        path.unlink(missing_ok=True)
        return ArtifactInfo(path.name, None, reason=f"{GENERATOR_ONNX} skipped: {error}")
    noise = ", ".join(plan.noise)
    return _info(path, f"noise in: {noise}; onnxruntime max abs diff {difference:.1e}")


def export_generator_onnx(generator: Generator, plan: GeneratorPlan, path: Path) -> None:
    """Export the generator to `path` (a temporary the caller renames), batch axis dynamic."""
    names = [*plan.noise, plan.head]
    codes = tuple(noise_for(plan, 2, seed=0).values())
    try:
        with _quiet_exporter():
            torch.onnx.export(
                generator,
                codes,
                str(path),
                input_names=list(plan.noise),
                output_names=[plan.head],
                dynamo=False,
                dynamic_axes={name: {0: "batch"} for name in names},
            )
    except Exception as error:  # the exporter raises many kinds; all mean "cannot"
        raise OnnxExportError(f"cannot export: {_first_line(error)}") from error


def _check(generator: Generator, plan: GeneratorPlan, path: Path) -> float:
    """The largest difference from PyTorch on other codes and another batch size."""
    import onnxruntime

    codes = noise_for(plan, 3, seed=1)
    with torch.no_grad():
        expected = generator(*codes.values()).numpy()
    try:
        session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        (actual,) = session.run([plan.head], {n: z.numpy() for n, z in codes.items()})
    except Exception as error:  # onnxruntime's errors have no common base we could name
        raise OnnxExportError(f"onnxruntime cannot run it: {_first_line(error)}") from error
    return _compare(actual, expected)


def discriminator(network: GraphNetwork) -> tuple[str, str] | None:
    """A GAN's discriminator: (its `shared_as` name, its use on an Input's images), or None
    for a network that draws nothing or shares no unit with an Input."""
    if plan_generator(network) is None:
        return None
    for use, name in network.shared.items():
        fed = any(source in network.input_ids for source in network.node_inputs[use])
        if fed and isinstance(network.module_of(use), UnitBody):
            return name, use
    return None


def write_discriminator_onnx(network: GraphNetwork, out_dir: Path) -> ArtifactInfo | None:
    """`discriminator.onnx` in `out_dir`, checked with onnxruntime; None for no GAN."""
    found = discriminator(network)
    if found is None:
        return None
    name, use = found
    body = network.module_of(use)
    assert isinstance(body, UnitBody)
    shapes = [network.node_shapes[source] for source in network.node_inputs[use]]
    path = out_dir / DISCRIMINATOR_ONNX
    try:
        with atomic.replacing(path) as temporary, _eval_mode(network):
            export_module_onnx(body, shapes, body.input_ids, name, temporary)
            difference = _check_module(body, shapes, body.input_ids, name, temporary)
    except OnnxExportError as error:
        path.unlink(missing_ok=True)
        return ArtifactInfo(path.name, None, reason=f"{DISCRIMINATOR_ONNX} skipped: {error}")
    return _info(path, f"network {name} alone; onnxruntime max abs diff {difference:.1e}")


def _examples(shapes: list[tuple[int, ...]], count: int, seed: int) -> tuple[torch.Tensor, ...]:
    generator = torch.Generator().manual_seed(seed)
    return tuple(torch.randn((count, *shape), generator=generator) for shape in shapes)


def export_module_onnx(
    module: nn.Module, shapes: list[tuple[int, ...]], inputs: list[str], output: str, path: Path
) -> None:
    """Export `module` to `path` (a temporary the caller renames), batch axis dynamic."""
    try:
        with _quiet_exporter():
            torch.onnx.export(
                module,
                _examples(shapes, 2, seed=0),
                str(path),
                input_names=list(inputs),
                output_names=[output],
                dynamo=False,
                dynamic_axes={name: {0: "batch"} for name in [*inputs, output]},
            )
    except Exception as error:  # the exporter raises many kinds; all mean "cannot"
        raise OnnxExportError(f"cannot export: {_first_line(error)}") from error


def _check_module(
    module: nn.Module, shapes: list[tuple[int, ...]], inputs: list[str], output: str, path: Path
) -> float:
    """The largest difference from PyTorch on other inputs and another batch size."""
    import onnxruntime

    values = _examples(shapes, 3, seed=1)
    with torch.no_grad():
        expected = module(*values).numpy()
    try:
        session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        feeds = {name: x.numpy() for name, x in zip(inputs, values, strict=True)}
        (actual,) = session.run([output], feeds)
    except Exception as error:  # onnxruntime's errors have no common base we could name
        raise OnnxExportError(f"onnxruntime cannot run it: {_first_line(error)}") from error
    return _compare(actual, expected)
