"""Which weights of an earlier job a network can start from, told without torch.

A run that starts from earlier weights (`init_from`) copies each of them to the node of the
same id whose weights have the same shapes (`worker.run.load_matching_weights`). Each node
with weights gets a signature from its layer's `weights` (every key's shape, "weight 16×1×3×3,
bias 16") or, for a layer without one, its type and parameter count; two graphs' nodes of the
same id share weights when their signatures share a part (a key and its shape, as the worker
copies key by key), and a start with no node in common cannot run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .layers import LAYERS
from .layers.base import Shape

if TYPE_CHECKING:
    from .validation import Analysis


def describe(shapes: dict[str, Shape]) -> str:
    """`{"weight": (16, 1, 3, 3), "bias": (16,)}` → "weight 16×1×3×3, bias 16"."""
    return ", ".join(f"{key} {'×'.join(map(str, shape))}" for key, shape in shapes.items())


def signatures(analysis: Analysis) -> dict[str, str]:
    """Each node with weights (a known, non-zero parameter count) and its signature."""
    found = {}
    for node, report in analysis.result.nodes.items():
        layer = LAYERS.get(analysis.types.get(node, ""))
        if layer is None or not report.params:
            continue
        shapes = [analysis.shapes.get(s) for s in analysis.inputs.get(node, [])]
        params = analysis.params.get(node)
        if layer.weights is None or params is None or None in shapes:
            found[node] = f"{layer.type} ({report.params} parameters)"
        else:
            found[node] = describe(layer.weights(params, [s for s in shapes if s is not None]))
    return found


def _parts(signature: str) -> set[str]:
    return set(signature.split(", "))


@dataclass(frozen=True)
class Fit:
    """How an earlier job's weights meet this network's nodes."""

    shared: list[str]  # same id and a weight of the same shape: these start from the earlier ones
    reshaped: list[str]  # same id, other weights: these start anew
    theirs: list[str]  # every node with weights of the earlier network

    @property
    def fits(self) -> bool:
        return bool(self.shared)


def fit(earlier: dict[str, str], now: dict[str, str]) -> Fit:
    """How the weights of a network of signatures `earlier` meet one of signatures `now`."""
    common = [node for node in now if node in earlier]
    shared = [node for node in common if _parts(earlier[node]) & _parts(now[node])]
    return Fit(
        shared=shared,
        reshaped=[node for node in common if node not in shared],
        theirs=list(earlier),
    )
