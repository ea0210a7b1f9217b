"""Benchmark: how soon a training worker runs its next task after one ends, with a fresh
child per run (`--max-tasks-per-child=1`), on Celery's stock prefork pool against the
worker's own (`worker/pool.py`), side by side.

Starts a Redis of its own (`backend.serve.start_redis`) and the real training worker
(`celery -A worker.celery_app worker -c 1 --max-tasks-per-child=1`), once with
`-P custom` naming Celery's prefork pool (`CELERY_CUSTOM_WORKER_POOL`, the baseline) and
once as `netcanvas serve` starts it (the app's `worker_pool`), the order alternating
from round to round. Each time it queues `--tasks` cheap tasks at once (`netcanvas.export`
for a job that has no weights: the task returns at once, so the time between two is the
worker's turnaround) and reports the median time between consecutive tasks' ends, from
the result backend's `date_done`. The first task of each start is not counted.

    .venv/bin/python bench/back_to_back.py [--tasks 10] [--rounds 3]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from backend.queue import EXPORT, make_app  # noqa: E402
from backend.serve import start_redis  # noqa: E402

STOCK = "celery.concurrency.prefork:TaskPool"
NO_JOB = 999_999_999  # no weights: the export task returns at once


def gaps(url: str, folder: Path, stock: bool, count: int) -> list[float]:
    """Seconds between consecutive ends of `count` tasks queued at once on one worker."""
    env = {**os.environ, "REDIS_URL": url, "NETCANVAS_DATA_DIR": str(folder)}
    command = [sys.executable, "-m", "celery", "-A", "worker.celery_app", "worker", "-Q",
               "predict", "-c", "1", "--max-tasks-per-child=1", "--without-gossip",
               "--without-mingle", "--loglevel", "WARNING"]  # fmt: skip
    if stock:
        env["CELERY_CUSTOM_WORKER_POOL"] = STOCK
        command += ["-P", "custom"]
    app = make_app(url)
    with (folder / "worker.log").open("a") as log:
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        app.send_task(EXPORT, args=[NO_JOB]).get(timeout=120)  # started, first child used
        results = [app.send_task(EXPORT, args=[NO_JOB]) for _ in range(count)]
        for result in results:
            result.get(timeout=120)
        ends = sorted(result.date_done.timestamp() for result in results)
        return [b - a for a, b in itertools.pairwise(ends)]
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    found: dict[bool, list[float]] = {True: [], False: []}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        redis, url = start_redis(folder / "redis")
        try:
            for round_ in range(args.rounds):
                for stock in (True, False) if round_ % 2 == 0 else (False, True):
                    found[stock] += gaps(url, folder, stock, args.tasks)
                    side = "stock prefork" if stock else "worker.pool"
                    print(f"  round {round_ + 1}, {side}: median "
                          f"{statistics.median(found[stock][-args.tasks + 1:]):.2f} s")  # fmt: skip
        finally:
            redis.terminate()
            redis.wait(timeout=10)
    print(f"{args.tasks} tasks at once, {args.rounds} rounds, seconds from one task's end "
          "to the next's, median (lowest-highest):")  # fmt: skip
    for stock, label in ((False, "worker.pool (0.1 s tick)"), (True, "stock prefork, baseline")):
        values = found[stock]
        print(f"  {label:26s} {statistics.median(values):5.2f} "
              f"({min(values):.2f}-{max(values):.2f})")  # fmt: skip
    print(f"  ratio {statistics.median(found[True]) / statistics.median(found[False]):.1f}x")


if __name__ == "__main__":
    main()
