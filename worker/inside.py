"""Inside a trained image network: every convolution's feature maps and the first one's filters.

`POST /api/jobs/{id}/feature-maps` sends `netcanvas.feature_maps` to the predict queue with
one image (an upload, a drawing, or a stored validation sample, as PNG); this runs it. The
answer is bounded: at most `MAX_LAYERS` convolutions, `MAX_MAPS` channel maps of each,
`MAX_FILTERS` filters, every picture no larger than `MAX_SIDE` pixels a side. Each map and
filter is stretched to its own min..max for its picture (the min and max go beside it), so
a channel of small values still shows its pattern. Grad-CAM is in `worker/gradcam.py`.

The layers are `netcanvas.inside.conv_layers`': Conv2d nodes, Conv2d nodes inside unit uses
by path (`b.conv`, `stage1.0.conv`; computed by `worker.taps.run_tapped`, so each use of a
shared unit shows its own input's maps) and image-shaped unit uses holding one (a use is one
node; its first convolution gives the filters). A network of
several heads answers for the asked head (a loss id; the primary one by default): its
class is the "predicted" one, with its own class names from the evaluation's `heads`.

A network of several Inputs is looked at through one image Input (`Feed.input`): every
Input gets validation sample `Feed.sample` of the job's dataset, loaded and split as the job
did (so the values are those training fed: images in 0..1, numbers standardised), except
that an image given with the request goes to the looked-at Input; the layers are those
computed from it, and its image is the one shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import torch
from torch import nn

from netcanvas.artifacts import GRAPH
from netcanvas.graph import load_graph
from netcanvas.inside import chosen_input, conv_layers, head_loss, no_layers
from netcanvas.messages import message
from netcanvas.targets import BINARY_LOSSES
from netcanvas.validation import Analysis, analyse

from .compiler import GraphNetwork
from .datasets import DatasetError, TestSplit, load_dataset
from .datasets.inspect import png_data_url
from .inputs import variables_of
from .predict import PredictError, image_tensor, input_shape, load_network
from .taps import module_at, run_tapped
from .targets import TargetPlan, class_scores

MAX_LAYERS = 32
MAX_MAPS = 16
MAX_FILTERS = 64
MAX_SIDE = 128


class InsideError(ValueError):
    """What cannot be shown, as a message code of `netcanvas.messages` and its params."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code, self.params = code, params

    def answer(self) -> dict[str, Any]:
        return {"error": self.code, "params": self.params}


@dataclass(frozen=True)
class Feed:
    """Several Inputs: the image Input looked at, the validation sample every Input reads,
    and the job's dataset as the job loaded it (a built-in's name or an upload's stored path,
    `name` as the user knows it; its seed, validation split and test split)."""

    input: str
    sample: int
    dataset: str
    name: str
    seed: int
    validation_split: float
    test: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, given: dict[str, Any] | None) -> Feed | None:
        """The API's `feed` argument (`backend.inside`), or None for a network of one Input."""
        if given is None:
            return None
        test = tuple(sorted((given.get("test") or {}).items()))
        fields = {k: given[k] for k in ("input", "sample", "dataset", "name", "seed")}
        return cls(**fields, validation_split=float(given["validation_split"]), test=test)


@lru_cache(maxsize=2)
def validation_variables(
    dataset: str, seed: int, split: float, test: tuple[tuple[str, Any], ...]
) -> dict[str, torch.Tensor]:
    """Every input variable of the job's validation split (`x`, `x2`, ...), as training fed
    them, kept for the next request about the same job."""
    held_out = TestSplit(**dict(test)) if test else None
    loaded = load_dataset(dataset, validation_split=split, seed=seed, test=held_out)
    return {k: v.clone() for k, v in variables_of(loaded, "val").items() if v is not None}


def first_problem(error: DatasetError, feed: Feed) -> dict[str, Any]:
    """A dataset's first problem as a message value, worded in the reader's language later;
    the upload's stored path (or its file name) named as the user knows it (`feed.name`)."""
    code, params = error.coded[0]
    return message(code, **_renamed(params, feed.dataset, feed.name))


def _renamed(value: Any, path: str, name: str) -> Any:
    if isinstance(value, str):
        return value.replace(path, name).replace(Path(path).name or path, name)
    if isinstance(value, dict):
        return {key: _renamed(item, path, name) for key, item in value.items()}
    if isinstance(value, list):
        return [_renamed(item, path, name) for item in value]
    return value


