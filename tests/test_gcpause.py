"""The garbage collector is paused while a graph is loaded and validated, and always comes back."""

from __future__ import annotations

import gc
import threading
import time
import weakref
from collections.abc import Iterator

import pytest

from netcanvas import gcpause
from netcanvas.gcpause import gc_paused
from netcanvas.graph import GraphFormatError, load_graph
from netcanvas.validation import validate

from .graphs import lenet


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_validation_leaves_the_collector_on() -> None:
    assert validate(load_graph(lenet())).valid
    assert gc.isenabled()


def test_a_refused_document_leaves_the_collector_on() -> None:
    with pytest.raises(GraphFormatError):
        load_graph({"format": "netcanvas/graph@1", "nodes": [{"id": 3}]})
    assert gc.isenabled()


def test_an_error_inside_the_pause_turns_the_collector_back_on() -> None:
    with pytest.raises(RuntimeError), gc_paused():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()


def test_nested_pauses_resume_at_the_outermost() -> None:
    with gc_paused():
        with gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()


def test_overlapping_threads_resume_when_the_last_one_ends() -> None:
    entered, release = threading.Event(), threading.Event()

    def other() -> None:
        with gc_paused():
            entered.set()
            release.wait(10)

    thread = threading.Thread(target=other)
    with gc_paused():
        thread.start()
        assert entered.wait(10)
    assert not gc.isenabled()  # the other thread's pause is still open
    release.set()
    thread.join(10)
    assert gc.isenabled()


class Loop:
    """An object in a reference cycle: only the collector frees it."""

    def __init__(self) -> None:
        self.itself = self


def test_pauses_that_overlap_without_end_still_collect(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gcpause, "MAX_OFF_S", 0.0)
    freed = threading.Event()

    def another_validation() -> None:
        with gc_paused():
            pass

    with gc_paused():  # another request's validation, still under way
        weakref.finalize(Loop(), freed.set)
        time.sleep(0.001)
        thread = threading.Thread(target=another_validation)
        thread.start()
        thread.join(10)
        assert freed.is_set()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_nested_in_the_same_thread_does_not_collect(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The route's pause around loading's and validation's own: the graph is not walked."""
    monkeypatch.setattr(gcpause, "MAX_OFF_S", 0.0)
    freed = threading.Event()
    with gc_paused():
        weakref.finalize(Loop(), freed.set)
        time.sleep(0.001)
        with gc_paused():
            pass
        assert not freed.is_set()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.collect()
    assert freed.is_set()
