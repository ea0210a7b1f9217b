"""A job's latest decision boundary on disk: `boundary.json` in its artifact folder.

Events are replayed from the job's Redis stream, which can be trimmed or lost; the page
that is reloaded (or opened after the end) reads the latest boundary from this file through
`GET /api/jobs/{id}/boundary` instead. The run's recorder writes it after every `boundary`
event (`worker/boundary.py` sends one a few times a second at most), straight into the
published folder rather than the run's staging folder, so it is readable while the job
runs; written through `atomic.replacing`, it is never half there. The training points
come in a run's first event only, so they are kept here and written with every later one.
Torch-free: the recorder imports it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from netcanvas.artifacts import BOUNDARY, GENERATED

from . import atomic


class LatestBoundary:
    """Writes each boundary event of one run over the last, with the run's training points."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.points: list[Any] | None = None

    def write(self, event: dict[str, Any]) -> Path:
        if event.get("points") is not None:
            self.points = event["points"]
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / BOUNDARY
        with atomic.replacing(path) as temporary:
            temporary.write_text(json.dumps({**event, "points": self.points}), encoding="utf-8")
        return path


class LatestSamples:
    """Writes each `samples` event of one run over the last (`generated.json`), so the job
    page shows the generated images after a reload; a latent map is kept from the last
    event that had one."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def write(self, event: dict[str, Any]) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / GENERATED
        with atomic.replacing(path) as temporary:
            temporary.write_text(json.dumps(event), encoding="utf-8")
        return path
