"""Benchmark: one Adam update through worker/update.py's direct kernel call against
PyTorch's public optimizer API (`Adam(fused=True)`, `Adam(foreach=True)`, the default).

Each side updates the parameters of the same compiled network (the LSTM forecaster and
LeNet, as `bench/train_speed.py` trains them) with fixed gradients; zero_grad is left out
(the gradients stay). Each round times `--calls` updates of every side, in an order that
rotates from round to round, by the process's CPU time on one thread (the machine is
shared). It prints each side's median µs per update with the lowest and highest round,
and its ratio to the kernels' (higher: slower), the median of the per-round ratios.

    .venv/bin/python bench/optimizer_step.py [--rounds 7] [--calls 2000]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import torch

from netcanvas import samples
from netcanvas.graph import load_graph
from worker.compiler import compile_graph
from worker.update import FusedUpdate, Update, update_of

Params = list[torch.nn.Parameter]
SIDES: dict[str, Callable[[Params], Update]] = {
    "kernels (worker/update.py)": lambda ps: update_of(torch.optim.Adam(ps, fused=True)),
    "Adam(fused=True).step()": lambda ps: Update(torch.optim.Adam(ps, fused=True)),
    "Adam(foreach=True).step()": lambda ps: Update(torch.optim.Adam(ps, foreach=True)),
    "Adam().step() (CPU default)": lambda ps: Update(torch.optim.Adam(ps)),
}


def parameters(sample: str) -> Params:
    torch.manual_seed(0)
    params = list(compile_graph(load_graph(samples.load(sample))).parameters())
    for p in params:
        p.grad = torch.randn_like(p) * 1e-3
    return params


def timed(update: Update, calls: int) -> float:
    """µs of CPU time per `step()`."""
    start = time.process_time()
    for _ in range(calls):
        update.step()
    return (time.process_time() - start) / calls * 1e6


def spread(values: list[float], digits: int = 1) -> str:
    low, mid, high = min(values), statistics.median(values), max(values)
    return f"{mid:,.{digits}f} ({low:,.{digits}f}–{high:,.{digits}f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()
    torch.set_num_threads(1)
    print(f"torch {torch.__version__}, 1 thread, {args.rounds} rounds of {args.calls} updates")
    for sample in ("lstm_sine", "lenet"):
        updates = {name: make(parameters(sample)) for name, make in SIDES.items()}
        assert isinstance(updates["kernels (worker/update.py)"], FusedUpdate)
        for update in updates.values():
            timed(update, 3)  # not counted: the first makes the state, lazy imports
        times: dict[str, list[float]] = {name: [] for name in SIDES}
        names = list(SIDES)
        for round_number in range(args.rounds):
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:
                times[name].append(timed(updates[name], args.calls))
        base = times[names[0]]
        count = len(updates[names[0]].optimizer.param_groups[0]["params"])
        print(f"{sample} ({count} parameter tensors), µs per update:")
        for name in names:
            ratios = [t / b for t, b in zip(times[name], base, strict=True)]
            print(f"  {name:28} {spread(times[name])}  ×{statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
