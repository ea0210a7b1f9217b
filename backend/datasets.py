"""Uploaded datasets on disk, and what the torch-using inspector says about any dataset.

The API never imports torch: decoding runs `python -m worker.datasets.inspect`
in a subprocess with a timeout. An upload is stored under
`data_dir/uploads/<user id>/<uuid>.zip`, a name the server picks; it is
decoded once on arrival, and its preview is kept beside it as JSON, so a
preview later reads one small file. A built-in dataset's preview is cached
under `data_dir/previews/`. The inspector's warnings (a class no row has) are
kept in the upload's info as codes and params, and worded again in the
language of each request that shows them. An upload's files are kept only once its
row is committed; what an API killed meanwhile (while it read the upload) left, no
row names, and `remove_orphans` removes it once no request can still be writing it.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from fastapi import HTTPException
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from netcanvas.messages import render
from netcanvas.series import settings_path

from .db.models import Dataset
from .localise import refused
from .settings import Settings

ROOT = Path(__file__).resolve().parent.parent
INSPECT_TIMEOUT_S = 300
INSPECT_WAIT_S = 30  # an upload waits this long for a free reader
# An upload file no row names and older than this was left by an API that was killed: every
# request still storing one has finished reading it (waited for a reader, then read it).
ORPHAN_AGE_S = INSPECT_WAIT_S + INSPECT_TIMEOUT_S + 60
CHUNK = 1 << 20


def upload_path(settings: Settings, user_id: int) -> Path:
    """A fresh server-chosen path for a user's upload."""
    folder = settings.data_dir / "uploads" / str(user_id)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{uuid.uuid4().hex}.zip"


def preview_path(upload: Path) -> Path:
    return upload.with_suffix(".preview.json")


def test_file_path(upload: Path) -> Path:
    """Where an upload's test file is kept, beside it: a name the server picks."""
    return upload.with_suffix(".test.zip")


def stored_bytes(session: Session, user_id: int) -> int:
    """What the user's uploads take, in bytes."""
    total = session.scalar(select(func.sum(Dataset.size)).where(Dataset.owner_id == user_id))
    return int(total or 0)


def save_stream(
    source: BinaryIO, target: Path, limit: int, too_large: HTTPException
) -> tuple[int, str]:
    """Copy an upload to `target`, refusing it with `too_large` past `limit` bytes; its size
    and sha256."""
    digest, size = hashlib.sha256(), 0
    with target.open("wb") as out:
        while chunk := source.read(CHUNK):
            size += len(chunk)
            if size > limit:
                out.close()
                target.unlink(missing_ok=True)
                raise too_large
            digest.update(chunk)
            out.write(chunk)
    return size, digest.hexdigest()


def inspect_dataset(
    settings: Settings, ref: str, lang: str = "en", options: tuple[str, ...] = ()
) -> dict[str, Any]:
    """`{"info", "preview"}` for a catalogue name or an upload's path; 422 naming the problem.

    The reading runs in a subprocess with a timeout and a memory limit, at most
    `inspect_concurrency` at once (one more waits up to INSPECT_WAIT_S, then gets a 429).
    The problems come in `lang` ("en" or "ja"). `options` go to the inspector as they are
    (`--test PATH`, `--test-fraction F --test-seed S`)."""
    slots = _inspect_slots(settings.inspect_concurrency)
    if not slots.acquire(timeout=INSPECT_WAIT_S):
        raise refused(429, "dataset.busy", count=settings.inspect_concurrency)
    try:
        run = _run_inspector(settings, ref, lang, options)
    finally:
        slots.release()
    try:
        answer: dict[str, Any] = json.loads(run.stdout)
    except ValueError:
        if run.returncode == -signal.SIGKILL or "MemoryError" in run.stderr:
            raise refused(
                422, "dataset.out_of_memory", limit_mb=settings.inspect_memory_mb
            ) from None
        raise refused(422, "dataset.inspector_failed", status=run.returncode) from None
    if "error" in answer:
        problems = answer.get("problems") or [answer["error"]]
        detail = {"message": answer["error"], "problems": problems}
        # the first problem's code, and one code and its params per problem (stable across
        # languages; not `params`, which would have the message worded again from the first)
        keys = ("code", "codes", "problem_params")
        detail |= {key: answer[key] for key in keys if key in answer}
        raise HTTPException(422, detail)
    return answer


@cache
def _inspect_slots(count: int) -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(count)


def _run_inspector(
    settings: Settings, ref: str, lang: str, options: tuple[str, ...]
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NETCANVAS_DATA_DIR": str(settings.data_dir.resolve())}
    command = [sys.executable, "-m", "worker.datasets.inspect", ref, "--lang", lang,
               "--memory-mb", str(settings.inspect_memory_mb), *options]  # fmt: skip
    try:
        return subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=INSPECT_TIMEOUT_S
        )
    except subprocess.TimeoutExpired:  # the child is killed by subprocess.run
        raise refused(422, "dataset.too_slow", seconds=INSPECT_TIMEOUT_S) from None


