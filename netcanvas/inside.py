"""Which layers "Inside the network" shows, and which head it follows, for a graph.

The layers are the Conv2d nodes and the `Unit` uses whose body holds a Conv2d and whose
output is an image `[K, H, W]` (a use is one node, as the layer previews show it; a use
sharing its parameters under a `shared_as` name is left out: its maps would be those of
whichever use ran first), in the order the network runs them, each computed from the
Input. With several Inputs, one image Input is looked at (`chosen_input`: the first image
Input unless the request names another) and the layers are those computed from it. The
head is a loss node (the primary one unless another is asked for): Grad-CAM
follows its score, and its class is the one "predicted".

Torch-free, so the API checks a request (`backend/inside.py`) with the same answer the
worker computes with (`worker/inside.py`, `worker/gradcam.py`).
"""

from __future__ import annotations

from netcanvas.topology import ancestors
from netcanvas.validation import Analysis

CONV = "Conv2d"
UNIT = "Unit"


def holds_conv(analysis: Analysis, node: str) -> bool:
    """A Conv2d node, or a use whose unit body holds one (at any depth)."""
    if analysis.types.get(node) == CONV:
        return True
    use = analysis.uses.get(node)
    if use is None or not use.copies:
        return False
    body = use.copies[0]
    return any(holds_conv(body, inner) for inner in body.order)


def from_input(analysis: Analysis, input_node: str | None = None) -> set[str]:
    """The nodes whose value depends on an Input (not on noise alone); with `input_node`,
    on that Input."""
    reached = set(analysis.input_nodes if input_node is None else [input_node])
    for node in analysis.order:
        if any(source in reached for source in analysis.inputs.get(node, [])):
            reached.add(node)
    return reached


def conv_layers(analysis: Analysis, input_node: str | None = None) -> list[str]:
    """Every Conv2d node and image-shaped use holding one, in the order the network runs them;
    with `input_node` (a network of several Inputs), those computed from that Input."""
    reached = from_input(analysis, input_node)
    layers = []
    for node in analysis.order:
        if node not in reached or node in analysis.shared:
            continue
        kind = analysis.types.get(node)
        image = len(analysis.shapes.get(node, ())) == 3
        if kind == CONV or (kind == UNIT and image and holds_conv(analysis, node)):
            layers.append(node)
    return layers


def no_layers(analysis: Analysis) -> tuple[str, dict[str, str]]:
    """Why a graph has no layer to look inside, as a message code and its params: no Conv2d
    at all, or convolutions only in uses the views cannot show (a GAN's discriminator, whose
    output is no image and whose parameters are shared; a generator fed by noise alone)."""
    hidden = [
        node
        for node in analysis.order
        if analysis.types.get(node) == UNIT and holds_conv(analysis, node)
    ]
    if not hidden:
        return "inside.no_conv", {}
    return "inside.conv_in_units", {"uses": ", ".join(hidden)}


def head_loss(analysis: Analysis, head: str | None) -> str | None:
    """The loss node a request's `head` names (a loss's id or its input node's id); the
    primary loss when none is asked for; None when the name is no head."""
    if head is None:
        return analysis.loss
    if head in analysis.heads:
        return head
    named = [loss for loss, node in analysis.heads.items() if node == head]
    return named[0] if named else None


def feeding_output(analysis: Analysis, loss: str | None = None) -> set[str]:
    """The nodes a head is computed from (the head included): loss `loss`'s input, or the
    network's output (the primary head's)."""
    top = analysis.heads.get(loss) if loss is not None else analysis.output
    if top is None:
        return set()
    return ancestors([top], lambda node: analysis.inputs.get(node, []))


def default_layer(
    analysis: Analysis, loss: str | None = None, input_node: str | None = None
) -> str | None:
    """Grad-CAM's layer when none is asked for: the last convolution before the head (of
    those computed from `input_node`, when given)."""
    before = feeding_output(analysis, loss)
    convs = [node for node in conv_layers(analysis, input_node) if node in before]
    return convs[-1] if convs else None


def image_input(analysis: Analysis) -> list[int] | None:
    """The one Input's `[C, H, W]` when it is an image (1 or 3 channels), else None."""
    inputs = analysis.input_nodes
    if len(inputs) != 1:
        return None
    shape = list(analysis.shapes.get(inputs[0], ()))
    return shape if len(shape) == 3 and shape[0] in (1, 3) else None


def image_inputs(analysis: Analysis) -> list[str]:
    """The Input nodes whose shape is an image `[1 or 3, H, W]`, in graph order."""
    return [
        node
        for node in analysis.input_nodes
        if len(shape := list(analysis.shapes.get(node, ()))) == 3 and shape[0] in (1, 3)
    ]


def chosen_input(analysis: Analysis, name: str | None) -> str | None:
    """The image Input a request names (its node id, or the dataset variable it reads: `x2`);
    the first image Input when none is named; None when the name is no image Input."""
    images = image_inputs(analysis)
    if name is None:
        return images[0] if images else None
    if name in images:
        return name
    reading = [n for n in images if getattr(analysis.params.get(n), "variable", "x") == name]
    return reading[0] if reading else None
