"""What every node of a graph outputs for one sample: the editor's "Layer previews".

The API checks the request (`backend/layer_preview.py`) and sends
`netcanvas.layer_preview` to the predict queue; this runs it. The graph is compiled
by the same compiler as training (`worker.compiler`) with weights drawn from a fixed
seed, so the same graph gives the same pictures from one edit to the next; with a
job, its saved weights are copied over them by node id and shape, as `init_from`
does. One training sample goes through it in eval mode (no dropout, BatchNorm's
running statistics): each Input gets its dataset variable's sample of that index (`x`,
`x2`, ...: with several Inputs a pair stays a pair). Each node's value is made small for
the browser:

- an image `[C, H, W]`: its first `MAX_CHANNELS` channels, each a grayscale PNG
  stretched from its own min to its max (both given), shrunk to `MAX_SIDE` pixels;
- a vector `[N]`: `MAX_VALUES` values at most, averaged in equal groups when longer;
- a sequence `[T, F]`: its first `MAX_LINES` features over `MAX_STEPS` steps at most;
- anything else: its min, max and mean only.

Loss nodes are left out: they need the target, and their value is no picture. Every
other node is shown, on every head's branch (a graph of several losses) and a generator's
nodes fed by `RandomNoise`; noise draws come from the same fixed seed, so they too stay put
from one edit to the next (a `GaussianSample` gives its mean, mu, in eval mode).

Each unit's body is shown as its first use runs it (`units`: per unit name, the use's
node id on the main canvas and the body's node values, `UnitInput` and `UnitOutput`
included), so the unit's own tab has previews: the first copy of a repeated use, the
first run of a use sharing its weights. A unit no use runs has none.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file
from torch import nn
from torch.nn import functional

from netcanvas.graph import GraphFormatError, load_graph

from .compiler import CompileError, GraphNetwork, compile_graph
from .datasets import DatasetError, TestSplit
from .datasets.inspect import png_data_url
from .datasets.shown import shown_training
from .units import UnitBody

SEED = 0  # the same random weights for the same graph, edit after edit
MAX_CHANNELS = 8
MAX_SIDE = 64
MAX_VALUES = 64
MAX_LINES = 4
MAX_STEPS = 128
CACHED_SAMPLES = 1000  # the first training samples of a dataset kept in the worker


class LayerPreviewError(ValueError):
    """The graph, the dataset, the sample or the weights cannot give previews; says which."""


Pairs = tuple[tuple[str, Any], ...]
# seed, validation split, test split, and the rows a preview without a job keeps out too
Split = tuple[int, float, Pairs, Pairs]
DEFAULT_SPLIT: Split = (0, 0.2, (), ())


def split_key(split: dict[str, Any] | None) -> Split:
    """The API's `split` (`backend.held_out.split_of`, `preview_split`) as a cache key; None:
    the defaults."""
    if split is None:
        return DEFAULT_SPLIT
    test = tuple(sorted((split.get("test") or {}).items()))
    avoid = tuple(sorted((split.get("avoid") or {}).items()))
    return int(split["seed"]), float(split["validation_split"]), test, avoid


@lru_cache(maxsize=4)
def first_rows(
    source: str, cache_dir: Path | None = None, split: Split = DEFAULT_SPLIT
) -> tuple[dict[str, torch.Tensor], torch.Tensor, list[int]]:
    """The first training samples of every input variable of a dataset (`x`, `x2`, ...:
    rows of one sample index across variables, so a pair stays a pair), their targets and
    their rows in the dataset, as a job splits it (`split`: its seed, validation split and
    test split, whose rows are never shown; `avoid`: more rows left out, every row a test
    fraction could hold out), kept so that an edit after the first does not decode the
    dataset again."""
    seed, fraction, test, avoid = split
    try:
        loaded, train = shown_training(source, seed=seed, validation_split=fraction,
                                       test=TestSplit(**dict(test)) if test else None,
                                       avoid=TestSplit(**dict(avoid)) if avoid else None,
                                       cache_dir=cache_dir)  # fmt: skip
    except DatasetError as error:
        raise LayerPreviewError(str(error)) from None
    variables = {"x": loaded.x_train, **loaded.more_x_train}
    kept = {name: x[:CACHED_SAMPLES].clone() for name, x in variables.items()}
    return kept, loaded.y_train[:CACHED_SAMPLES].clone(), train[:CACHED_SAMPLES].tolist()


def first_variables(
    source: str, cache_dir: Path | None = None, split: Split = DEFAULT_SPLIT
) -> tuple[dict[str, torch.Tensor], torch.Tensor]:
    """The first training samples of every input variable and their targets (`first_rows`)."""
    variables, y, _ = first_rows(source, cache_dir, split)
    return variables, y


def first_samples(source: str, cache_dir: Path | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """The first training samples of `x` and their targets (`first_variables`)."""
    variables, y = first_variables(source, cache_dir)
    return variables["x"], y


def fed(
    network: GraphNetwork, variables: dict[str, torch.Tensor], index: int
) -> list[torch.Tensor]:
    """Sample `index` of each Input's variable, in Input order, each (1, *shape); a
    `LayerPreviewError` naming the Input whose variable the dataset lacks."""
    inputs = []
    for node, variable in zip(network.input_ids, network.input_variables, strict=True):
        if variable not in variables:
            raise LayerPreviewError(
                f"Input {node!r} reads {variable!r}, which the dataset lacks "
                f"(it has {', '.join(variables)})"
            )
        inputs.append(variables[variable][index : index + 1])
    return inputs


def compiled(graph_data: dict[str, Any]) -> GraphNetwork:
    """The graph compiled with seeded random weights, in eval mode."""
    try:
        graph = load_graph(graph_data)
        with torch.random.fork_rng(devices=[]):  # leave the process's own generator alone
            torch.manual_seed(SEED)
            network = compile_graph(graph)
    except (GraphFormatError, CompileError) as error:
        raise LayerPreviewError(str(error)) from None
    return network.eval()


def load_matching(network: GraphNetwork, weights: Path) -> list[str]:
    """Copy the saved tensors whose node id and shape match; the nodes fully loaded (a
    `shared_as` name's tensors load every use of that name)."""
    try:
        saved = load_file(str(weights))
    except (OSError, ValueError) as error:
        raise LayerPreviewError(f"cannot read the job's weights: {error}") from None
    loaded, skipped = set(), set()
    with torch.no_grad():
        for key, tensor in network.state_dict().items():
            node = key.split(".", 1)[0]
            if key in saved and saved[key].shape == tensor.shape:
                tensor.copy_(saved[key])
                loaded.add(node)
            else:
                skipped.add(node)
    uses = dict(network.shared)  # use node id -> shared_as name
    return sorted(
        {n for n, name in uses.items() if name in loaded - skipped}
        | ((loaded - skipped) - set(uses.values()))
    )


def number(value: float) -> float:
    """Five significant digits: enough to read, short to send."""
    return float(f"{value:.5g}")


def summary(value: torch.Tensor) -> dict[str, Any]:
    """One node's output for one sample (no batch axis), small enough for the browser."""
    x = value.detach().float()
    stats = {
        "shape": list(x.shape),
        "min": number(float(x.min())) if x.numel() else 0.0,
        "max": number(float(x.max())) if x.numel() else 0.0,
        "mean": number(float(x.mean())) if x.numel() else 0.0,
    }
    if x.dim() == 3 and x.numel():
        return {**stats, **image(x)}
    if x.dim() == 1 and x.numel():
        values, shrunk = along(x[None], MAX_VALUES)
        return {**stats, "kind": "vector", "values": values[0], "downsampled": shrunk}
    if x.dim() == 2 and x.numel():
        lines, shrunk = along(x[:, :MAX_LINES].T, MAX_STEPS)
        return {**stats, "kind": "sequence", "lines": lines, "downsampled": shrunk}
    return {**stats, "kind": "other"}


def along(rows: torch.Tensor, most: int) -> tuple[list[list[float]], bool]:
    """Each row (R, N) averaged in equal groups down to `most` values when longer."""
    shrunk = rows.shape[1] > most
    if shrunk:
        rows = functional.adaptive_avg_pool1d(rows[None], most)[0]
    return [[number(float(v)) for v in row] for row in rows], shrunk


def image(x: torch.Tensor) -> dict[str, Any]:
    """The first channels of (C, H, W) as grayscale PNGs, each stretched over its own range."""
    x = x[:MAX_CHANNELS]
    shrunk = max(x.shape[1:]) > MAX_SIDE
    if shrunk:
        x = functional.adaptive_avg_pool2d(x[None], MAX_SIDE)[0]
    channels = []
    for channel in x:  # (H, W)
        low, high = float(channel.min()), float(channel.max())
        scaled = (channel - low) / (high - low) if high > low else torch.zeros_like(channel)
        png = png_data_url(scaled[None])
        channels.append({"png": png, "min": number(low), "max": number(high)})
    return {"kind": "image", "channels": channels, "downsampled": shrunk}


def unit_uses(network: GraphNetwork) -> dict[int, str]:
    """Each unit body module (by `id`) and the main canvas node that runs it: a use's own
    id, or for a `shared_as` module the first use of that name, in graph order."""
    runs = {network.shared.get(n, n): n for n in reversed(network.order)}
    uses = {}
    for name, module in network.named_modules():
        if isinstance(module, UnitBody):
            top = name.split(".", 1)[0]
            uses[id(module)] = runs.get(top, top)
    return uses


def run_recording_units(
    network: GraphNetwork, *inputs: torch.Tensor
) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    """Every node's value (`node_outputs`) and, per unit name, its body's values at the
    first run of any of its bodies (nested ones included), which is its first use's."""
    uses = unit_uses(network)
    units: dict[str, Any] = {}

    def record(module: nn.Module, inputs: tuple[torch.Tensor, ...], _output: Any) -> None:
        assert isinstance(module, UnitBody)
        if module.unit not in units:  # bodies inside run first, so they are recorded first
            values = module.node_values(*inputs)
            units[module.unit] = {"use": uses.get(id(module), ""), "values": values}

    hooks = [m.register_forward_hook(record) for m in network.modules() if isinstance(m, UnitBody)]
    try:
        values = network.node_outputs(*inputs)
    finally:
        for hook in hooks:
            hook.remove()
    return values, units


def label_of(y: torch.Tensor) -> Any:
    return int(y) if y.dim() == 0 and not y.is_floating_point() else y.float().tolist()


@torch.no_grad()
def layer_preview(
    graph: dict[str, Any],
    dataset: str,
    weights: Path | None = None,
    index: int = 0,
    cache_dir: Path | None = None,
    split: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Every node's output (loss nodes left out) for training sample `index` of `dataset`
    (a built-in name or an upload's stored path), with seeded weights or those in `weights`;
    `split`: how the job split the dataset (`split_key`), the defaults when None."""
    network = compiled(graph)
    variables, y, rows = first_rows(dataset, cache_dir, split_key(split))
    if index >= len(y):
        raise LayerPreviewError(f"sample {index} is beyond the first {len(y)} training samples")
    inputs = fed(network, variables, index)
    loaded = load_matching(network, weights) if weights is not None else []
    try:
        with torch.random.fork_rng(devices=[]):  # noise drawn the same way edit after edit
            torch.manual_seed(SEED)
            values, units = run_recording_units(network, *inputs)  # each (1, *shape)
    except RuntimeError as error:  # a shape PyTorch refuses that validation let through
        raise LayerPreviewError(str(error).splitlines()[0]) from None
    return {
        "index": index,
        "row": rows[index],
        "label": label_of(y[index]),
        "weights": "job" if weights is not None else "random",
        "loaded": loaded,
        "nodes": {node: summary(value[0]) for node, value in values.items()},
        "units": {
            unit: {
                "use": run["use"],
                "nodes": {node: summary(value[0]) for node, value in run["values"].items()},
            }
            for unit, run in units.items()
        },
    }
