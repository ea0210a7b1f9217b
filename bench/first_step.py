"""Benchmark: from `POST /api/jobs` to the job's first training step, on the whole stack.

Starts `netcanvas serve` as `make run` does (its own Redis, SQLite, a training worker)
in a temporary folder, then launches small jobs one after another (the XOR MLP, one
epoch), each once the worker has been idle for `--idle` seconds (a warm worker, its
next child forked and waiting), and reads each job's events: the server stamps
`queued`, `started`, every `progress` event, `epoch` and `finished` with its time.
Reported, as the median with the lowest and highest round: POST → queued, → started,
→ first step, and, side by side as the baseline, started → first step (what the run
itself does before stepping: load the dataset, compile, place the data), whose ratio
says how much of the wait is dispatch; first step → the first point of the per-step
curve (its `metrics` event); last epoch → finished (the evaluation and the results:
weights, graph, evaluation, metrics) and last epoch → `bundle.zip`, the last of the
exports that follow `finished` (ONNX checked with onnxruntime, model.py, the bundle).

    .venv/bin/python bench/first_step.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GRAPH = json.loads((ROOT / "netcanvas" / "samples" / "xor_mlp.json").read_text())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def call(url: str, body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("netcanvas serve stopped before it was ready")
        try:
            call(f"{url}/api/health")
            return
        except OSError:
            time.sleep(0.25)
    raise SystemExit("netcanvas serve was not ready within two minutes")


@contextmanager
def serving(settings: dict[str, str] | None = None) -> Iterator[str]:
    """`netcanvas serve` as `make run` starts it (its own Redis, SQLite, a worker), in a
    temporary folder, with `settings` added to its environment; its URL once healthy.
    Stopped with SIGINT, as Ctrl-C stops it."""
    with tempfile.TemporaryDirectory() as folder:
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
        env["NETCANVAS_DATA_DIR"] = str(Path(folder) / "var")
        env.update(settings or {})
        port = free_port()
        command = [sys.executable, "-m", "netcanvas_cli", "serve", "--port", str(port)]
        with (Path(folder) / "serve.log").open("w") as log:
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, process)
            yield url
        except BaseException:  # the server's own words, before its folder goes
            lines = (Path(folder) / "serve.log").read_text(errors="replace").splitlines()
            print("netcanvas serve's log, its end:", *lines[-40:], sep="\n", file=sys.stderr)
            raise
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=60)


def one_job(url: str) -> dict[str, float]:
    """Seconds from the POST to each stamped event of one job, once it has finished."""
    body = {"graph": GRAPH, "dataset": "xor", "config": {"epochs": 1, "lr": 0.02}}
    posted = time.time()
    job = call(f"{url}/api/jobs", body)["id"]
    stamps: dict[str, float] = {}
    deadline = time.monotonic() + 120
    while "bundle" not in stamps and time.monotonic() < deadline:
        for entry in call(f"{url}/api/jobs/{job}/events"):
            event = entry["event"]
            stamps.setdefault(event["type"], event["ts"])
            if event["type"] == "artifact" and event["name"] == "bundle.zip":
                stamps.setdefault("bundle", event["ts"])  # the last export, after `finished`
        time.sleep(0.02)
    if "progress" not in stamps or "metrics" not in stamps:
        raise SystemExit(f"job {job} never stepped: {sorted(stamps)}")
    return {name: ts - posted for name, ts in stamps.items()}


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f} s ({min(values):.2f}–{max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--idle", type=float, default=3.0)
    args = parser.parse_args()
    with serving() as url:
        one_job(url)  # not counted: the worker's first child
        rounds = []
        for _ in range(args.rounds):
            time.sleep(args.idle)
            rounds.append(one_job(url))
    to = {name: [r[name] for r in rounds] for name in ("queued", "started", "progress")}
    inside = [r["progress"] - r["started"] for r in rounds]
    print(f"{args.rounds} jobs (XOR MLP, 1 epoch) on netcanvas serve, {args.idle:g} s apart")
    print(f"  POST → queued          {spread(to['queued'])}")
    print(f"  POST → started         {spread(to['started'])}")
    print(f"  POST → first step      {spread(to['progress'])}")
    print(f"  started → first step   {spread(inside)}  (the run's own start: the baseline)")
    ratio = statistics.median(to["progress"]) / statistics.median(inside)
    print(f"  ratio POST→step / started→step: {ratio:.2f}")
    curve = [r["metrics"] - r["progress"] for r in rounds]
    print(f"  first step → first curve point {spread(curve)}  (the per-step curve)")
    ending = [r["finished"] - r["epoch"] for r in rounds]
    print(f"  last epoch → finished  {spread(ending)}")
    exported = [r["bundle"] - r["epoch"] for r in rounds]
    print(f"  last epoch → bundle.zip {spread(exported)}  (the exports, after `finished`)")


if __name__ == "__main__":
    main()
