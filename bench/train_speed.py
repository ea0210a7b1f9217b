"""Benchmark: steady-state training speed of the engine against a hand-written PyTorch loop.

Both train the same compiled network with the same optimizer and batch size on
the same in-memory data. The baseline is the loop a tutorial teaches: a
`DataLoader` over a `TensorDataset` of preloaded tensors, shuffle on. Each
round runs the engine and the baseline one after the other, several rounds,
and reports the median samples/s of each and their ratio (engine / baseline).

    .venv/bin/python bench/train_speed.py [--rounds 3] [--device cpu|cuda]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import torch
from torch.utils.data import DataLoader, TensorDataset

from netcanvas import samples
from netcanvas.graph import load_graph
from netcanvas.training_config import TrainingConfig
from worker.compiler import GraphNetwork, compile_graph
from worker.datasets.base import Dataset
from worker.targets import plan_targets
from worker.training import train

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


def engine_speed(sample: str, data: Dataset, batch: int, epochs: int, device: str) -> float:
    net = compiled(sample, device)
    config = TrainingConfig(epochs=epochs, batch_size=batch, validation_split=0, device=device)
    outcome = train(net, data, config, plan_targets(net, data))
    assert outcome.status == "succeeded", outcome.reason
    return outcome.summary["samples_per_s"]


def baseline_speed(sample: str, data: Dataset, batch: int, epochs: int, device: str) -> float:
    """The hand-written loop; the first epoch warms up and is not counted."""
    net = compiled(sample, device)
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    loader = DataLoader(TensorDataset(data.x_train, data.y_train), batch_size=batch, shuffle=True)
    samples_seen, seconds = 0, 0.0
    for epoch in range(epochs):
        start = time.perf_counter()
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            loss = net.loss(net.training_output(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        if device == "cuda":
            torch.cuda.synchronize()
        if epoch > 0:
            samples_seen += len(data.x_train)
            seconds += time.perf_counter() - start
    return samples_seen / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--samples", type=int, default=4096)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = parser.parse_args()
    print(
        f"device {args.device}, torch {torch.__version__}, {torch.get_num_threads()} threads, "
        f"{args.samples} samples, batch {args.batch_size}, {args.rounds} rounds"
    )
    for title, (sample, make) in CASES.items():
        data = make(args.samples)
        engine, baseline = [], []
        for _ in range(args.rounds):
            engine.append(engine_speed(sample, data, args.batch_size, args.epochs, args.device))
            baseline.append(baseline_speed(sample, data, args.batch_size, args.epochs, args.device))
        e, b = statistics.median(engine), statistics.median(baseline)
        print(
            f"{title}: engine {e:,.0f} samples/s, hand-written loop {b:,.0f} samples/s, "
            f"ratio {e / b:.2f}"
        )


if __name__ == "__main__":
    main()
