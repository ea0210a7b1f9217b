"""How many jobs a training worker runs at once (its slots), and the threads each run gets.

A worker's slots are its Celery pool's size: one forked child per run, so runs stay
apart (a run that crashes takes only its own child). It announces them in its
heartbeat and the scheduler sends it no more jobs than that (`backend.scheduler`).

- On a CPU, one slot per core by default, and each run's child limits torch to its
  share of the cores (`threads_per_run`), so the runs together never ask for more
  threads than there are cores.
- With a GPU, one slot by default; with `NETCANVAS_GPU_JOB_MB`, as many as jobs of that
  size fit in the device's free memory when the worker starts, which `nvidia-smi` tells
  (CUDA initialised in the parent would break its forked children). Slots from each
  job's own memory estimate are not done yet.

`NETCANVAS_WORKER_SLOTS` sets them; a worker started with `-c N` has N.
"""

from __future__ import annotations

import os
import subprocess


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


def default_slots(
    setting: int, cuda: bool, cores: int, free_mb: int | None = None, job_mb: int = 0
) -> int:
    """A training worker's slots: the setting when given; on a CPU one per core; with a
    GPU as many jobs of `job_mb` as fit in its `free_mb`, or one when either is unknown."""
    if setting > 0:
        return setting
    if not cuda:
        return cores
    if job_mb > 0 and free_mb is not None:
        return max(1, free_mb // job_mb)
    return 1


def worker_slots(setting: int, job_mb: int) -> int:
    """This worker's slots (`default_slots`), asking for the GPU's free memory only when
    `job_mb` needs it."""
    cuda = setting <= 0 and cuda_available()
    free = gpu_free_mb() if cuda and job_mb > 0 else None
    return default_slots(setting, cuda, cores(), free, job_mb)


def threads_per_run(slots: int, cores: int) -> int:
    """Torch threads for one run, so that `slots` runs at once use at most `cores` threads
    (one each when there are more slots than cores)."""
    return max(1, cores // max(1, slots))
