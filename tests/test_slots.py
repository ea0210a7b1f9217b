"""A worker's slots: how many it says it has, and how the scheduler counts them."""

from __future__ import annotations

from backend.scheduler import slots_by_queue
from worker.slots import default_slots, threads_per_run


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
    assert default_slots(0, cuda=True, cores=16) == 1
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
