"""Benchmark: try-it's predict request with the trusted liveness check against the check
asked afresh on every request (the baseline), side by side.

Before it sends a predict task the API checks that a predict worker is alive (its
announcement in Redis, then a ping: `backend.trained`); a positive answer is trusted for
`TRUST_S`. The baseline sets `TRUST_S` to 0, so every request reads the announcements and
pings, as before. Both sides run in this process on one real stack: an embedded Redis, a
SQLite database, a real Celery worker on the predict queue, the API in a TestClient; one
trained job (the XOR MLP, one epoch) answers every request. Each round times `--requests`
predict requests per side, the order alternating from round to round; each side's median
milliseconds per request are given as the median over the rounds with their spread, the
ratio (trusted / checked) per round likewise, and the check's own cost, timed alone.

    .venv/bin/python bench/predict_check.py [--rounds 5] [--requests 40]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient

from backend import trained
from backend.app import create_app
from backend.db.models import Base, User
from backend.db.session import engine_for, session_factory
from backend.queue import make_app
from backend.serve import start_redis
from backend.settings import get_settings
from netcanvas import samples

ROOT = Path(__file__).resolve().parents[1]
BODY = {"input": [1.0, -1.0]}


def spread(values: list[float], digits: int = 2) -> str:
    low, mid, high = min(values), statistics.median(values), max(values)
    return f"{mid:.{digits}f} ({low:.{digits}f}–{high:.{digits}f})"


@contextmanager
def predict_worker(url: str, log: Path) -> Iterator[None]:
    """A Celery worker on the cpu and predict queues (`-c 1`), once it answers a ping."""
    command = [sys.executable, "-m", "celery", "-A", "worker.celery_app", "worker",
               "-Q", "cpu,predict", "-c", "1", "-n", "bench@%h", "--without-gossip",
               "--without-mingle", "--loglevel", "WARNING"]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not make_app(url).control.ping(timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the worker did not start:\n" + log.read_text()[-3000:])
        yield
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def trained_job(client: TestClient, auth: dict[str, str]) -> int:
    body = {"graph": samples.load("xor_mlp"), "dataset": "xor", "config": {"epochs": 1}}
    launched = client.post("/api/jobs", json=body, headers=auth)
    assert launched.status_code == 201, launched.text
    job = launched.json()["id"]
    deadline = time.monotonic() + 180
    while "bundle.zip" not in client.get(f"/api/jobs/{job}/artifacts", headers=auth).json():
        if time.monotonic() > deadline:
            raise SystemExit(f"job {job} did not finish its exports in three minutes")
        time.sleep(0.2)
    return int(job)


def request_ms(
    client: TestClient, url: str, auth: dict[str, str], trust_s: float, count: int
) -> float:
    """The median milliseconds of `count` predict requests with `TRUST_S` = `trust_s`."""
    trained.TRUST_S = trust_s
    times = []
    for _ in range(count):
        start = time.perf_counter()
        answer = client.post(url, json=BODY, headers=auth)
        times.append((time.perf_counter() - start) * 1000)
        assert answer.status_code == 200, answer.text
    return statistics.median(times)


def check_ms(broker: str, count: int = 50) -> float:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        assert trained.predict_worker_alive(broker)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(rounds: int, requests: int, folder: Path) -> None:
    database = f"sqlite:///{folder / 'bench.db'}"
    redis_server, url = start_redis(folder / "redis")
    os.environ.update(
        {"DATABASE_URL": database, "REDIS_URL": url, "NETCANVAS_DATA_DIR": str(folder)}
    )
    get_settings.cache_clear()
    Base.metadata.create_all(engine_for(database))
    with session_factory(database)() as session:
        user = User(name="bench")
        session.add(user)
        session.commit()
        auth = {"authorization": f"Bearer {user.token}"}
    trusted_s = trained.TRUST_S
    try:
        with (
            predict_worker(url, folder / "worker.log"),
            TestClient(create_app(), base_url="http://127.0.0.1") as client,
        ):
            predict = f"/api/jobs/{trained_job(client, auth)}/predict"
            request_ms(
                client, predict, auth, trusted_s, requests
            )  # not counted: the worker's first load
            sides: dict[str, list[float]] = {"trusted": [], "checked": []}
            for round_number in range(rounds):
                order = [("trusted", trusted_s), ("checked", 0.0)]
                for name, trust_s in order if round_number % 2 == 0 else order[::-1]:
                    sides[name].append(request_ms(client, predict, auth, trust_s, requests))
            alone = check_ms(url)
    finally:
        trained.TRUST_S = trusted_s
        os.killpg(redis_server.pid, signal.SIGTERM)
        redis_server.wait()
    ratios = [a / b for a, b in zip(sides["trusted"], sides["checked"], strict=True)]
    print(f"predict request (XOR MLP, one input), {rounds} rounds of {requests} requests a side,")
    print("milliseconds per request (median of a round; median of the rounds, their range):")
    print(f"  {f'trusted for {trusted_s:g} s':<22} {spread(sides['trusted'])}")
    print(f"  {'checked every time':<22} {spread(sides['checked'])}")
    print(f"  {'ratio trusted/checked':<22} {spread(ratios, 3)}")
    print(f"  {'the check alone':<22} {alone:.2f} ms (announcements read, then a ping)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        measure(args.rounds, args.requests, Path(folder))


if __name__ == "__main__":
    main()
