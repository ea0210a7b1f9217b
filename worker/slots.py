"""How many jobs a training worker runs at once (its slots), the GPU memory it offers them
(its budget), and the threads each run gets.

A worker's slots are its Celery pool's size: one forked child per run, so runs stay
apart (a run that crashes takes only its own child). It announces them, and a GPU
worker its budget, in its heartbeat; the scheduler sends it no more jobs than it has
slots, and a GPU worker no more than the jobs' memory estimates fit in its budget
(`backend.scheduler`, `netcanvas.memory`).

- On a CPU, one slot per core by default, and each run's child limits torch to its
  share of the cores (`threads_per_run`), so the runs together never ask for more
  threads than there are cores.
- With a GPU, the budget is `NETCANVAS_GPU_MEMORY_MB`, else the device's free memory
  when the worker starts, which `nvidia-smi` tells (CUDA initialised in the parent would
  break its forked children). With a budget, one slot per core by default (each run drives
  its GPU from one CPU thread): the cap on small jobs at once, while their estimates
  decide how many fit. Without one, one slot, as before budgets.
- `NETCANVAS_GPU_JOB_MB` keeps its older meaning: as many slots as jobs of that size fit
  in the free memory, and no budget announced (the slots alone decide).

`NETCANVAS_WORKER_SLOTS` sets the slots; a worker started with `-c N` has N.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from functools import cache


def cores() -> int:
    """The cores this process may run on (its affinity, which a container's cpuset narrows)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def cuda_available() -> bool:
    """Whether a GPU is there, asked of NVML: CUDA stays uninitialised in this process, so
    the children it forks can still use it."""
    os.environ.setdefault("PYTORCH_NVML_BASED_CUDA_CHECK", "1")
    import torch

    return bool(torch.cuda.is_available())


def gpu_free_mb() -> int | None:
    """The free memory of the GPU this process would use first, in MiB, from `nvidia-smi`
    (another process: CUDA stays uninitialised here); None when it cannot say."""
    device = os.environ.get("CUDA_VISIBLE_DEVICES", "0").split(",")[0].strip() or "0"
    query = ["nvidia-smi", "--query-gpu=memory.free", "--format=csv,noheader,nounits"]
    try:
        done = subprocess.run([*query, "-i", device], capture_output=True, text=True,
                              timeout=20, check=True)  # fmt: skip
        return int(done.stdout.split()[0])
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None


def gpu_budget_mb(setting_mb: int, job_mb: int) -> int | None:
    """The GPU memory, in MiB, that this worker offers its jobs: `setting_mb` when set,
    else the device's free memory now; None with `job_mb` (slots of a fixed size instead)
    or when `nvidia-smi` cannot say. Call it only on a worker with a GPU."""
    if job_mb > 0:
        return None
    return setting_mb if setting_mb > 0 else gpu_free_mb()


def default_slots(
    setting: int, cuda: bool, cores: int, free_mb: int | None = None, job_mb: int = 0
) -> int:
    """A training worker's slots: the setting when given; on a CPU one per core; with a
    GPU as many jobs of `job_mb` as fit in its `free_mb` (its budget), one per core when
    jobs are packed by their estimates into a known budget, or one when it is unknown."""
    if setting > 0:
        return setting
    if not cuda:
        return cores
    if free_mb is None:
        return 1
    if job_mb > 0:
        return max(1, free_mb // job_mb)
    return cores


@dataclass(frozen=True)
class Capacity:
    """What a training worker offers: jobs at once, and GPU memory in MiB (None: no GPU,
    or no budget, so the scheduler counts its slots only)."""

    slots: int
    memory_mb: int | None


@cache
def capacity(setting: int, job_mb: int, memory_mb: int) -> Capacity:
    """This worker's slots and budget from its settings (`worker_slots`, `gpu_job_mb`,
    `gpu_memory_mb`): asked once per process, in the parent before its pool forks."""
    if not cuda_available():
        return Capacity(default_slots(setting, False, cores()), None)
    budget = gpu_budget_mb(memory_mb, job_mb)
    free = gpu_free_mb() if job_mb > 0 and setting <= 0 else budget
    return Capacity(default_slots(setting, True, cores(), free, job_mb), budget)


def threads_per_run(slots: int, cores: int) -> int:
    """Torch threads for one run, so that `slots` runs at once use at most `cores` threads
    (one each when there are more slots than cores)."""
    return max(1, cores // max(1, slots))
