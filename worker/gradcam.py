"""Grad-CAM of a trained image classifier: where in one image the chosen class's score comes from.

For a convolution's output A (K maps of h×w) and the score y of class c (the logit the loss
saw; for a one-output binary classifier, the logit for class 1 and its negation for class 0):
w_k = mean over the map of dy/dA_k, cam = ReLU(Σ_k w_k A_k), then upsampled (bilinear) to
the input's size (Selvaraju et al. 2017). The layer is the last convolution before the
classifier unless one is asked for (a Conv2d inside a use by its path, `b.conv`: the value
of that use's own run, `worker.taps`); the class is the predicted one unless one is asked for.
A network of several heads follows the asked head (a loss id, the primary by default): its
score, its class names, and the convolutions it is computed from. A network of several
Inputs is looked at through one image Input (`worker.inside.Feed`): the convolutions
computed from it, and the heat over its image.
`POST /api/jobs/{id}/gradcam` sends `netcanvas.gradcam` to the predict queue; this runs it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from torch import nn

from netcanvas.inside import cam_layers, default_layer, is_layer_name

from .datasets.inspect import png_data_url
from .inside import (
    Feed,
    InsideError,
    Loaded,
    fitted,
    load,
    report_of,
    scores,
    trained_on,
)
from .taps import run_tapped

OVERLAY_ALPHA = 0.5  # the heat's share of the overlay, as Grad-CAM's own pictures mix it


def class_score(output: torch.Tensor, klass: int) -> torch.Tensor:
    """The score Grad-CAM differentiates: the class's logit (one sample)."""
    if output.shape[1] == 1:  # one output, two classes: the logit of class 1
        return output[0, 0] if klass == 1 else -output[0, 0]
    return output[0, klass]


def cam_of(activation: torch.Tensor, score: torch.Tensor) -> torch.Tensor:
    """ReLU(Σ_k w_k A_k) with w_k the spatial mean of d score / d A_k: (h, w)."""
    (gradient,) = torch.autograd.grad(score, activation)  # (1, K, h, w)
    weights = gradient.mean(dim=(2, 3), keepdim=True)  # (1, K, 1, 1)
    return torch.relu((weights * activation).sum(dim=1))[0].detach()  # (h, w)


def upsampled(cam: torch.Tensor, size: tuple[int, int]) -> torch.Tensor:
    """The cam at the input's size, bilinear, as Grad-CAM draws it: (H, W)."""
    return nn.functional.interpolate(cam[None, None], size=size, mode="bilinear")[0, 0]


def heat_colours(heat: torch.Tensor) -> torch.Tensor:
    """0..1 heat as (3, H, W) colours of the "jet" scale: blue, cyan, yellow, red. Unlike a
    scale ending in white, its hot end stays apart from white ink under it."""
    return torch.stack([(1.5 - (4 * heat - k).abs()).clamp(0, 1) for k in (3, 2, 1)])


def overlay(x: torch.Tensor, heat: torch.Tensor) -> torch.Tensor:
    """The input (C, H, W) in gray or colour mixed with the heat's colours: (3, H, W)."""
    base = x.expand(3, -1, -1) if x.shape[0] == 1 else x
    return (1 - OVERLAY_ALPHA) * base + OVERLAY_ALPHA * heat_colours(heat)


def checked_layer(loaded: Loaded, layer: str | None) -> tuple[str, list[str]]:
    """The asked layer, or the default one, and every layer Grad-CAM can weight here;
    `InsideError` naming the convolutions otherwise."""
    analysis = loaded.analysis
    convs = cam_layers(analysis, loaded.loss, loaded.input)
    if not convs:
        raise InsideError("inside.head_without_conv", head=loaded.loss, input=loaded.input)
    chosen = layer if layer is not None else default_layer(analysis, loaded.loss, loaded.input)
    if chosen not in convs:
        known = is_layer_name(analysis, str(chosen))
        code = "inside.unknown_layer" if known else "inside.no_such_layer"
        raise InsideError(code, layer=layer, layers=", ".join(convs))
    return str(chosen), convs


def rounded(grid: torch.Tensor) -> list[list[float]]:
    return [[round(float(v), 6) for v in row] for row in grid]


def grad_cam(
    folder: Path,
    image: bytes | None,
    klass: int | None,
    layer: str | None,
    head: str | None = None,
    feed: Feed | None = None,
) -> dict[str, Any]:
    """`{"layer", "class", "probability", "grid" (the cam, h×w), "heatmap" (upsampled to
    H×W, 0..1), "overlay", "heat", "input", ...}` for one image; grids are shrunk to
    `MAX_SIDE` a side at most. With `feed` (several Inputs), over the looked-at Input's
    image, at a convolution computed from it."""
    loaded = load(folder, image, head, feed)
    task = report_of(loaded).get("task")
    if task != "classification":
        raise InsideError("inside.not_classifier", task=task or "?")
    node, layers = checked_layer(loaded, layer)
    head = trained_on(loaded)
    with torch.enable_grad():  # the layer's value (a path's too) as the head is computed from it
        values, taps = run_tapped(loaded.network, loaded.xs, [node], [head])
    activation, output = taps.get(node, values.get(node)), values[head]  # (1, classes) or (1, 1)
    if activation is None:
        raise InsideError("inside.unknown_layer", layer=node, layers=", ".join(layers))
    probabilities, names = scores(loaded, output)
    chosen = int(probabilities.argmax()) if klass is None else klass
    if not 0 <= chosen < len(probabilities):
        raise InsideError("inside.unknown_class", value=chosen, last=len(probabilities) - 1)
    cam = cam_of(activation, class_score(output, chosen))  # (h, w)
    height, width = loaded.x.shape[-2:]
    heat = upsampled(cam, (int(height), int(width)))  # (H, W)
    top = float(heat.max())
    heat = heat / top if top > 0 else heat
    x = loaded.x[0]
    return {
        "layer": node,
        "layers": layers,
        "class": chosen,
        "class_name": names[chosen],
        "probability": float(probabilities[chosen]),
        "predicted": int(probabilities.argmax()),
        "class_names": names,
        "probabilities": [round(float(p), 6) for p in probabilities],
        "grid": rounded(fitted(cam[None])[0]),
        "cam_max": round(float(cam.max()), 6),
        "heatmap": rounded(fitted(heat[None])[0]),
        "input": png_data_url(x),
        "heat": png_data_url(heat_colours(heat)),
        "overlay": png_data_url(overlay(x, heat).clamp(0, 1)),
    }
