"""Workers announce themselves in Redis, so the API knows one is ready and what it can run.

Each worker process keeps one key, `netcanvas:worker:<name>`, alive with a
short expiry: a worker that dies disappears within `TTL_S`. The value says
which queues it consumes; whether it has a GPU, so a job with `device: auto`
goes to the `gpu` queue only when a GPU worker is there; its `slots`, how
many jobs it runs at once (a value from before slots counts as one); and, from a
GPU worker that knows it, `memory_mb`, the GPU memory it offers its jobs (its
budget: the scheduler sends it jobs while their estimates fit, `backend.scheduler`;
a value without one, or null, leaves the slots alone to decide).
Torch-free: the API reads these keys.
"""

from __future__ import annotations

import contextlib
import json
import threading
from typing import Any

import redis

PREFIX = "netcanvas:worker:"
TTL_S = 30
INTERVAL_S = 10


def announce(
    r: redis.Redis,
    name: str,
    queues: list[str],
    cuda: bool,
    slots: int = 1,
    memory_mb: int | None = None,
) -> None:
    """Say that worker `name` is alive for the next `TTL_S` seconds."""
    value = {"name": name, "queues": sorted(queues), "cuda": cuda, "slots": slots,
             "memory_mb": memory_mb}  # fmt: skip
    r.set(PREFIX + name, json.dumps(value), ex=TTL_S)


def withdraw(r: redis.Redis, name: str) -> None:
    r.delete(PREFIX + name)


def alive(r: redis.Redis) -> list[dict[str, Any]]:
    """Every worker that announced itself within the last `TTL_S` seconds."""
    keys = sorted(r.scan_iter(match=PREFIX + "*", count=100))
    values = r.mget(keys) if keys else []
    return [json.loads(value) for value in values if value]


def slots_of(worker: dict[str, Any]) -> int:
    """The jobs `worker` runs at once; 1 for a worker from before it said so."""
    return max(1, int(worker.get("slots", 1)))


def memory_of(worker: dict[str, Any]) -> int | None:
    """The GPU memory in MiB `worker` offers its jobs; None when it announces no budget."""
    memory = worker.get("memory_mb")
    return max(0, int(memory)) if memory is not None else None


def queue_for(device: str, workers: list[dict[str, Any]]) -> str:
    """`cuda` jobs go to `gpu`; `auto` ones too when a worker with a GPU serves that queue."""
    if device == "cuda":
        return "gpu"
    if device == "auto" and any(w["cuda"] and "gpu" in w["queues"] for w in workers):
        return "gpu"
    return "cpu"


class Heartbeat:
    """A daemon thread that renews a worker's key until `stop()`."""

    def __init__(
        self,
        broker_url: str,
        name: str,
        queues: list[str],
        cuda: bool,
        slots: int = 1,
        memory_mb: int | None = None,
    ) -> None:
        self.redis = redis.Redis.from_url(broker_url)
        self.name, self.queues, self.cuda, self.slots = name, queues, cuda, slots
        self.memory_mb = memory_mb
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name="netcanvas-heartbeat", daemon=True)

    def start(self) -> None:
        self._announce()
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        with contextlib.suppress(redis.RedisError):  # if Redis went first, the key expires
            withdraw(self.redis, self.name)

    def _announce(self) -> None:
        announce(self.redis, self.name, self.queues, self.cuda, self.slots, self.memory_mb)

    def _beat(self) -> None:
        while not self.stopped.wait(INTERVAL_S):
            try:
                self._announce()
            except redis.RedisError:
                continue  # Redis restarting: try again at the next beat
