"""The sample networks shipped with NetCanvas, one `netcanvas/graph@1` JSON file each.

`names()` lists them and `load(name)` returns one as the decoded JSON document,
ready for `netcanvas.graph.load_graph` or to send to the editor. The files live
next to this module and are read through `importlib.resources`, so they work
from an installed wheel too. `lesson(name)` is what the sample teaches: its
built-in dataset, training config, note and expected result (`lessons.py`);
`title(name, english)` its title in English and Japanese (`titles.py`).
Torch-free, like the rest of `netcanvas`.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from .lessons import LESSONS, Lesson, SampleNote
from .titles import TITLES_JA, title

__all__ = ["DATASETS", "TITLES_JA", "Lesson", "SampleNote", "lesson", "load", "names", "title"]

_SUFFIX = ".json"

# The built-in dataset each sample trains on as shipped (`netcanvas train ... --dataset`).
DATASETS: dict[str, str] = {name: lesson.dataset for name, lesson in LESSONS.items()}


def names() -> list[str]:
    """The samples' names (file stems such as `lenet`), sorted."""
    files = resources.files(__name__).iterdir()
    return sorted(f.name[: -len(_SUFFIX)] for f in files if f.name.endswith(_SUFFIX))


def load(name: str) -> dict[str, Any]:
    """The sample's graph as decoded JSON; a fresh dict on every call.

    Raises `KeyError` for a name that `names()` does not list.
    """
    if name not in names():
        raise KeyError(f"unknown sample {name!r}; available: {', '.join(names())}")
    text = resources.files(__name__).joinpath(name + _SUFFIX).read_text(encoding="utf-8")
    graph: dict[str, Any] = json.loads(text)
    return graph


def lesson(name: str) -> Lesson:
    """What the sample teaches: dataset, config, note and expected result; a fresh copy.

    Raises `KeyError` for a name that `names()` does not list.
    """
    if name not in names():
        raise KeyError(f"unknown sample {name!r}; available: {', '.join(names())}")
    return LESSONS[name].model_copy(deep=True)
