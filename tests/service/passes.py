"""The API's first background passes (`backend.jobs.reaper_lifespan`): a scheduling pass and
a reaping pass (stale jobs taken back, sent jobs sent again to a Redis seen for the first
time) start with the app and run in threads of their own. On a loaded machine they can come
late, in the middle of the test: taking back a `running` row the test wrote, sending a job
the test meant its own pass or route to send, holding the scheduling lock while the test
schedules, or meeting a relay the test cut. A service fixture waits for them to be over
before it hands the app to its test."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from backend import jobs, scheduler

FIRST_PASSES_S = 180  # a deadline: on a quiet machine they take milliseconds


def watch_first_passes(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Call before the app starts; the function it returns waits until the app's first
    scheduling and reaping passes are over (done or failed, as the loops go on either way)."""
    scheduled, reaped = threading.Event(), threading.Event()
    real_schedule = scheduler.schedule  # what `backend.jobs` imported
    real_reap = jobs.reap_stale_jobs
    real_redispatch = jobs.redispatch_queued_jobs

    def schedule(*args: Any, **kwargs: Any) -> list[int]:
        try:
            return real_schedule(*args, **kwargs)
        finally:
            scheduled.set()

    def reap(*args: Any, **kwargs: Any) -> list[int]:
        try:
            return real_reap(*args, **kwargs)
        except BaseException:
            reaped.set()  # the pass ends here, without its redispatch
            raise

    def redispatch(*args: Any, **kwargs: Any) -> list[int]:
        try:
            return real_redispatch(*args, **kwargs)
        finally:
            reaped.set()

    # the names the loops (and `reap_stale_jobs`) call
    monkeypatch.setattr(jobs, "schedule", schedule)
    monkeypatch.setattr(jobs, "reap_stale_jobs", reap)
    monkeypatch.setattr(jobs, "redispatch_queued_jobs", redispatch)

    def wait() -> None:
        for event, what in ((scheduled, "scheduling"), (reaped, "reaping")):
            if not event.wait(FIRST_PASSES_S):
                raise AssertionError(f"the API's first {what} pass did not end")

    return wait
