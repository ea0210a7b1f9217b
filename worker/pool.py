"""The training worker's Celery pool: prefork, replacing a finished run's child at once.

A training worker forks a fresh child per run (`--max-tasks-per-child=1`, see
`backend/serve.py`). Celery's prefork pool (`AsynPool`, celery 5.7, billiard 4.3) starts a
replacement child only when its `maintain_pool` runs: on the child's exit event, and
every 5 s. The exit event comes too early to help: the child announces its end and
sleeps a second before it exits (billiard's `Worker._do_exit`), and the event fires
while it is still alive (`exitcode` None), so `maintain_pool` finds nothing to replace
and stops watching that child; the replacement waits for the next 5 s tick
(celery/celery#9588). Each job behind another then waits up to 5 s for a child.

`TaskPool` is prefork with that tick at `MAINTAIN_INTERVAL_S`. `maintain_pool` only
joins children that have exited and starts as many new ones, so running it more often
changes when a child is replaced, never whether: the restart limits and the lost-worker
handling are Celery's own. `worker.celery_app` makes it the app's `worker_pool`, which
`celery worker` uses when `--pool` is left out or says `prefork`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from celery.concurrency import asynpool, prefork

# How often the pool looks for exited children (Celery's own: 5 s). Each look walks the
# pool's few children and pending jobs: microseconds, ten times a second.
MAINTAIN_INTERVAL_S = 0.1


class QuickAsynPool(asynpool.AsynPool):  # type: ignore[misc]
    """`AsynPool` whose `maintain_pool` runs every `MAINTAIN_INTERVAL_S`."""

    @property
    def timers(self) -> dict[Callable[[], Any], float]:
        return {self.maintain_pool: MAINTAIN_INTERVAL_S}


class TaskPool(prefork.TaskPool):  # type: ignore[misc]
    """Celery's prefork pool with `QuickAsynPool` under its event loop."""

    Pool = QuickAsynPool
