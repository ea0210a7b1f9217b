"""Per-epoch checkpoints: everything a run needs to continue after its last whole epoch.

A checkpoint is one `torch.save` dict (`FORMAT`), written through
`atomic.replacing` so its path only ever holds a complete one: the network's
weights, the optimizer's and the LR schedule's state, the batch-order
generator, torch's global RNG (and CUDA's; dropout draws from them), the epoch,
the keep-best and early-stopping state, the epoch rows and the throughput.
Every tensor is on the CPU and every other value is a plain number, string,
list or dict, so `torch.load(weights_only=True)` reads it without unpickling
objects. A checkpoint that does not fit the network is refused before anything
is loaded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from .atomic import replacing

FORMAT = "netcanvas/checkpoint@1"


class CheckpointError(Exception):
    """The checkpoint cannot be read, or belongs to another network or optimizer."""


@dataclass
class KeepBest:
    """What keep-best and early stopping follow from epoch to epoch."""

    score: float = float("inf")
    state: dict[str, torch.Tensor] | None = None  # the best weights, when keep_best asks
    stale: int = 0  # epochs without improvement
    stopped: bool = False  # early stopping ended the run


@dataclass
class Progress:
    """A run's state after `epoch` whole epochs, as a checkpoint keeps it."""

    epoch: int
    best: KeepBest
    history: list[dict[str, Any]] = field(default_factory=list)
    throughput: tuple[int, float] = (0, 0.0)


def save(
    path: Path,
    progress: Progress,
    network: torch.nn.Module,
    optimizer: torch.optim.Optimizer,
    schedule: torch.optim.lr_scheduler.LRScheduler,
    generator: torch.Generator,
    device: torch.device,
    more: Sequence[tuple[torch.optim.Optimizer, torch.optim.lr_scheduler.LRScheduler]] = (),
) -> None:
    """Write the checkpoint atomically: an interrupted write leaves the previous one.

    `more`: the optimizers and schedules of a run's later training phases (worker/phases.py),
    kept beside the first's so a resumed GAN keeps every phase's moments."""
    best = progress.best
    state: dict[str, Any] = {
        "format": FORMAT,
        "epoch": progress.epoch,
        "network": _cpu(network.state_dict()),
        "optimizer": _cpu(optimizer.state_dict()),
        "schedule": _cpu(schedule.state_dict()),
        "generator": generator.get_state(),
        "rng": torch.get_rng_state(),
        "best_score": best.score,
        "best_state": _cpu(best.state) if best.state is not None else None,
        "stale": best.stale,
        "stopped": best.stopped,
        "history": [dict(row) for row in progress.history],
        "throughput": list(progress.throughput),
        "more_optimizers": [
            {"optimizer": _cpu(o.state_dict()), "schedule": _cpu(sched.state_dict())}
            for o, sched in more
        ],
    }
    if device.type == "cuda":  # dropout on the GPU draws from CUDA's generators
        state["cuda_rng"] = torch.cuda.get_rng_state_all()
    with replacing(path) as temporary:
        torch.save(state, temporary)


def load(path: Path) -> dict[str, Any]:
    """Read a checkpoint without unpickling anything but tensors and plain values."""
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as error:  # a truncated or foreign file: pickle, zip and torch errors
        raise CheckpointError(f"cannot read the checkpoint {path.name}: {error}") from None
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise CheckpointError(f"{path.name} is not a {FORMAT} checkpoint")
    return state


