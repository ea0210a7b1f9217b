"""Benchmark: jobs finished per minute when many small jobs come at once, on one training
worker with two slots against the same worker with one, side by side.

Starts `netcanvas serve` as `make run` does (`serving()` from bench/first_step.py) with
`NETCANVAS_WORKER_SLOTS` set to `--slots` and to 1, the order alternating from round to
round. Each time it runs one uncounted job (the worker's first child), then POSTs
`--jobs` small jobs at once (the XOR MLP, 2 epochs) and waits until all have finished.
`--sample NAME` launches that sample network instead, on its lesson's dataset and
settings but 2 epochs (`--sample lenet`: LeNet on mnist5k, the GPU check's small job).
`--baseline-jobs N` launches only N jobs on the 1-slot side (default: `--jobs`): one at a
time they run back to back, so fewer give the same rate in less time (the GPU check's
budget). A side's rate is the jobs over the span from the first one's `created_at` to the last
one's `finished_at`, both stamped by the server, per minute. One local user launches them
all, so the per-user limits are raised for the run (in a class, thirty students would
each launch their own). Prints each side's median rate over the rounds, the lowest and
highest, and the ratio.

    .venv/bin/python bench/concurrent_jobs.py [--jobs 30] [--rounds 2] [--slots 2]
        [--sample lenet] [--baseline-jobs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from first_step import GRAPH, ROOT, call, serving

sys.path.insert(0, str(ROOT))

from netcanvas import samples

BODY = {"graph": GRAPH, "dataset": "xor", "config": {"epochs": 2, "lr": 0.02}}
ENDED = ("succeeded", "failed", "cancelled")


def wait_ended(url: str, ids: set[int], timeout_s: float = 1800) -> list[dict[str, object]]:
    """The jobs `ids` once every one of them has ended."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        jobs = [job for job in call(f"{url}/api/jobs") if job["id"] in ids]
        if all(job["status"] in ENDED for job in jobs):
            return jobs
        time.sleep(0.5)
    raise SystemExit(f"the jobs had not ended within {timeout_s:g} s")


def sample_body(name: str) -> dict[str, Any]:
    """A job of sample `name` on its lesson's dataset and settings, for 2 epochs."""
    lesson = samples.lesson(name)
    config = dict(lesson.config) | {"epochs": 2}
    return {"graph": samples.load(name), "dataset": lesson.dataset, "config": config}


def jobs_per_minute(slots: int, count: int, body: dict[str, Any]) -> float:
    """Start the server with `slots`, launch `count` jobs of `body` at once, and time them."""
    limits = str(count + 1)
    settings = {"NETCANVAS_WORKER_SLOTS": str(slots), "NETCANVAS_MAX_ACTIVE_JOBS": limits,
                "NETCANVAS_MAX_RUNNING_JOBS": limits}  # fmt: skip
    with serving(settings) as url:
        wait_ended(url, {call(f"{url}/api/jobs", body)["id"]})  # not counted: the first child
        ids = {call(f"{url}/api/jobs", body)["id"] for _ in range(count)}
        jobs = wait_ended(url, ids)
    failed = [job for job in jobs if job["status"] != "succeeded"]
    if failed:
        raise SystemExit(f"{len(failed)} jobs did not succeed: {failed[0]['reason']}")
    first = min(datetime.fromisoformat(str(job["created_at"])) for job in jobs)
    last = max(datetime.fromisoformat(str(job["finished_at"])) for job in jobs)
    return count / (last - first).total_seconds() * 60


def spread(rates: list[float]) -> str:
    return f"{statistics.median(rates):6.1f} jobs/min ({min(rates):.1f}–{max(rates):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--slots", type=int, default=2)
    parser.add_argument("--sample", help="a sample network (default: the XOR MLP)")
    parser.add_argument("--baseline-jobs", type=int, help="jobs on the 1-slot side (--jobs)")
    args = parser.parse_args()
    jobs = {args.slots: args.jobs, 1: args.baseline_jobs or args.jobs}
    body, title = BODY, "XOR MLP"
    if args.sample:
        body, title = sample_body(args.sample), f"{args.sample} on {samples.DATASETS[args.sample]}"
    rates: dict[int, list[float]] = {args.slots: [], 1: []}
    for round_ in range(args.rounds):
        order = [args.slots, 1] if round_ % 2 == 0 else [1, args.slots]
        for slots in order:
            rates[slots].append(jobs_per_minute(slots, jobs[slots], body))
            print(f"  round {round_ + 1}, {slots} slot(s): {rates[slots][-1]:.1f} jobs/min")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{args.jobs} jobs at once ({title}, 2 epochs) on one worker, {cores} cores, "
          f"{args.rounds} rounds")  # fmt: skip
    print(f"  {args.slots} slots:           {spread(rates[args.slots])}")
    baseline = "" if jobs[1] == args.jobs else f", {jobs[1]} jobs"
    print(f"  1 slot (baseline{baseline}):  {spread(rates[1])}")
    ratio = statistics.median(rates[args.slots]) / statistics.median(rates[1])
    print(f"  ratio {args.slots} slots / 1 slot: {ratio:.2f}")


if __name__ == "__main__":
    main()
