"""Benchmark: each sample network's memory estimate (`netcanvas.memory`) against what its
training really takes, side by side.

On every machine: the estimate's saved part (what one batch keeps for the backward pass)
against the bytes `torch.autograd.graph.saved_tensors_hooks` sees saved in one CPU step.
With a GPU, also the whole estimate against one real run (`worker.run.run_training`, one
epoch on the sample's dataset, in a fresh process per sample): the CUDA context (the
free memory `nvidia-smi` reports before the process less what CUDA reports free once it
has a context) plus the caching allocator's peak (`torch.cuda.max_memory_reserved`).
A ratio above 1.00 means the estimate was too small: the scheduler could overfill a GPU.

    .venv/bin/python bench/job_memory.py [--batch 64] [--samples lenet,lstm_sine]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from netcanvas import memory, samples  # noqa: E402
from netcanvas.datasets import DATASETS  # noqa: E402
from netcanvas.graph import load_graph  # noqa: E402
from netcanvas.training_config import TrainingConfig  # noqa: E402
from netcanvas.validation import analyse  # noqa: E402

MIB = 2**20


def saved_on_cpu(name: str, batch: int) -> float:
    """MiB that one training step of sample `name` saves for its backward pass."""
    from tests.torch.test_memory import saved_bytes
    from worker.compiler import compile_analysis

    analysis = analyse(load_graph(samples.load(name)))
    return saved_bytes(compile_analysis(analysis), batch) / MIB


def measure_on_gpu(name: str, batch: int) -> dict[str, float]:
    """Run one epoch of sample `name` on the GPU in a process of its own; its context and
    allocator peak in MiB."""
    from worker.slots import gpu_free_mb

    before = gpu_free_mb()
    done = subprocess.run([sys.executable, __file__, "--child", name, "--batch", str(batch)],
                          capture_output=True, text=True, check=True, cwd=ROOT)  # fmt: skip
    found: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    found["context_mb"] = (before or 0) - found.pop("free_after_init_mb")
    return found


def child(name: str, batch: int) -> None:
    """In the fresh process: make a context, train, print what it took."""
    import torch

    from worker.run import run_training

    torch.zeros(1, device="cuda")  # the context, and the allocator's first block
    free_after_init = torch.cuda.mem_get_info()[0] / MIB
    config = TrainingConfig(epochs=1, batch_size=batch, device="cuda")
    with tempfile.TemporaryDirectory() as folder:
        result = run_training(samples.load(name), samples.DATASETS[name], config, Path(folder))
    if result.status != "succeeded":
        raise SystemExit(f"{name}: {result.reason}")
    peak = torch.cuda.max_memory_reserved() / MIB
    print(json.dumps({"free_after_init_mb": free_after_init, "peak_reserved_mb": peak}))


def row(name: str, batch: int, gpu: bool) -> dict[str, Any]:
    analysis = analyse(load_graph(samples.load(name)))
    config = TrainingConfig(batch_size=batch)
    size = DATASETS[samples.DATASETS[name]].samples
    estimate = memory.estimate(analysis, config, size)
    found: dict[str, Any] = {
        "name": name,
        "saved_est": memory.saved_mb(analysis, batch),
        "saved_cpu": saved_on_cpu(name, batch),
        "total_est": estimate.total_mb,
    }
    if gpu:
        measured = measure_on_gpu(name, batch)
        found["total_gpu"] = measured["context_mb"] + measured["peak_reserved_mb"]
        found["context_gpu"] = measured["context_mb"]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--samples", default=",".join(samples.names()))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.batch)
    from worker.slots import cuda_available

    gpu = cuda_available()
    print(f"batch {args.batch}; saved part: estimate vs saved_tensors_hooks on the CPU"
          + ("; whole: estimate vs one run on the GPU" if gpu else " (no GPU here)"))  # fmt: skip
    for name in args.samples.split(","):
        r = row(name, args.batch, gpu)
        line = (f"{r['name']:20s} saved {r['saved_est']:8.2f} MiB est, {r['saved_cpu']:8.2f} "
                f"found ({r['saved_cpu'] / r['saved_est']:.2f}x)")  # fmt: skip
        line += f" | whole {r['total_est']:6d} MiB est"
        if gpu:
            line += (f", {r['total_gpu']:8.1f} found ({r['total_gpu'] / r['total_est']:.2f}x; "
                     f"context {r['context_gpu']:.0f} of {memory.CONTEXT_MB})")  # fmt: skip
        print(line, flush=True)


if __name__ == "__main__":
    main()