def fed_inputs(network: GraphNetwork, image: bytes | None, feed: Feed) -> tuple[torch.Tensor, ...]:
    """One tensor (1, *shape) per Input: validation sample `feed.sample` of the variable it
    reads, the given image for the looked-at Input; `InsideError` naming what is missing."""
    others = [n for n in network.input_ids if n != feed.input or image is None]
    try:
        variables = validation_variables(feed.dataset, feed.seed, feed.validation_split, feed.test)
    except DatasetError as error:
        raise InsideError("inside.no_dataset", inputs=", ".join(others), index=feed.sample,
                          dataset=feed.name, text=first_problem(error, feed)) from None  # fmt: skip
    tensors = []
    for node, variable, shape in zip(
        network.input_ids, network.input_variables, network.input_shapes, strict=True
    ):
        if node == feed.input and image is not None:
            try:
                tensors.append(image_tensor(image, tuple(shape)))
            except PredictError as error:
                raise InsideError("inside.failed", text=error.worded()) from None
            continue
        values = variables.get(variable)
        if values is None or not 0 <= feed.sample < len(values):
            text = (
                message("inside.no_sample", input=node, variable=variable, count=len(values))
                if values is not None
                else message("inside.no_variable", input=node, variable=variable)
            )
            raise InsideError("inside.no_dataset", inputs=", ".join(others), index=feed.sample,
                              dataset=feed.name, text=text)  # fmt: skip
        tensors.append(values[feed.sample : feed.sample + 1])
    return tuple(tensors)


@dataclass
class Loaded:
    """A job's network in eval mode, its graph's analysis, its evaluation and one sample: one
    tensor per Input, the looked-at image Input's among them."""

    network: GraphNetwork
    analysis: Analysis
    evaluation: dict[str, Any]
    xs: tuple[torch.Tensor, ...]  # per Input (1, *shape); the image's (1, C, H, W), 0..1
    loss: str  # the head followed: a loss node's id
    input: str  # the image Input looked at

    @property
    def x(self) -> torch.Tensor:
        """The looked-at image Input's value (1, C, H, W)."""
        return self.xs[self.network.input_ids.index(self.input)]


def load(
    folder: Path, image: bytes | None, head: str | None = None, feed: Feed | None = None
) -> Loaded:
    """The job's network and the image fitted to its Input (with `feed`, every Input's value
    of one sample); `InsideError` when it cannot be."""
    try:
        network, evaluation = load_network(folder)
        if feed is None:
            if image is None:
                raise PredictError("predict.no_image")
            xs: tuple[torch.Tensor, ...] = (image_tensor(image, input_shape(network)),)
    except PredictError as error:
        raise InsideError("inside.failed", text=error.worded()) from None
    analysis = analyse(load_graph(json.loads((folder / GRAPH).read_text())))
    node = chosen_input(analysis, feed.input if feed is not None else None)
    if node is None:
        raise InsideError("inside.not_image_input", input=feed.input if feed else None,
                          inputs=", ".join(analysis.input_nodes))  # fmt: skip
    if feed is not None:
        xs = fed_inputs(network, image, Feed(**{**feed.__dict__, "input": node}))
    if not conv_layers(analysis, node):
        code, params = no_layers(analysis)
        raise InsideError(code, **params)
    loss = head_loss(analysis, head)
    if loss is None:
        raise InsideError("inside.unknown_head", head=head, heads=", ".join(analysis.losses))
    return Loaded(network, analysis, evaluation, xs, loss, node)


def report_of(loaded: Loaded) -> dict[str, Any]:
    """The evaluation of the followed head: its entry in `heads`, or the top-level report
    (the primary head's, and every report of a job from before several heads)."""
    heads = loaded.evaluation.get("heads") or {}
    report = heads.get(loaded.loss)
    return report if isinstance(report, dict) else loaded.evaluation


def trained_on(loaded: Loaded) -> str:
    """The node whose value the followed loss compares with its target (logits, when the
    loss applies softmax itself), or its input node for a loss of several inputs."""
    network = loaded.network
    return network.trains_on.get(loaded.loss) or network.head_of[loaded.loss]


def head_value(loaded: Loaded, values: dict[str, torch.Tensor] | None = None) -> torch.Tensor:
    """What the followed loss sees for the image: from `values` (every node's, computed
    already) or from a pass computing just what it needs."""
    node = trained_on(loaded)
    if values is None:
        key = f"_inside:{node}"  # no node id starts with "_"
        loaded.network.add_plan(key, node)
        values = loaded.network.outputs_of(key, *loaded.xs)
    return values[node]


def scores(loaded: Loaded, output: torch.Tensor) -> tuple[torch.Tensor, list[str]]:
    """Class probabilities (C,) of the one sample from what the loss saw, and class names."""
    network, names = loaded.network, list(report_of(loaded).get("class_names", []))
    loss_type = network.node_types[loaded.loss]
    shape = network.node_shapes.get(trained_on(loaded), ())
    binary = loss_type in BINARY_LOSSES and tuple(shape) == (1,)
    plan = TargetPlan("binary" if binary else "index", "classification", len(names))
    probabilities = class_scores(plan, loss_type, output.detach())[0]
    return probabilities, names or [str(i) for i in range(len(probabilities))]