def inspect_upload(
    settings: Settings,
    path: Path,
    filename: str,
    lang: str = "en",
    test: TestGiven | None = None,
) -> dict[str, Any]:
    """`inspect_dataset` of an upload (and its test split), its errors and warnings naming
    the user's files."""
    options: tuple[str, ...] = ()
    names = [(path, filename)]
    if test is not None and test.file is not None:
        options = ("--test", str(test.file[0]))
        names.append(test.file)
    elif test is not None and test.fraction is not None:
        options = ("--test-fraction", repr(test.fraction), "--test-seed", str(test.seed))
    try:
        answer = inspect_dataset(settings, str(path), lang, options)
    except HTTPException as error:
        for server, user in names:
            error.detail = _renamed(error.detail, server, user)
        raise
    info = answer["info"]
    for server, user in names:
        info["warnings"] = _renamed(info.get("warnings") or [], server, user)
    if test is not None:
        info["test"] = test.stored(info.get("sizes", {}).get("test", 0))
    return answer


@dataclass(frozen=True)
class TestGiven:
    """An upload's test split as the form gave it: a test file (its path here and the user's
    name for it), or a fraction of the rows held out with `seed`."""

    __test__ = False  # not a pytest class

    file: tuple[Path, str] | None = None
    fraction: float | None = None
    seed: int = 0

    def stored(self, samples: int) -> dict[str, Any]:
        """What the upload's info keeps, for every job on it (`worker.jobs.resolve_test`)."""
        if self.file is not None:
            return {"source": "file", "filename": self.file[1], "samples": samples}
        return {"source": "fraction", "fraction": self.fraction, "seed": self.seed,
                "samples": samples}  # fmt: skip


def localised_warnings(warnings: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Stored warnings (`{"code", "message", "params"}`) with their message in `lang`."""
    return [{**w, "message": render(w["code"], w.get("params") or {}, lang)} for w in warnings]


def _renamed(detail: Any, path: Path, filename: str) -> Any:
    """`detail` with the server's path of an upload replaced by the user's file name."""
    if isinstance(detail, str):
        return detail.replace(str(path), filename).replace(path.name, filename)
    if isinstance(detail, list):
        return [_renamed(item, path, filename) for item in detail]
    if isinstance(detail, dict):
        return {key: _renamed(value, path, filename) for key, value in detail.items()}
    return detail


def keep_preview(upload: Path, preview: dict[str, Any]) -> None:
    """The preview beside the upload, written to a temporary name and renamed: a crash
    while writing leaves no half a file that every later preview would fail to read."""
    kept = preview_path(upload)
    temporary = kept.with_suffix(f".{uuid.uuid4().hex}.tmp")
    temporary.write_text(json.dumps(preview))
    temporary.replace(kept)


def stored_preview(
    settings: Settings, upload: Path, filename: str, lang: str = "en"
) -> dict[str, Any]:
    """An upload's preview: the JSON kept at upload, or decoded again (its problems naming
    the user's `filename`, never the server's path) if it went missing or unreadable."""
    kept = preview_path(upload)
    try:
        found: dict[str, Any] = json.loads(kept.read_text())
        return found
    except (OSError, ValueError):
        pass
    preview: dict[str, Any] = inspect_upload(settings, upload, filename, lang)["preview"]
    keep_preview(upload, preview)
    return preview


def builtin_preview(settings: Settings, name: str) -> dict[str, Any]:
    """A catalogue dataset's preview, decoded once and cached."""
    # @2: samples carry their more variables (x2…, y2…); a cache from before has none
    cached = settings.data_dir / "previews" / f"{name}@2.json"
    if cached.is_file():
        found: dict[str, Any] = json.loads(cached.read_text())
        return found
    preview: dict[str, Any] = inspect_dataset(settings, name)["preview"]
    cached.parent.mkdir(parents=True, exist_ok=True)
    temporary = cached.with_suffix(f".{uuid.uuid4().hex}.tmp")
    temporary.write_text(json.dumps(preview))
    temporary.replace(cached)
    return preview


def remove_orphans(
    settings: Settings, session: Session, older_than_s: float = ORPHAN_AGE_S
) -> list[Path]:
    """Remove the uploads (with the files kept beside them) that no dataset row names and
    that were last written more than `older_than_s` ago; the uploads removed."""
    folder = settings.data_dir / "uploads"
    if not folder.is_dir():
        return []
    named = {Path(path) for path in session.scalars(select(Dataset.path))}
    cutoff = time.time() - older_than_s
    removed = []
    for upload in folder.glob("*/*.zip"):
        if upload.name.endswith(".test.zip") or upload.resolve() in named:
            continue
        try:
            if upload.stat().st_mtime > cutoff:
                continue  # perhaps still being read by a request
        except OSError:
            continue
        remove_upload(upload)
        removed.append(upload)
    return removed


def remove_upload(upload: Path) -> None:
    upload.unlink(missing_ok=True)
    preview_path(upload).unlink(missing_ok=True)
    settings_path(upload).unlink(missing_ok=True)
    test_file_path(upload).unlink(missing_ok=True)
