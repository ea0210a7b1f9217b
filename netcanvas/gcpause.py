"""Pausing Python's cyclic garbage collector while a graph is loaded and validated.

Loading and validating a graph allocates a few hundred thousand objects that all
stay alive until the answer is built. With the collector on, every automatic
collection walks all of them again, so the time grew faster than the graph: at
10,000 nodes collections were about 40 % of it. Reference counting still frees
everything as usual while the collector is paused; only reference cycles wait
for the next collection. The pause lasts one validation (at most 10,000 nodes).

The collector is one switch for the whole process: the first of several
threads to pause it turns it off, the last to finish turns it back on, and a
collector that was already off stays off. So that validations overlapping
without end (a busy API) cannot starve it, a pause that ends while the
collector has been off for over MAX_OFF_S collects once itself. Pauses nested in one
thread (the route's around `load_graph_json`'s and `analyse`'s) are one pause: an inner
one ending is not another validation ending, and collecting there would walk the graph
being validated (twice per 10,000-node validation that took over a second).
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

MAX_OFF_S = 1.0  # the longest the collector stays off while pauses overlap


class _Pauses:
    """The open pauses, whether the collector was on before them, and since when it is off."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open = 0
        self.resume = False
        self.off_since = 0.0


_pauses = _Pauses()
_depth = threading.local()  # this thread's open pauses: only its outermost one counts


@contextmanager
def gc_paused() -> Iterator[None]:
    """No automatic garbage collection inside the block; nested and threaded blocks may overlap."""
    depth = getattr(_depth, "open", 0)
    _depth.open = depth + 1
    if depth:  # inside this thread's own pause: nothing to switch
        try:
            yield
        finally:
            _depth.open = depth
        return
    try:
        with _pause():
            yield
    finally:
        _depth.open = 0


@contextmanager
def _pause() -> Iterator[None]:
    with _pauses.lock:
        if _pauses.open == 0:
            _pauses.resume = gc.isenabled()
            _pauses.off_since = time.monotonic()
            gc.disable()
        _pauses.open += 1
    try:
        yield
    finally:
        _end_pause()


def _end_pause() -> None:
    collect = False
    with _pauses.lock:
        _pauses.open -= 1
        if _pauses.open == 0:
            if _pauses.resume:
                gc.enable()
        elif _pauses.resume and time.monotonic() - _pauses.off_since > MAX_OFF_S:
            _pauses.off_since = time.monotonic()
            collect = True
    if collect:
        gc.collect()  # outside the lock: the other pauses go on meanwhile
