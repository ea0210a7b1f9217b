"""Benchmark: steady-state training speed of the engine against a hand-written PyTorch loop.

Both train the same compiled network (same seed) with the same optimizer (Adam with
fused kernels, as the engine makes it), the same batch size and the same tensors,
already in memory: the baseline is the loop one writes by hand without a `DataLoader`,
a shuffled index per epoch and one slice per step. Both are timed over the same window,
the one the engine's `samples_per_s` counts: from the end of the first epoch's
`WARM_STEPS`-th step to the end of the last epoch, each later epoch from its first step
to its end (after a sync where the device has one); the shuffle is outside the clock.
The order alternates from round to round (engine first, then baseline first), so
neither always runs on a warmer machine; each side's samples/s are reported as the
median with the spread (lowest–highest) over the rounds, and their ratio (engine /
baseline) with the spread of per-round ratios. A first, uncounted run of each side pays
for lazy imports and warms the caches.

`--threads N` sets torch's intra-op threads. On a shared machine the default (one per
core) measures the neighbours as much as the loops: a thread descheduled at one of
the kernels' barriers stalls the other, so per-round figures spread tenfold; one
thread keeps the spread to a few percent. Quote the load (`uptime`) with the figures.

`--clock cpu` (CPU only) times both sides' windows by the process's CPU time
(`time.process_time`, passed to `train` as its `clock`) instead of the wall clock: on a
machine loaded several times over, wall time measures how often the scheduler lets each
side run; CPU time leaves the waiting out (but not the caches other processes cool).

`--update step` makes the engine update through the optimizer's own `step()`, as it does
where worker/update.py's kernels are missing: the public API's cost, against the same loop.

    .venv/bin/python bench/train_speed.py [--rounds 5] [--device cpu|cuda] [--threads N]
        [--clock wall|cpu] [--update kernels|step]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import torch

import worker.step
from netcanvas import samples
from netcanvas.graph import load_graph
from netcanvas.training_config import TrainingConfig
from worker.compiler import GraphNetwork, compile_graph
from worker.datasets.base import Dataset
from worker.optim import make_optimizer
from worker.targets import plan_targets
from worker.training import WARM_STEPS, Clock, train
from worker.update import Update

CLOCKS: dict[str, Clock] = {"wall": time.perf_counter, "cpu": time.process_time}

CASES: dict[str, tuple[str, Callable[[int], Dataset]]] = {
    "LeNet, MNIST-shaped [1, 28, 28], 10 classes": (
        "lenet",
        lambda n: Dataset(
            "mnist-shaped",
            "classification",
            torch.rand(n, 1, 28, 28),
            torch.randint(0, 10, (n,)),
            torch.rand(0, 1, 28, 28),
            torch.zeros(0, dtype=torch.long),
            [str(i) for i in range(10)],
        ),
    ),
    "LSTM forecaster, sine windows [50, 1]": (
        "lstm_sine",
        lambda n: Dataset(
            "sine-shaped",
            "regression",
            torch.randn(n, 50, 1),
            torch.randn(n, 1),
            torch.randn(0, 50, 1),
            torch.randn(0, 1),
        ),
    ),
}


def compiled(sample: str, device: str) -> GraphNetwork:
    torch.manual_seed(0)
    return compile_graph(load_graph(samples.load(sample))).to(device)


def engine_speed(
    sample: str, data: Dataset, batch: int, epochs: int, device: str, clock: Clock
) -> float:
    net = compiled(sample, device)
    config = TrainingConfig(epochs=epochs, batch_size=batch, validation_split=0, device=device)
    outcome = train(net, data, config, plan_targets(net, data), clock=clock)
    assert outcome.status == "succeeded", outcome.reason
    return outcome.summary["samples_per_s"]


def baseline_speed(
    sample: str, data: Dataset, batch: int, epochs: int, device: str, clock: Clock
) -> float:
    """The hand-written loop, timed over the engine's window (the module's docstring)."""
    net = compiled(sample, device)
    optimizer = make_optimizer(net.parameters(), TrainingConfig(optimizer="adam", lr=1e-3))
    x_all, y_all = data.x_train.to(device), data.y_train.to(device)
    warm = min(WARM_STEPS, len(range(0, len(x_all), batch)) // 2)
    samples_seen, seconds = 0, 0.0
    for epoch in range(epochs):
        order = torch.randperm(len(x_all), device=device)
        start, counted = clock(), 0
        for step, first in enumerate(range(0, len(x_all), batch), 1):
            index = order[first : first + batch]
            loss = net.loss(net.training_output(x_all[index]), y_all[index])
            optimizer.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            optimizer.step()
            counted += len(index)
            if epoch == 0 and step == warm:  # the warm-up steps are not counted
                synchronize(device)
                start, counted = clock(), 0
        synchronize(device)
        samples_seen += counted
        seconds += clock() - start
    return samples_seen / seconds


def synchronize(device: str) -> None:
    if device == "cuda":
        torch.cuda.synchronize()  # sync point: the clock reads after the queued work


def spread(values: list[float], digits: int = 0) -> str:
    """The median, and the lowest and highest value, of one side's rounds."""
    low, mid, high = min(values), statistics.median(values), max(values)
    return f"{mid:,.{digits}f} ({low:,.{digits}f}–{high:,.{digits}f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--samples", type=int, default=4096)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall")
    parser.add_argument("--update", choices=["kernels", "step"], default="kernels")
    args = parser.parse_args()
    if args.update == "step":
        worker.step.update_of = Update  # type: ignore[attr-defined]  # every update by step()
    if args.clock == "cpu" and args.device != "cpu":
        parser.error("--clock cpu times CPU runs only: a GPU works while the process waits")
    torch.set_num_threads(args.threads)
    clock = CLOCKS[args.clock]  # both sides: the engine's window and the baseline's
    print(
        f"device {args.device}, torch {torch.__version__}, {torch.get_num_threads()} threads, "
        f"{args.samples} samples, batch {args.batch_size}, {args.rounds} rounds, "
        f"{args.clock} clock, update by {args.update}"
    )
    for title, (sample, make) in CASES.items():
        data = make(args.samples)
        for measure in (engine_speed, baseline_speed):  # not counted: lazy imports, caches
            measure(sample, data, args.batch_size, 2, args.device, clock)
        engine: list[float] = []
        baseline: list[float] = []
        for round_number in range(args.rounds):
            sides = [(engine, engine_speed), (baseline, baseline_speed)]
            for into, measure in sides if round_number % 2 == 0 else sides[::-1]:
                into.append(measure(sample, data, args.batch_size, args.epochs, args.device, clock))
        ratios = [e / b for e, b in zip(engine, baseline, strict=True)]
        print(f"{title}:")
        print(f"  engine            {spread(engine)} samples/s")
        print(f"  hand-written loop {spread(baseline)} samples/s")
        print(f"  ratio             {spread(ratios, 2)}")


if __name__ == "__main__":
    main()
