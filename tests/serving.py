"""`netcanvas serve` in a subprocess, as the README's run command starts it, for tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STARTUP_SECONDS = 120
# Unset, so the app starts its own Redis and SQLite, serves frontend/dist and has no accounts
# (`served(..., env=...)` turns them on).
DROPPED = {"REDIS_URL", "DATABASE_URL", "NETCANVAS_FRONTEND_DIR", "NETCANVAS_AUTH"}


def free_port() -> int:
    """A port to serve on: the first free one of `NETCANVAS_TEST_PORTS` ("8700-8709"), where a
    machine shared by several runs gives each its own range, else any free one. Each
    pytest-xdist process takes every n-th port of the range from its own, so two processes
    starting servers at once never pick the same free port."""
    low, _, high = os.environ.get("NETCANVAS_TEST_PORTS", "").partition("-")
    candidates: range | list[int] = [0]
    if low.isdigit():
        worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
        workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
        candidates = range(int(low) + worker, int(high or low) + 1, workers)
    for candidate in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            port: int = sock.getsockname()[1]
            return port
    raise RuntimeError(f"no free port in NETCANVAS_TEST_PORTS={os.environ['NETCANVAS_TEST_PORTS']}")


def environment(folder: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment `served` runs the app in: data in `folder/var`, plus `extra`."""
    env = {key: value for key, value in os.environ.items() if key not in DROPPED}
    env["NETCANVAS_DATA_DIR"] = str(folder / "var")
    env.update(extra or {})
    return env


def netcanvas(
    folder: Path, *args: str, stdin: str = "", env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m netcanvas_cli ARGS` on the data of `served(folder)`; fail on an error."""
    done = subprocess.run(
        [sys.executable, "-m", "netcanvas_cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment(folder, env),
        cwd=ROOT,
        timeout=120,
    )
    if done.returncode != 0:
        pytest.fail(f"netcanvas {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return done


@contextmanager
def served(folder: Path, env: Mapping[str, str] | None = None) -> Iterator[str]:
    """The app's URL once `/api/health` answers 200; data and log in `folder`, `env` added to
    its environment (`{"NETCANVAS_AUTH": "accounts"}`); stopped with SIGINT as Ctrl-C stops
    it. Fails with the server's log if it does not come up."""
    port = free_port()
    log_path = folder / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "netcanvas_cli", "serve", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=environment(folder, env),
            cwd=ROOT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(url, process, log_path)
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_for_health(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"netcanvas serve did not come up:\n{log_path.read_text()[-6000:]}")
        time.sleep(0.2)
