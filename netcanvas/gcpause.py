"""Pausing Python's cyclic garbage collector while a graph is loaded and validated.

Loading and validating a graph allocates a few hundred thousand objects that all
stay alive until the answer is built. With the collector on, every automatic
collection walks all of them again, so the time grew faster than the graph: at
10,000 nodes collections were about 40 % of it. Reference counting still frees
everything as usual while the collector is paused; only reference cycles wait
for the next collection. The pause lasts one validation (at most 10,000 nodes).

The collector is one switch for the whole process: the first of several
threads to pause it turns it off, the last to finish turns it back on, and a
collector that was already off stays off.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Pauses:
    """How many pauses are open, and whether the collector was on before the first."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open = 0
        self.resume = False


_pauses = _Pauses()


@contextmanager
def gc_paused() -> Iterator[None]:
    """No automatic garbage collection inside the block; nested and threaded blocks may overlap."""
    with _pauses.lock:
        if _pauses.open == 0:
            _pauses.resume = gc.isenabled()
            gc.disable()
        _pauses.open += 1
    try:
        yield
    finally:
        with _pauses.lock:
            _pauses.open -= 1
            if _pauses.open == 0 and _pauses.resume:
                gc.enable()
