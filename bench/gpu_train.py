"""Benchmark: the engine's training speed against a hand-written eager loop and, on a GPU,
the same step captured by hand as one CUDA graph (issue 12's GPU fast path).

Three networks (LeNet and a small VGG on MNIST-shaped images, the LSTM forecaster with 64
hidden units on sine-shaped windows) at batch 64 and 1024, each side training the same
compiled network (same seed) with fused Adam on tensors already on the device:

- engine: `worker.training.train`, its steady-state samples/s (`summary`); on CUDA it
  captures its own step (`worker/capture.py`), and the bench prints the engine's log
  line that says whether it did or why not;
- eager: the loop one writes by hand (a shuffled index per epoch, one gather per step);
- captured (CUDA only): the eager step (gather, forward, loss, backward, capturable
  Adam) warmed up on a side stream, captured once with `torch.cuda.graph` and replayed,
  every step the same shape (the last partial batch dropped), as PyTorch's "whole
  network capture" example does.

Every side is timed over the window the engine's `samples_per_s` counts: from the end
of the first epoch's `WARM_STEPS`-th step to the end of the last epoch (the engine
warms up and captures within those first steps). The order of the sides alternates
from round to round; each side is reported as the median samples/s with the spread
over rounds, then engine/eager and engine/captured.
The goals (on an H200): engine ≥ 5× eager on LeNet and the LSTM at batch 64, and
engine ≥ 0.9× captured. On a machine without a GPU, `--device cpu` runs the engine and
the eager loop only (a check that the script works, and the CPU ratio).

    .venv/bin/python bench/gpu_train.py [--rounds 3] [--device cuda|cpu] [--epochs 3]
        [--cases LeNet "LSTM(64)" "small VGG"] [--batches 64 1024] [--threads N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import torch
from train_speed import spread  # bench/ is the script's folder: on its import path

from netcanvas import samples
from netcanvas.graph import load_graph
from netcanvas.training_config import TrainingConfig
from worker.compiler import GraphNetwork, compile_graph
from worker.datasets.base import Dataset
from worker.optim import make_optimizer
from worker.targets import plan_targets
from worker.training import WARM_STEPS, train


def images(n: int) -> Dataset:
    return Dataset(
        "mnist-shaped",
        "classification",
        torch.rand(n, 1, 28, 28),
        torch.randint(0, 10, (n,)),
        torch.rand(0, 1, 28, 28),
        torch.zeros(0, dtype=torch.long),
        [str(i) for i in range(10)],
    )


def windows(n: int) -> Dataset:
    empty = torch.randn(0, 50, 1)
    return Dataset(
        "sine-shaped", "regression", torch.randn(n, 50, 1), torch.randn(n, 1), empty, empty[:, 0]
    )


def lstm64() -> dict[str, Any]:
    graph = samples.load("lstm_sine")
    for node in graph["nodes"]:
        if node["type"] == "LSTM":
            node["params"]["hidden_size"] = 64
    return graph


CASES: dict[str, tuple[Callable[[], dict[str, Any]], Callable[[int], Dataset]]] = {
    "LeNet": (lambda: samples.load("lenet"), images),
    "LSTM(64)": (lstm64, windows),
    "small VGG": (lambda: samples.load("small_vgg"), images),
}


def compiled(graph: dict[str, Any], device: str) -> GraphNetwork:
    torch.manual_seed(0)
    return compile_graph(load_graph(graph)).to(device)


def synchronize(device: str) -> None:
    if device == "cuda":
        torch.cuda.synchronize()  # sync point: the clock reads after the queued work


ENGINE_LOG: list[str] = []  # the last engine run's log lines (capture or why not)


def engine_speed(
    graph: dict[str, Any], data: Dataset, batch: int, epochs: int, device: str
) -> float:
    net = compiled(graph, device)
    config = TrainingConfig(
        epochs=epochs, batch_size=batch, validation_split=0, device=device, last_batch="drop"
    )
    events: list[dict[str, Any]] = []
    outcome = train(net, data, config, plan_targets(net, data), emit=events.append)
    assert outcome.status == "succeeded", outcome.reason
    ENGINE_LOG[:] = [event["message"] for event in events if event["type"] == "log"]
    return outcome.summary["samples_per_s"]


def timed(
    samples: int, batch: int, epochs: int, device: str, step: Callable[[torch.Tensor], None]
) -> float:
    """Samples/s of `step(index)` over shuffled full batches, timed over the engine's
    window: the first `WARM_STEPS` steps of the first epoch are not counted."""
    steps = samples // batch
    warm = min(WARM_STEPS, steps // 2)
    samples_seen, seconds = 0, 0.0
    for epoch in range(epochs):
        order = torch.randperm(samples, device=device)
        synchronize(device)
        start, counted = time.perf_counter(), 0
        for number in range(steps):
            step(order[number * batch : (number + 1) * batch])
            counted += batch
            if epoch == 0 and number + 1 == warm:
                synchronize(device)
                start, counted = time.perf_counter(), 0
        synchronize(device)
        samples_seen += counted
        seconds += time.perf_counter() - start
    return samples_seen / seconds


def eager_speed(
    graph: dict[str, Any], data: Dataset, batch: int, epochs: int, device: str
) -> float:
    """The hand-written loop."""
    net = compiled(graph, device)
    optimizer = make_optimizer(net.parameters(), TrainingConfig(optimizer="adam", lr=1e-3))
    x_all, y_all = data.x_train.to(device), data.y_train.to(device)

    def step(index: torch.Tensor) -> None:
        loss = net.loss(net.training_output(x_all[index]), y_all[index])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()  # type: ignore[no-untyped-call]
        optimizer.step()

    return timed(len(x_all), batch, epochs, device, step)


def captured_speed(
    graph: dict[str, Any], data: Dataset, batch: int, epochs: int, device: str
) -> float:
    """The eager step captured once as a CUDA graph and replayed with a new index."""
    net = compiled(graph, device)
    parameters = list(net.parameters())
    optimizer = torch.optim.Adam(parameters, lr=1e-3, fused=True, capturable=True)
    x_all, y_all = data.x_train.to(device), data.y_train.to(device)
    index = torch.arange(batch, device=device)

    def step() -> torch.Tensor:
        loss = net.loss(net.training_output(x_all[index]), y_all[index])
        loss.backward()  # type: ignore[no-untyped-call]
        optimizer.step()
        return loss

    side = torch.cuda.Stream()  # type: ignore[no-untyped-call]
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):  # warm-up: lazy state, cuDNN plans, the allocator
        for _ in range(3):
            optimizer.zero_grad(set_to_none=True)
            step()
    torch.cuda.current_stream().wait_stream(side)
    optimizer.zero_grad(set_to_none=True)
    replay = torch.cuda.CUDAGraph()
    with torch.cuda.graph(replay):
        step()

    def replayed(batch_index: torch.Tensor) -> None:
        index.copy_(batch_index)
        replay.replay()

    return timed(len(x_all), batch, epochs, device, replayed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batches", type=int, nargs="+", default=[64, 1024])
    parser.add_argument("--steps", type=int, default=64, help="steps per epoch")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--cases", nargs="+", default=list(CASES))
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    sides: dict[str, Callable[..., float]] = {"engine": engine_speed, "eager": eager_speed}
    if args.device == "cuda":
        sides["captured"] = captured_speed
        print(f"{torch.cuda.get_device_name()}, torch {torch.__version__}")
    else:
        print(f"device {args.device} ({torch.get_num_threads()} threads): no CUDA graph side")
    for title in args.cases:
        make_graph, make_data = CASES[title]
        for batch in args.batches:
            graph, data = make_graph(), make_data(batch * args.steps)
            for measure in sides.values():  # not counted: lazy imports, caches, cuDNN plans
                measure(graph, data, batch, 2, args.device)
            speeds: dict[str, list[float]] = {name: [] for name in sides}
            for round_number in range(args.rounds):
                order = list(sides.items())
                for name, measure in order if round_number % 2 == 0 else order[::-1]:
                    speeds[name].append(measure(graph, data, batch, args.epochs, args.device))
            print(f"{title}, batch {batch}:")
            print("  engine's log: " + ("; ".join(ENGINE_LOG) or "nothing (eager on a CPU)"))
            for name, values in speeds.items():
                print(f"  {name:9} {spread(values)} samples/s")
            for other in [name for name in sides if name != "engine"]:
                ratios = [e / o for e, o in zip(speeds["engine"], speeds[other], strict=True)]
                print(f"  engine / {other:9} {spread(ratios, 2)}")


if __name__ == "__main__":
    main()