def predicted(loaded: Loaded, output: torch.Tensor) -> dict[str, Any] | None:
    """The chosen class of a classifier (index, name, probability); None for other tasks."""
    if report_of(loaded).get("task") != "classification":
        return None
    probabilities, names = scores(loaded, output)
    best = int(probabilities.argmax())
    return {"index": best, "name": names[best], "probability": float(probabilities[best])}


def stretched_png(values: torch.Tensor) -> str:
    """A (C, H, W) array stretched to its own min..max (all black when flat), as a PNG."""
    low, high = float(values.min()), float(values.max())
    scaled = (values - low) / (high - low) if high > low else torch.zeros_like(values)
    return png_data_url(scaled)


def fitted(maps: torch.Tensor) -> torch.Tensor:
    """(K, H, W) maps shrunk (averaging) so that no side is over `MAX_SIDE`."""
    side = max(maps.shape[-2:])
    if side <= MAX_SIDE:
        return maps
    shrunk = nn.functional.interpolate(maps[None], scale_factor=MAX_SIDE / side, mode="area")
    return shrunk[0]


def picture(values: torch.Tensor, index: int, shown: torch.Tensor | None = None) -> dict[str, Any]:
    """One map or filter: its picture (of `shown`, a smaller copy, if given), and the min
    and max of its values."""
    return {
        "index": index,
        "image": stretched_png(values if shown is None else shown),
        "min": round(float(values.min()), 6),
        "max": round(float(values.max()), 6),
    }


def layer_maps(node: str, output: torch.Tensor) -> dict[str, Any]:
    """One convolution's output (1, K, H, W): its shape and its first `MAX_MAPS` channels."""
    maps = output[0].float()  # (K, H, W)
    shown = maps[:MAX_MAPS]
    small = fitted(shown)
    return {
        "node": node,
        "shape": list(maps.shape),
        "channels": [picture(shown[k : k + 1], k, small[k : k + 1]) for k in range(len(shown))],
    }


def first_conv(node: str, module: nn.Module) -> tuple[str, nn.Module]:
    """A Conv2d node's module, or a use's first convolution and its path (`stage1.0.conv`)."""
    if isinstance(module, nn.Conv2d):
        return node, module
    for name, inner in module.named_modules():
        if isinstance(inner, nn.Conv2d):
            return f"{node}.{name}", inner
    raise InsideError("inside.no_conv")  # conv_layers lists uses holding a Conv2d only


def filters(node: str, module: nn.Module) -> dict[str, Any]:
    """The first convolution's filters as pictures: RGB for 3 input channels, the one
    channel for 1, else the mean over the input channels (`mode` says which)."""
    node, conv = first_conv(node, module)
    weight = conv.get_parameter("weight").detach().float()  # (out, in, kh, kw)
    channels = weight.shape[1]
    mode = {1: "gray", 3: "rgb"}.get(channels, "mean")
    shown = weight[:MAX_FILTERS]
    if mode == "mean":
        shown = shown.mean(dim=1, keepdim=True)
    return {
        "node": node,
        "shape": list(weight.shape),
        "mode": mode,
        "filters": [picture(shown[k], k) for k in range(len(shown))],
    }


@torch.no_grad()
def feature_maps(
    folder: Path, image: bytes | None, head: str | None = None, feed: Feed | None = None
) -> dict[str, Any]:
    """`{"input", "input_shape", "layers": [per Conv2d, in graph order], "filters",
    "predicted"?}` for one image; `predicted` is head `head`'s (a loss id; None: primary).
    With `feed` (several Inputs), the layers computed from the looked-at Input, its image,
    and `input_node` naming it."""
    loaded = load(folder, image, head, feed)
    nodes = conv_layers(loaded.analysis, loaded.input)[:MAX_LAYERS]
    # every node's value by id (a use's is its output), so every head's branch runs too, and
    # the paths inside uses (`b.conv`) as the use's own input gives them
    with torch.random.fork_rng(devices=[]):  # noise drawn the same way each time
        torch.manual_seed(0)
        outputs, taps = run_tapped(loaded.network, loaded.xs, nodes)
    output = head_value(loaded, outputs)
    outputs |= taps
    answer: dict[str, Any] = {
        "input": png_data_url(loaded.x[0]),
        "input_shape": list(loaded.x.shape[1:]),
        "layers": [layer_maps(node, outputs[node]) for node in nodes if node in outputs],
        "filters": filters(nodes[0], module_at(loaded.network, nodes[0])),
    }
    chosen = predicted(loaded, output)
    if chosen is not None:
        answer["predicted"] = chosen
    if feed is not None:
        answer["input_node"] = loaded.input
    return answer
