"""Which layers "Inside the network" shows: the Conv2d nodes of a graph, in graph order.

Torch-free, so the API checks a request (`backend/inside.py`) with the same answer the
worker computes with (`worker/inside.py`, `worker/gradcam.py`).
"""

from __future__ import annotations

from netcanvas.validation import Analysis

CONV = "Conv2d"


def conv_layers(analysis: Analysis) -> list[str]:
    """Every Conv2d node, in the order the network runs them."""
    return [node for node in analysis.order if analysis.types.get(node) == CONV]


def feeding_output(analysis: Analysis) -> set[str]:
    """The nodes the network's output is computed from (the output included)."""
    if analysis.output is None:
        return set()
    needed, frontier = {analysis.output}, [analysis.output]
    while frontier:
        for source in analysis.inputs.get(frontier.pop(), []):
            if source not in needed:
                needed.add(source)
                frontier.append(source)
    return needed


def default_layer(analysis: Analysis) -> str | None:
    """Grad-CAM's layer when none is asked for: the last convolution before the classifier."""
    before = feeding_output(analysis)
    convs = [node for node in conv_layers(analysis) if node in before]
    return convs[-1] if convs else None


def image_input(analysis: Analysis) -> list[int] | None:
    """The one Input's `[C, H, W]` when it is an image (1 or 3 channels), else None."""
    inputs = analysis.input_nodes
    if len(inputs) != 1:
        return None
    shape = list(analysis.shapes.get(inputs[0], ()))
    return shape if len(shape) == 3 and shape[0] in (1, 3) else None
