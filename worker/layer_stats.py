"""Per layer, once an epoch: the L2 norm of its weights and of its gradients, and a
histogram of each, for the epoch event's `layers` (the "Weights and gradients" view).

A layer is a node of the graph with parameters (`GraphNetwork`'s children are named by
node id); its figures are over all its parameters together (weight and bias). The
gradient is the one the epoch's LAST step left in `p.grad` (the optimizer zeroes them
only at the start of the next step; a captured step replays its backward into the same
tensors), not a mean over the epoch. A frozen node has no gradient: weight figures only.

Everything is computed on the training device, with no host sync per layer: the norms,
the ranges and the counts (a histogram by `scatter_add_`, not `torch.histc`, whose range
must be host numbers) go into two tensors that are copied to the host in one go.

Bounded: at most `MAX_LAYERS` layers (the first in the graph's order), `BINS` bins, and
`carries(epoch, epochs, most)` spreads them over a long run: the norms on at most
`NORM_EPOCHS` epochs, the histograms on at most `HIST_EPOCHS`, the first and last
always among them.
"""

from __future__ import annotations

import math
from typing import Any

import torch

MAX_LAYERS = 64
BINS = 30
NORM_EPOCHS = 500  # epochs of a run whose event carries the norms, at most
HIST_EPOCHS = 50  # epochs whose event carries the histograms too, at most

Layer = tuple[str, list[torch.nn.Parameter]]


def carries(epoch: int, epochs: int, most: int) -> bool:
    """Whether `epoch` (1-based, of `epochs`) is one of the at most `most` that carry a figure:
    every k-th, and the first and the last."""
    every = max(1, math.ceil(epochs / most))
    return epoch == 1 or epoch == epochs or (epoch % every == 0 and epoch // every < most)


def weighted_layers(network: torch.nn.Module) -> list[Layer]:
    """The nodes with parameters, by node id, in the network's order; at most MAX_LAYERS."""
    layers = [
        (name, list(child.parameters()))
        for name, child in network.named_children()
        if sum(p.numel() for p in child.parameters()) > 0
    ]
    return layers[:MAX_LAYERS]


def _flat(tensors: list[torch.Tensor]) -> torch.Tensor:
    return torch.cat([t.detach().reshape(-1).float() for t in tensors])  # (N,)


def _figures(values: torch.Tensor, histogram: bool) -> tuple[torch.Tensor, torch.Tensor]:
    """[norm, lo, hi] and the BINS counts between lo and hi (the last bin holds hi, as
    `torch.histc`'s does; zeros when no `histogram` is asked for); on the values' device,
    no sync."""
    lo, hi = values.min(), values.max()
    if not histogram:
        empty = torch.zeros(BINS, dtype=torch.long, device=values.device)
        return torch.stack([torch.linalg.vector_norm(values), lo, hi]), empty
    span = (hi - lo).clamp_min(torch.finfo(values.dtype).tiny)
    index = ((values - lo) / span * BINS).long().clamp_(0, BINS - 1)  # (N,) the bin
    counts = torch.zeros(BINS, dtype=torch.long, device=values.device)
    counts.scatter_add_(0, index, torch.ones_like(index))
    return torch.stack([torch.linalg.vector_norm(values), lo, hi]), counts


def layer_stats(network: torch.nn.Module, histograms: bool = True) -> dict[str, dict[str, Any]]:
    """`{node_id: {weight_norm, grad_norm?, weight_hist?, grad_hist?}}` as the epoch event
    carries it; one copy to the host for all layers (the module's docstring)."""
    layers = weighted_layers(network)
    if not layers:
        return {}
    device = layers[0][1][0].device
    nothing = torch.zeros(3, device=device), torch.zeros(BINS, dtype=torch.long, device=device)
    rows, counts, has_grad = [], [], []
    for _, params in layers:
        grads = [p.grad for p in params if p.requires_grad and p.grad is not None]
        weight = _figures(_flat(list(params)), histograms)
        grad = _figures(_flat(grads), histograms) if grads else nothing
        rows.append(torch.cat([weight[0], grad[0]]))  # (6,)
        counts.append(torch.stack([weight[1], grad[1]]))  # (2, BINS)
        has_grad.append(bool(grads))
    figures = torch.stack(rows).cpu().tolist()  # (L, 6): the one sync
    bins = torch.stack(counts).cpu().tolist()  # (L, 2, BINS): already computed
    out: dict[str, dict[str, Any]] = {}
    for (name, _), row, count, trained in zip(layers, figures, bins, has_grad, strict=True):
        entry: dict[str, Any] = {"weight_norm": _number(row[0])}
        if histograms:
            entry["weight_hist"] = _histogram(row[1], row[2], count[0])
        if trained:
            entry["grad_norm"] = _number(row[3])
            if histograms:
                entry["grad_hist"] = _histogram(row[4], row[5], count[1])
        out[name] = entry
    return out


def _number(value: float) -> float | None:
    """A figure as JSON takes it: a non-finite one (a diverged run) is null."""
    return value if math.isfinite(value) else None


def _histogram(lo: float, hi: float, counts: list[int]) -> dict[str, Any] | None:
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return None
    return {"lo": lo, "hi": hi, "counts": counts}
