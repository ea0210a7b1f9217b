"""Benchmark: what the insight views cost (issue 14), each beside its baseline.

1. Training with the per-epoch insight work (each layer's weight and gradient figures,
   `worker/layer_stats.py`, and for a 2-D classifier the decision boundary's grid,
   `worker/boundary.py`) against the same training with both switched off, in the same
   process: the same compiled network (same seed), data, batch size and epochs. The order
   alternates from round to round; each side's seconds per run are the median with the
   spread over the rounds, and the ratio (with insight / without) is given per round.
2. A layer preview's round trip (`POST /api/graphs/preview`, LeNet on mnist5k, random
   weights) against `POST /api/graphs/validate` of the same graph, on `netcanvas serve` as
   `make run` starts it (its own Redis and worker), alternating; the first preview (which
   loads the dataset into the worker) is reported apart. The editor sends a preview 300 ms
   after an edit (`DEBOUNCE_MS`), so edit to picture is that plus the round trip.

    .venv/bin/python bench/insight_cost.py [--rounds 5] [--threads 1] [--skip-serve]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from contextlib import nullcontext
from unittest import mock

import torch
from first_step import call, serving  # bench/ is the script's folder, first on sys.path

import worker.training as training
from netcanvas import samples
from netcanvas.graph import load_graph
from netcanvas.training_config import TrainingConfig
from worker.boundary import Boundary
from worker.compiler import compile_graph
from worker.datasets.base import Dataset
from worker.targets import plan_targets

DEBOUNCE_MS = 300  # frontend/src/layerPreview/useLayerPreview.ts


def xor_points(n: int) -> Dataset:
    x = torch.rand(n, 2) * 2 - 1  # (n, 2)
    y = ((x[:, 0] > 0) ^ (x[:, 1] > 0)).long()  # (n,)
    return Dataset("xor-shaped", "classification", x, y, x[: n // 5], y[: n // 5], ["0", "1"])


def digit_images(n: int) -> Dataset:
    names = [str(i) for i in range(10)]
    x, y = torch.rand(n, 1, 28, 28), torch.randint(0, 10, (n,))
    return Dataset("mnist-shaped", "classification", x, y, x[: n // 5], y[: n // 5], names)


# title: (sample, dataset, batch size, epochs)
CASES: dict[str, tuple[str, Callable[[int], Dataset], int, int]] = {
    "XOR MLP on 2-D points (layer figures + boundary)": ("xor_mlp", xor_points, 32, 20),
    "LeNet on [1, 28, 28] (layer figures)": ("lenet", digit_images, 64, 3),
}


def run_seconds(sample: str, data: Dataset, batch: int, epochs: int, insight: bool) -> float:
    torch.manual_seed(0)
    network = compile_graph(load_graph(samples.load(sample)))
    config = TrainingConfig(epochs=epochs, batch_size=batch, lr=0.01)
    plan = plan_targets(network, data)
    # The baseline: no epoch carries layer figures, and no network gets a boundary.
    no_figures = mock.patch.object(training, "carries", lambda *_: False)
    no_boundary = mock.patch.object(Boundary, "plan_for", lambda *_: None)
    with (
        no_figures if not insight else nullcontext(),
        no_boundary if not insight else nullcontext(),
    ):
        start = time.perf_counter()
        outcome = training.train(network, data, config, plan)
        seconds = time.perf_counter() - start
    assert outcome.status == "succeeded", outcome.reason
    return seconds


def spread(values: list[float], digits: int = 2) -> str:
    low, mid, high = min(values), statistics.median(values), max(values)
    return f"{mid:.{digits}f} ({low:.{digits}f}–{high:.{digits}f})"


def training_cost(rounds: int, n: int) -> None:
    for title, (sample, make, batch, epochs) in CASES.items():
        data = make(n)
        for insight in (True, False):  # not counted: lazy imports, caches
            run_seconds(sample, data, batch, 1, insight)
        on: list[float] = []
        off: list[float] = []
        for round_number in range(rounds):
            sides = [(on, True), (off, False)]
            for into, insight in sides if round_number % 2 == 0 else sides[::-1]:
                into.append(run_seconds(sample, data, batch, epochs, insight))
        ratios = [a / b for a, b in zip(on, off, strict=True)]
        print(f"\n{title}: {n} samples, batch {batch}, {epochs} epochs, seconds per run")
        print(f"  with insight     {spread(on)}")
        print(f"  without          {spread(off)}")
        print(f"  ratio            {spread(ratios, 3)}")


def preview_latency(rounds: int) -> None:
    graph = samples.load("lenet")
    with serving() as url:
        start = time.perf_counter()
        first = call(f"{url}/api/graphs/preview", {"graph": graph, "dataset": "mnist5k"})
        first_ms = (time.perf_counter() - start) * 1000
        assert "conv1" in first["nodes"], sorted(first)
        preview: list[float] = []
        validate: list[float] = []
        for round_number in range(rounds * 2):
            sides = [
                (preview, "/api/graphs/preview", {"graph": graph, "dataset": "mnist5k"}),
                (validate, "/api/graphs/validate", graph),
            ]
            for into, path, body in sides if round_number % 2 == 0 else sides[::-1]:
                start = time.perf_counter()
                call(f"{url}{path}", body)
                into.append((time.perf_counter() - start) * 1000)
    print(f"\nLayer previews, LeNet on mnist5k, {rounds * 2} rounds, milliseconds per request")
    print(f"  first preview (loads the dataset) {first_ms:.0f}")
    print(f"  preview          {spread(preview, 0)}")
    print(f"  validate         {spread(validate, 0)}")
    print(f"  edit to picture  {DEBOUNCE_MS + statistics.median(preview):.0f} (debounce + preview)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--samples", type=int, default=2048)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    parser.add_argument("--skip-serve", action="store_true", help="only the training cost")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {args.rounds} rounds")
    training_cost(args.rounds, args.samples)
    if not args.skip_serve:
        preview_latency(args.rounds)


if __name__ == "__main__":
    main()
