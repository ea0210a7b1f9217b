"""A worker's slots and GPU budget: what it says it has, and how the scheduler counts
them. The scheduler's packing by memory, with real heartbeats and rows, is in
tests/service/test_gpu_budget.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.scheduler import gpu_budget_mb, slots_by_queue
from worker.slots import default_slots, threads_per_run
from worker.slots import gpu_budget_mb as worker_budget_mb


def test_the_scheduler_counts_slots_and_an_old_heartbeat_as_one() -> None:
    workers = [
        {"name": "old", "queues": ["cpu", "gpu"], "cuda": False},  # from before slots
        {"name": "cpu", "queues": ["cpu"], "cuda": False, "slots": 4},
        {"name": "gpu", "queues": ["gpu"], "cuda": True, "slots": 2},
        {"name": "predict", "queues": ["predict"], "cuda": False, "slots": 1},
    ]
    assert slots_by_queue(workers) == {"cpu": 5, "gpu": 3, "all": 7}
    assert slots_by_queue([]) == {"cpu": 0, "gpu": 0, "all": 0}


def test_a_worker_on_both_queues_has_its_slots_for_either_not_for_each() -> None:
    serve = {"name": "local", "queues": ["cpu", "gpu"], "cuda": True, "slots": 2}
    assert slots_by_queue([serve]) == {"cpu": 2, "gpu": 2, "all": 2}


def test_a_cpu_worker_has_a_slot_per_core_and_a_gpu_worker_one() -> None:
    assert default_slots(0, cuda=False, cores=16) == 16
    assert default_slots(0, cuda=True, cores=16) == 1  # its memory unknown: one at a time
    assert default_slots(3, cuda=True, cores=16) == 3  # NETCANVAS_WORKER_SLOTS
    assert default_slots(3, cuda=False, cores=16) == 3


def test_runs_at_once_never_ask_for_more_threads_than_cores() -> None:
    assert threads_per_run(1, 16) == 16
    assert threads_per_run(2, 16) == 8
    assert threads_per_run(3, 16) == 5
    assert threads_per_run(16, 16) == 1
    assert threads_per_run(32, 16) == 1  # more slots than cores: one thread each


def test_a_gpu_worker_has_as_many_slots_as_jobs_of_the_budget_fit() -> None:
    assert default_slots(0, cuda=True, cores=16, free_mb=140_000, job_mb=4096) == 34
    assert default_slots(0, cuda=True, cores=16, free_mb=1000, job_mb=4096) == 1
    assert default_slots(0, cuda=True, cores=16, free_mb=None, job_mb=4096) == 1  # unknown
    assert default_slots(0, cuda=False, cores=16, free_mb=140_000, job_mb=4096) == 16
    assert default_slots(2, cuda=True, cores=16, free_mb=140_000, job_mb=4096) == 2


def test_a_gpu_worker_with_a_budget_has_a_slot_per_core_for_small_jobs() -> None:
    assert default_slots(0, cuda=True, cores=16, free_mb=140_000) == 16
    assert default_slots(0, cuda=True, cores=16, free_mb=2_000) == 16  # the budget decides
    assert default_slots(6, cuda=True, cores=16, free_mb=140_000) == 6  # NETCANVAS_WORKER_SLOTS


def test_the_budget_is_the_setting_else_the_free_memory_and_none_with_a_job_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert worker_budget_mb(80_000, job_mb=0) == 80_000  # NETCANVAS_GPU_MEMORY_MB
    assert worker_budget_mb(80_000, job_mb=4096) is None  # NETCANVAS_GPU_JOB_MB: slots only
    monkeypatch.setenv("PATH", str(tmp_path))  # no nvidia-smi to ask
    assert worker_budget_mb(0, job_mb=0) is None


def test_the_gpu_budget_is_summed_and_none_while_a_gpu_worker_announces_none() -> None:
    gpu = {"name": "gpu", "queues": ["gpu"], "cuda": True, "slots": 16, "memory_mb": 80_000}
    other = {**gpu, "name": "gpu2", "memory_mb": 40_000}
    cpu = {"name": "cpu", "queues": ["cpu"], "cuda": False, "slots": 4, "memory_mb": None}
    old = {"name": "old", "queues": ["gpu"], "cuda": True, "slots": 1}  # from before budgets
    assert gpu_budget_mb([gpu, other, cpu]) == 120_000
    assert gpu_budget_mb([gpu, old]) is None  # the slots alone decide, as before
    assert gpu_budget_mb([cpu]) is None
    assert gpu_budget_mb([]) is None