def restore(
    state: Mapping[str, Any],
    network: torch.nn.Module,
    optimizer: torch.optim.Optimizer,
    schedule: torch.optim.lr_scheduler.LRScheduler,
    generator: torch.Generator,
    more: Sequence[tuple[torch.optim.Optimizer, torch.optim.lr_scheduler.LRScheduler]] = (),
) -> Progress:
    """Load a checkpoint read by `load` into the run; refused whole when it does not fit."""
    check_fits(state, network, optimizer)
    saved_more = state.get("more_optimizers") or []  # none in checkpoints of older workers
    if len(saved_more) != len(more):
        raise CheckpointError(
            f"the checkpoint kept {len(saved_more)} more training phases' optimizers, "
            f"this run has {len(more)}"
        )
    for (other, _), saved in zip(more, saved_more, strict=True):
        optimizer_fits(saved["optimizer"], other)
    network.load_state_dict(state["network"])
    load_optimizer(optimizer, state["optimizer"])
    schedule.load_state_dict(state["schedule"])
    for (other, other_schedule), saved in zip(more, saved_more, strict=True):
        load_optimizer(other, saved["optimizer"])
        other_schedule.load_state_dict(saved["schedule"])
    generator.set_state(state["generator"])
    torch.set_rng_state(state["rng"])
    cuda_rng = state.get("cuda_rng")  # skipped on a machine with other (or no) GPUs
    if (
        cuda_rng is not None
        and torch.cuda.is_available()
        and torch.cuda.device_count() == len(cuda_rng)
    ):
        torch.cuda.set_rng_state_all(cuda_rng)
    best = KeepBest(
        float(state["best_score"]), state["best_state"], int(state["stale"]), state["stopped"]
    )
    samples, seconds = state["throughput"]
    return Progress(int(state["epoch"]), best, list(state["history"]), (samples, seconds))


IMPLEMENTATION = ("fused", "foreach", "capturable", "differentiable")
"""How an optimizer computes its update: this run's choice (a GPU run that captures its
step is `capturable`, a CPU run is not), never the checkpoint's."""


def load_optimizer(optimizer: torch.optim.Optimizer, saved: Mapping[str, Any]) -> None:
    """The saved state and hyper-parameters, with this run's implementation flags; each step
    count where those flags keep it (on the weights' device when fused or capturable)."""
    own = [{k: group[k] for k in IMPLEMENTATION if k in group} for group in optimizer.param_groups]
    optimizer.load_state_dict(dict(saved))
    for group, flags in zip(optimizer.param_groups, own, strict=True):
        group.update(flags)
        on_device = bool(group.get("fused") or group.get("capturable"))
        for param in group["params"]:
            count = optimizer.state.get(param, {}).get("step")
            if isinstance(count, torch.Tensor):
                optimizer.state[param]["step"] = count.to(param.device if on_device else "cpu")


def check_fits(
    state: Mapping[str, Any], network: torch.nn.Module, optimizer: torch.optim.Optimizer
) -> None:
    """Refuse a checkpoint of another graph (weights) or another trainable set (optimizer)."""
    problems = mismatches(state["network"], network.state_dict())
    if state["best_state"] is not None:
        problems += mismatches(state["best_state"], network.state_dict())
    if problems:
        shown = "; ".join(dict.fromkeys(problems[:6]))
        raise CheckpointError(f"the checkpoint does not fit this network: {shown}")
    optimizer_fits(state["optimizer"], optimizer)


def optimizer_fits(saved_state: Mapping[str, Any], optimizer: torch.optim.Optimizer) -> None:
    """Refuse an optimizer's saved state for another trainable set."""
    saved = [len(group["params"]) for group in saved_state["param_groups"]]
    here = [len(group["params"]) for group in optimizer.param_groups]
    if saved != here:
        raise CheckpointError(
            f"the checkpoint's optimizer trained {sum(saved)} weight tensors, this run "
            f"trains {sum(here)}: were other nodes frozen?"
        )


def mismatches(saved: Mapping[str, torch.Tensor], here: Mapping[str, torch.Tensor]) -> list[str]:
    """Each difference between two state dicts, named by key."""
    problems = [f"{key} is missing from the checkpoint" for key in here if key not in saved]
    problems += [f"{key} is not in this network" for key in saved if key not in here]
    for key, tensor in here.items():
        if key in saved and saved[key].shape != tensor.shape:
            problems.append(
                f"{key} is {_shape(saved[key])} in the checkpoint, {_shape(tensor)} here"
            )
    return problems


def _shape(tensor: torch.Tensor) -> str:
    return "×".join(str(size) for size in tensor.shape) or "a scalar"


def _cpu(value: Any) -> Any:
    """The same structure with every tensor detached onto the CPU (a copy, never a view)."""
    if isinstance(value, torch.Tensor):
        return value.detach().to("cpu", copy=True)
    if isinstance(value, Mapping):
        return {key: _cpu(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_cpu(item) for item in value)
    return value
