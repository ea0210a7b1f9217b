"""`backend.broker_messages` reads the jobs of the training messages in Redis as kombu's
Redis transport keeps them: waiting in a queue's list, or taken by a consumer and not yet
acknowledged (the `unacked` hash), while the taking is recent. Real messages sent by
`backend.queue.send`, taken by a real kombu consumer, on a Redis of the test's own."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from backend.broker_messages import jobs_in_broker
from backend.queue import PREDICT, TRAIN, make_app, send
from backend.serve import start_redis


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[str]:
    process, url = start_redis(tmp_path / "redis")
    try:
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()


def test_the_jobs_of_waiting_and_just_taken_training_messages_are_found(broker: str) -> None:
    r = redis.Redis.from_url(broker, decode_responses=True)
    send(broker, TRAIN, [7], queue="cpu")
    send(broker, TRAIN, [8], queue="gpu")
    send(broker, PREDICT, [9, "x"], queue="predict")  # no training message
    assert jobs_in_broker(r, ["cpu", "gpu", "predict"], time.time() - 60) == {7, 8}
    assert jobs_in_broker(r, ["cpu"], time.time() - 60) == {7}

    with make_app(broker).connection() as connection:
        queue = connection.SimpleQueue("cpu", no_ack=False)
        taken = queue.get(timeout=30)  # a worker's delivery, not acknowledged
        assert r.llen("cpu") == 0 and r.hlen("unacked") == 1
        assert jobs_in_broker(r, ["cpu"], time.time() - 60) == {7}  # taken just now
        assert jobs_in_broker(r, ["cpu"], time.time() + 60) == set()  # taken long ago
        taken.ack()
        assert jobs_in_broker(r, ["cpu"], time.time() - 60) == set()
        queue.close()
