"""Benchmark: how soon a pause frees the worker, side by side with a cancel (the baseline).

Issue 10 asks that `POST /api/jobs/{id}/pause` checkpoint and free the worker within
two seconds. Each round runs a real job through the worker's own code (`run_job`, its
recorder polling a real Redis, a SQLite database) in a thread, waits for its first
epoch, then sets the job's pause flag as the API does, and times until the row says
`paused` and `run_job` has returned. The baseline is the same with the cancel flag
(which also writes the artifacts). Medians of the rounds, with their spread.

    .venv/bin/python bench/stop_latency.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import func, select

from backend import events
from backend.db.models import Base, Job, JobEpoch, User
from backend.db.session import engine_for, session_factory
from backend.serve import start_redis
from backend.settings import get_settings
from netcanvas import samples

CONFIG = {"epochs": 1000, "batch_size": 1}


def stop_once(database: str, owner: int, action: str) -> float:
    """Seconds from setting `action`'s flag on a running job until its worker is free."""
    from worker.jobs import run_job  # torch: loaded once, on the first round

    sessions = session_factory(database)
    with sessions() as session:
        job = Job(owner_id=owner, graph=samples.load("xor_mlp"), config=CONFIG, dataset="xor")
        session.add(job)
        session.commit()
        job_id = job.id
    worker = threading.Thread(target=run_job, args=(job_id, "bench"))
    worker.start()
    while True:
        with sessions() as session:
            query = select(func.count()).where(JobEpoch.job_id == job_id)
            if session.scalar(query):
                break
        time.sleep(0.05)
    key = events.pause_key(job_id) if action == "pause" else events.cancel_key(job_id)
    started = time.perf_counter()
    events.client(get_settings().broker).set(key, "1")
    worker.join()
    seconds = time.perf_counter() - started
    with sessions() as session:
        status = session.get(Job, job_id).status  # type: ignore[union-attr]
    expected = "paused" if action == "pause" else "cancelled"
    assert status == expected, f"job {job_id} ended {status}, not {expected}"
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = f"sqlite:///{Path(folder) / 'bench.db'}"
        redis_server, url = start_redis(Path(folder) / "redis")
        os.environ.update(
            {"DATABASE_URL": database, "REDIS_URL": url, "NETCANVAS_DATA_DIR": folder}
        )
        get_settings.cache_clear()
        Base.metadata.create_all(engine_for(database))
        with session_factory(database)() as session:
            owner = User(name="bench")
            session.add(owner)
            session.commit()
            owner_id = owner.id
        try:
            times: dict[str, list[float]] = {"pause": [], "cancel": []}
            for _ in range(args.rounds):
                for action in times:  # side by side, alternating
                    times[action].append(stop_once(database, owner_id, action))
        finally:
            os.killpg(redis_server.pid, signal.SIGTERM)
            redis_server.wait()
    print(f"worker free after the flag is set, {args.rounds} rounds (xor_mlp, batch 1, CPU):")
    for action, seconds in times.items():
        print(
            f"  {action:<7} median {statistics.median(seconds):.2f} s "
            f"(min {min(seconds):.2f}, max {max(seconds):.2f})"
        )
    ratio = statistics.median(times["pause"]) / statistics.median(times["cancel"])
    print(f"  pause / cancel: {ratio:.2f}×; the issue's bar: pause under 2 s")


if __name__ == "__main__":
    main()
