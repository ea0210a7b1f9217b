"""How many jobs a training worker runs at once (its slots), and the threads each run gets.

A worker's slots are its Celery pool's size: one forked child per run, so runs stay
apart (a run that crashes takes only its own child). It announces them in its
heartbeat and the scheduler sends it no more jobs than that (`backend.scheduler`).

- On a CPU, one slot per core by default, and each run's child limits torch to its
  share of the cores (`threads_per_run`), so the runs together never ask for more
  threads than there are cores.
- With a GPU, one slot by default: sizing them from the device's free memory and each
  job's memory estimate needs the free memory without initialising CUDA in the parent
  (which would break its forked children), and is not done yet.

`NETCANVAS_WORKER_SLOTS` sets them; a worker started with `-c N` has N.
"""

from __future__ import annotations

import os


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


def default_slots(setting: int, cuda: bool, cores: int) -> int:
    """A training worker's slots: the setting when given, else one with a GPU, else one per
    core."""
    if setting > 0:
        return setting
    return 1 if cuda else cores


def threads_per_run(slots: int, cores: int) -> int:
    """Torch threads for one run, so that `slots` runs at once use at most `cores` threads
    (one each when there are more slots than cores)."""
    return max(1, cores // max(1, slots))
