"""Generated samples: what a generative network draws from noise, after epochs and on demand.

`plan_generator` finds, in a compiled network, where noise goes in and which head it comes
out of: for a VAE, N(0, 1) noise takes the place of the `GaussianSample` node's draw and
the network runs on to the first head fed from it whose shape is an image `[C, H, W]` (the
reconstruction loss's input, the decoder's output). Only the nodes between the two run, so
the encoder and the Input are not needed. A GaussianSample inside a unit (a `Sampler`)
counts when its draw alone gives the use's value: its noise is named by the path
`use.node` (`worker/units.py` `given_values`). A GAN's `RandomNoise` nodes are noise the same
way; its losses see the generator only through the discriminator, so its images come from
the first node reached from the noise with the Input's image shape (`_generated_image`).

`Samples.after_epoch` sends a `samples` event (`netcanvas.events.SamplesEvent`) rate-limited
like `worker/boundary.py` (at most one per `INTERVAL_S`, about `MAX_EVENTS` a run, the last
epoch always): `COUNT` images from fixed noise (the same z every epoch, so the grid shows
the decoder learning) tiled into one PNG, and for a 2-D latent space the latent map: the
decoder's images over a `MAP_SIZE`² grid of z in [-3, 3]² and the validation samples' mu
coloured by class. `generate` draws new images for try-it (`POST /api/jobs/{id}/generate`).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from netcanvas.events import LatentMap, SamplesEvent
from netcanvas.layers.generative import NOISE_TYPES  # nodes whose output N(0, 1) noise replaces

from .compiler import GraphNetwork
from .datasets.base import Dataset
from .datasets.inspect import png_data_url
from .evaluation import kept_indices
from .split_evaluation import EVAL_BATCH
from .units import UnitBody

COUNT = 36  # images per grid: 6 × 6
MAX_COUNT = 64  # the most one try-it request draws
MAP_SIZE = 10
MAP_RANGE = 3.0
MAX_POINTS = 500
INTERVAL_S = 1.0  # a samples event (two PNGs, the points) is larger than a boundary event
MAX_EVENTS = 50


@dataclass(frozen=True)
class GeneratorPlan:
    """Noise goes in at `noise` (node id, or `use.node` inside a unit → its per-sample shape);
    images come out of `head`."""

    noise: dict[str, tuple[int, ...]]
    head: str
    shape: tuple[int, ...]  # the head's [C, H, W]
    uniform: tuple[str, ...] = ()  # noise nodes that draw U(-1, 1) (RandomNoise "uniform")


def _downstream(network: GraphNetwork, sources: set[str]) -> set[str]:
    """Nodes whose every input is computable from `sources` alone."""
    reached = set(sources)
    for node in network.order:
        ins = network.node_inputs[node]
        if node not in reached and ins and all(s in reached for s in ins):
            reached.add(node)
    return reached


def plan_generator(network: GraphNetwork) -> GeneratorPlan | None:
    """Where noise goes in and which image head it reaches; None for a network that draws
    nothing (no noise node, or no image head computable from the noise alone)."""
    noise = {
        n: network.node_shapes[n]
        for n in network.order
        if network.node_types.get(n) in NOISE_TYPES and n in network.node_shapes
    }
    uniform = tuple(n for n in noise if _uniform(network, n))
    uses = set()  # uses whose value noise drawn inside them alone gives (a Sampler unit)
    for n in network.order:
        inner = _use_noise(network.module_of(n)) if network.node_types.get(n) == "Unit" else {}
        noise |= {f"{n}.{path}": shape for path, shape in inner.items()}
        uses |= {n} if inner else set()
    if not noise:
        return None
    reached = _downstream(network, set(noise) | uses)
    for loss in network.loss_ids:
        head = network.head_nodes.get(loss, "")
        shape = network.node_shapes.get(head, ())
        if head in reached and head not in noise and len(shape) == 3:
            return GeneratorPlan(noise, head, shape, uniform)
    image = _generated_image(network, reached - set(noise))
    if image is None:
        return None
    return GeneratorPlan(noise, image, network.node_shapes[image], uniform)


def _use_noise(module: torch.nn.Module) -> dict[str, tuple[int, ...]]:
    """The noise nodes inside a use (paths from it: `z`, `inner.z`) with their shapes, when
    they alone give its value; else none. One run of one body only (no copies)."""
    if not isinstance(module, UnitBody) or module.times != 1:
        return {}
    noise: dict[str, tuple[int, ...]] = {}
    sources = set()
    for node, _ in module.steps:
        inner = _use_noise(module._modules[node])  # type: ignore[arg-type]
        if module.types.get(node) in NOISE_TYPES:
            noise[node] = tuple(module.shapes[node])
        noise |= {f"{node}.{path}": shape for path, shape in inner.items()}
        sources |= {node} if inner or node in noise else set()
    reached = set(sources)
    for node, ins in module.steps:
        if node not in reached and ins and all(s in reached for s in ins):
            reached.add(node)
    return noise if module.output_id in reached else {}


def _uniform(network: GraphNetwork, node: str) -> bool:
    return getattr(network.module_of(node), "distribution", "normal") == "uniform"


def _generated_image(network: GraphNetwork, reached: set[str]) -> str | None:
    """A GAN's generator output, whose images its losses see only through the discriminator:
    the first node computed from the noise alone with an Input's image shape [C, H, W] (what
    the discriminator also takes), followed on through nodes of that shape (a final Sigmoid),
    never into an Unlink."""
    images = {tuple(s) for s in network.input_shapes if len(s) == 3}
    found = [n for n in network.order if n in reached and network.node_shapes.get(n) in images]
    found = [n for n in found if network.node_types.get(n) != "Unlink"]
    if not found:
        return None
    node = found[0]
    while True:
        after = [c for c in network.order if node in network.node_inputs[c] and c in found
                 and network.node_shapes[c] == network.node_shapes[node]]  # fmt: skip
        if len(after) != 1:
            return node
        node = after[0]


@torch.no_grad()
def decode(
    network: GraphNetwork, plan: GeneratorPlan, codes: dict[str, torch.Tensor], device: torch.device
) -> torch.Tensor:
    """The head's images (N, C, H, W) on the CPU for the given codes (N, *noise shape), in
    evaluation mode (the network's mode is restored), in batches of `EVAL_BATCH`."""
    was_training = network.training
    network.eval()
    count = len(next(iter(codes.values())))
    parts = []
    try:
        for start in range(0, count, EVAL_BATCH):
            given = {n: z[start : start + EVAL_BATCH].to(device) for n, z in codes.items()}
            parts.append(network.run_from(given, plan.head).float().cpu())
    finally:
        network.train(was_training)
    return torch.cat(parts)


def noise_for(plan: GeneratorPlan, count: int, seed: int | None = None) -> dict[str, torch.Tensor]:
    """N(0, 1) codes for `count` images; the same ones for the same seed."""
    generator = torch.Generator().manual_seed(seed) if seed is not None else None
    codes = {}
    for node, shape in plan.noise.items():
        if node in plan.uniform:
            codes[node] = torch.rand((count, *shape), generator=generator) * 2 - 1
        else:
            codes[node] = torch.randn((count, *shape), generator=generator)
    return codes


def generate(
    network: GraphNetwork, plan: GeneratorPlan, count: int, seed: int | None, device: torch.device
) -> torch.Tensor:
    """`count` (at most `MAX_COUNT`) new images (N, C, H, W) from fresh noise."""
    return decode(network, plan, noise_for(plan, min(count, MAX_COUNT), seed), device)


def generate_from(folder: Path, count: int, seed: int | None) -> dict[str, Any]:
    """Try-it: new images from a finished job's weights (on the CPU), as PNG data URLs; an
    `error` ("not_generative", or why it failed) when there are none to draw."""
    from .predict import PredictError, load_network

    try:
        network, _ = load_network(folder)
        plan = plan_generator(network)
        if plan is None:
            return {"error": "not_generative"}
        images = shown(generate(network, plan, count, seed, torch.device("cpu")))
    except (PredictError, KeyError, RuntimeError) as error:
        return {"error": str(error)}
    urls = [png_data_url(image) for image in images]
    return {"head": plan.head, "shape": list(plan.shape), "images": urls}


def tiled(images: torch.Tensor, columns: int) -> torch.Tensor:
    """Images (N, C, H, W) as one (C, rows·H, columns·W) picture, row-major."""
    count, channels, height, width = images.shape
    rows = math.ceil(count / columns)
    canvas = torch.zeros(channels, rows * height, columns * width)
    for index in range(count):
        r, c = divmod(index, columns)
        canvas[:, r * height : (r + 1) * height, c * width : (c + 1) * width] = images[index]
    return canvas


def shown(images: torch.Tensor) -> torch.Tensor:
    """Images a PNG can show: 1 or 3 channels (else the first), values 0..1 kept, any other
    range stretched over the whole set."""
    if images.shape[1] not in (1, 3):
        images = images[:, :1]
    low, high = float(images.min()), float(images.max())
    if low < 0 or high > 1:
        images = (images - low) / max(high - low, 1e-12)
    return images.clamp(0, 1)


def grid_png(images: torch.Tensor, columns: int) -> str:
    return png_data_url(tiled(shown(images), columns))


def latent_codes(size: int = MAP_SIZE, span: float = MAP_RANGE) -> torch.Tensor:
    """(size², 2) codes over [-span, span]², row-major; row 0 at the highest z1 (the top of
    the picture), column 0 at the lowest z0."""
    axis = torch.linspace(-span, span, size)
    z1, z0 = torch.meshgrid(axis.flip(0), axis, indexing="ij")
    return torch.stack([z0.reshape(-1), z1.reshape(-1)], dim=1)


def noise_module(network: GraphNetwork, path: str) -> tuple[str, torch.nn.Module]:
    """A noise node's type and module by its plan name: a node id, or a path into a use
    (`z.draw`, `outer.inner.draw`), walked through the unit bodies."""
    top, *inner = path.split(".")
    kind, module = network.node_types.get(top, ""), network.module_of(top)
    for name in inner:
        if not isinstance(module, UnitBody) or name not in module._modules:
            return "", module
        kind, module = module.types.get(name, ""), module._modules[name]  # type: ignore[assignment]
    return kind, module


def latent_points(
    network: GraphNetwork, node: str, dataset: Dataset, device: torch.device
) -> list[list[float]]:
    """At most `MAX_POINTS` validation samples' mu (the GaussianSample's first input, `node`
    a node id or a path into a use), with their class (0 for a dataset without classes)."""
    top = node.split(".", 1)[0]  # the node, or the use that holds it
    _, sampler = noise_module(network, node)
    keep = kept_indices(len(dataset.x_val), MAX_POINTS)
    x, labels = dataset.x_val[keep].float(), dataset.y_val[keep]
    values: list[torch.Tensor] = []
    hook = sampler.register_forward_hook(lambda _m, ins, _o: values.append(ins[0].float().cpu()))
    was_training = network.training
    network.eval()
    try:
        with torch.no_grad():
            for start in range(0, len(x), EVAL_BATCH):
                batch = x[start : start + EVAL_BATCH].to(device)  # (B, *sample), or packed
                given = dict(zip(network.input_ids, network.unpack(batch), strict=True)) if len(
                    network.input_ids) > 1 else {network.input_ids[0]: batch}  # fmt: skip
                network.run_from(given, top)  # the sampler's mu is recorded on the way
    finally:
        hook.remove()
        network.train(was_training)
    classes = labels.tolist() if dataset.task == "classification" else [0] * len(x)
    rows = zip(torch.cat(values).tolist(), classes, strict=True)
    return [[round(a, 4), round(b, 4), int(c)] for (a, b), c in rows]


def latent_map(
    network: GraphNetwork, plan: GeneratorPlan, dataset: Dataset, device: torch.device
) -> LatentMap | None:
    """The map of a 2-D latent space (one noise node of shape [2] fed from the Input): a
    GaussianSample node, or one inside a unit use (its path, `z.draw`, as the plan names it)."""
    if len(plan.noise) != 1 or next(iter(plan.noise.values())) != (2,):
        return None
    node = next(iter(plan.noise))
    kind, _ = noise_module(network, node)
    if kind != "GaussianSample" or len(network.input_ids) != 1:
        return None
    images = decode(network, plan, {node: latent_codes()}, device)
    names = list(dataset.class_names) if dataset.task == "classification" else [""]
    return LatentMap(
        size=MAP_SIZE,
        low=-MAP_RANGE,
        high=MAP_RANGE,
        grid=grid_png(images, MAP_SIZE),
        points=latent_points(network, node, dataset, device),
        class_names=names,
    )


class Samples:
    """One run's generated samples: the fixed noise, and when the next event is due."""

    def __init__(
        self, network: GraphNetwork, plan: GeneratorPlan, dataset: Dataset, device: torch.device
    ) -> None:
        self.network, self.plan, self.dataset, self.device = network, plan, dataset, device
        self.codes = noise_for(plan, COUNT, seed=0)
        self.due = 0.0
        self.sent_epoch = -(10**9)  # the first epoch always draws

    @classmethod
    def plan_for(
        cls, network: GraphNetwork, dataset: Dataset, device: torch.device
    ) -> Samples | None:
        plan = plan_generator(network)
        return cls(network, plan, dataset, device) if plan is not None else None

    def after_epoch(self, epoch: int, epochs: int, stopped: bool = False) -> dict[str, Any] | None:
        """The `samples` event after `epoch` of `epochs`, or None when it is not due."""
        spacing = max(1, epochs // MAX_EVENTS)
        last = epoch >= epochs or stopped
        if not last and (time.monotonic() < self.due or epoch - self.sent_epoch < spacing):
            return None
        images = decode(self.network, self.plan, self.codes, self.device)
        columns = math.ceil(math.sqrt(COUNT))
        event = SamplesEvent(
            epoch=epoch,
            head=self.plan.head,
            shape=list(self.plan.shape),
            count=COUNT,
            columns=columns,
            grid=grid_png(images, columns),
            latent=latent_map(self.network, self.plan, self.dataset, self.device),
        )
        self.due, self.sent_epoch = time.monotonic() + INTERVAL_S, epoch
        return event.wire()
