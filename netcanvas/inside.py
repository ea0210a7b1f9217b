"""Which layers "Inside the network" shows, and which head it follows, for a graph.

The layers are the Conv2d nodes, the Conv2d nodes inside `Unit` uses, and the uses whose
body holds a Conv2d and whose output is an image `[K, H, W]` (a use is one node, as the layer
previews show it; a use sharing its parameters under a `shared_as` name is left out as a
whole), in the order the network runs them, each computed from the Input. A convolution
inside a use is named by its path (`inside_paths`): the use's id, then the node's id in the
unit (`b.conv`, as the latent map names noise in a use `z.draw`), through nested uses
(`outer.inner.conv`); a use of several copies numbers them from 0 as the state_dict's keys do
(`stage1.0.conv`, `stage1.1.conv`). Each use of a shared unit is its own path, computed
from its own input (the siamese's `a.conv` from x, `b.conv` from x2). With several Inputs,
one image Input is looked at (`chosen_input`: the first image Input unless the request names
another) and the layers are those computed from it. The head is a loss node (the primary one
unless another is asked for): Grad-CAM follows its score, and its class is the one
"predicted".

Torch-free, so the API checks a request (`backend/inside.py`) with the same answer the
worker computes with (`worker/inside.py`, `worker/gradcam.py`).
"""

from __future__ import annotations

from netcanvas.topology import ancestors
from netcanvas.validation import Analysis, UnitUse

CONV = "Conv2d"
UNIT = "Unit"
MAX_INSIDE = 256  # paths listed inside one use at most (a use may expand to 100,000 layers)


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


def inside_paths(use: UnitUse, prefix: str, limit: int = MAX_INSIDE) -> list[str]:
    """The paths of the Conv2d nodes a use runs (`prefix` is the use's own path and a dot),
    in the order it runs them: each copy's (numbered from 0 when there are several), nested
    uses' too; at most `limit`. Nodes that do not lead to the unit's output never run."""
    paths: list[str] = []
    several = len(use.copies) > 1
    for copy, body in enumerate(use.copies):
        base = f"{prefix}{copy}." if several else prefix
        end = body.inputs.get(body.output or "", [])
        runs = ancestors(end, body.inputs.__getitem__) if end else set()
        for node in body.order:
            if node not in runs or len(paths) >= limit:
                continue
            if body.types.get(node) == CONV:
                paths.append(base + node)
            elif node in body.uses:
                paths += inside_paths(body.uses[node], f"{base}{node}.", limit - len(paths))
    return paths


def conv_layers(analysis: Analysis, input_node: str | None = None) -> list[str]:
    """Every Conv2d node, Conv2d inside a use (by path) and image-shaped use holding one, in
    the order the network runs them; with `input_node` (a network of several Inputs), those
    computed from that Input."""
    reached = from_input(analysis, input_node)
    layers = []
    for node in analysis.order:
        if node not in reached:
            continue
        kind = analysis.types.get(node)
        if kind == UNIT and node in analysis.uses:
            layers += inside_paths(analysis.uses[node], f"{node}.")
        if node in analysis.shared:
            continue
        image = len(analysis.shapes.get(node, ())) == 3
        if kind == CONV or (kind == UNIT and image and holds_conv(analysis, node)):
            layers.append(node)
    return layers


def use_of(layer: str) -> str:
    """The node on the main canvas a layer is computed by: itself, or the use a path is in."""
    return layer.split(".", 1)[0]


def is_layer_name(analysis: Analysis, layer: str) -> bool:
    """Whether `layer` names a node of the graph or a Conv2d's path inside a use (computed
    from an Input or not: a name that exists, whether Grad-CAM can use it or not)."""
    if layer in analysis.types:
        return True
    use = analysis.uses.get(use_of(layer))
    return use is not None and layer in inside_paths(use, f"{use_of(layer)}.")


def no_layers(analysis: Analysis) -> tuple[str, dict[str, str]]:
    """Why a graph has no layer to look inside, as a message code and its params: no Conv2d
    at all, or convolutions only in uses not computed from the looked-at Input (a generator
    fed by noise alone)."""
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


def cam_layers(
    analysis: Analysis, loss: str | None = None, input_node: str | None = None
) -> list[str]:
    """The layers Grad-CAM can weight for head `loss` (the primary one by default): those of
    `conv_layers` (computed from `input_node`, when given) that the head is computed from."""
    before = feeding_output(analysis, loss)
    return [node for node in conv_layers(analysis, input_node) if use_of(node) in before]


def default_layer(
    analysis: Analysis, loss: str | None = None, input_node: str | None = None
) -> str | None:
    """Grad-CAM's layer when none is asked for: the last convolution before the head (of
    those computed from `input_node`, when given)."""
    convs = cam_layers(analysis, loss, input_node)
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
