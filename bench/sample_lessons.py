"""Benchmark: what each sample reaches with its own lesson's settings, over several seeds.

The figures behind the notes and bounds in `netcanvas/samples/lessons.py`: each sample is
trained as a job trains it (`tests/torch/test_sample_lessons.train_lesson`, the lesson's
config with the seed replaced), and one line per seed gives the seconds it took and its
final metrics, each bound of `expect` marked ok or FAIL. Two reference figures for the
regression samples' notes come last: the sine set's validation error when the forecast
repeats the last value, and mnist5k's reconstruction error of the average training image.

    .venv/bin/python bench/sample_lessons.py [--seeds 0,1,2] [--samples xor_mlp,lenet]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from netcanvas import samples  # noqa: E402

METRICS = (
    "train_accuracy",
    "val_accuracy",
    "train_loss",
    "val_loss",
    "val_mse",
    "val_mae",
    "val_auc",
    "epochs_run",
)


def measure(name: str, seed: int) -> str:
    from tests.torch.test_sample_lessons import train_lesson

    started = time.monotonic()
    result = train_lesson(name, seed)
    seconds = time.monotonic() - started
    figures = " ".join(f"{k}={result.summary[k]:.4f}" for k in METRICS if k in result.summary)
    checks = " ".join(
        f"{b.metric}:{'ok' if b.holds(result.summary.get(b.metric, float('nan'))) else 'FAIL'}"
        for b in samples.lesson(name).expect
    )
    return f"{name:20} seed {seed}  {seconds:6.1f} s  {result.status}  {figures}  [{checks}]"


def references() -> list[str]:
    """The naive figures the regression notes compare with."""
    from worker.datasets import load_dataset

    sine = load_dataset("sine", validation_split=0.2, seed=0)
    last = sine.x_val[:, -1, :]  # (N, 1): the forecast "same as the last value"
    repeat = float(((last - sine.y_val) ** 2).mean())
    spread = float(sine.y_val.var())
    digits = load_dataset("mnist5k", validation_split=0.2, seed=0)
    mean_image = digits.x_train.float().mean(dim=0, keepdim=True)  # (1, 1, 28, 28)
    average = float(((digits.x_val.float() - mean_image) ** 2).mean())
    return [
        f"sine: validation MSE of repeating the last value {repeat:.4f}, "
        f"variance of the targets {spread:.4f}",
        f"mnist5k: validation MSE of the average training image {average:.4f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--samples", default=",".join(samples.names()))
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    for name in args.samples.split(","):
        for seed in seeds:
            print(measure(name, seed), flush=True)
    for line in references():
        print(line)


if __name__ == "__main__":
    main()
