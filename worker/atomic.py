"""Write a file so that its final name only ever holds a complete file.

`replacing(path)` yields a temporary path in the same folder; the caller
writes there, and when the block ends without an error the file is flushed
to disk and renamed over `path` in one step (`os.replace`). On an error the
temporary file is removed and `path` keeps what it held. A process killed
mid-write leaves at most a temporary file behind, never a half-written
`path`: the API serves artifacts by their final names only, and temporary
names (`.model.onnx.tmp-<random>`) start with a dot, so they match none of
them. `remove_leftovers` clears what a killed writer left.

Every file the worker writes for others to read (artifacts, samples, training
checkpoints, the dataset caches) goes through here; a test walks `worker/` to
keep it so.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TEMPORARY_MARK = ".tmp-"


def temporary_name(name: str) -> str:
    """A fresh hidden name for a file that will become `name`: `.name.tmp-<random>`."""
    return f".{name}{TEMPORARY_MARK}{secrets.token_hex(8)}"


def is_temporary(name: str) -> bool:
    return name.startswith(".") and TEMPORARY_MARK in name


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield an empty temporary file beside `path`; on success it becomes `path`."""
    temporary = _create(path)
    try:
        yield temporary
        _fsync(temporary)
        os.replace(temporary, path)
        _fsync_folder(path.parent)
    finally:
        temporary.unlink(missing_ok=True)  # gone already after the rename


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete the temporary files a killed writer left in `folder`; what was deleted."""
    leftovers = [path for path in folder.iterdir() if is_temporary(path.name)]
    for path in leftovers:
        path.unlink(missing_ok=True)
    return leftovers


def _create(path: Path) -> Path:
    # O_EXCL: never another writer's file. Mode 0o666 less the umask, as for a plain
    # open(), so the renamed file has the permissions a direct write would give it.
    while True:
        temporary = path.with_name(temporary_name(path.name))
        try:
            os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:  # 64 random bits: practically never
            continue
        return temporary


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDWR)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; folders cannot be opened for that on Windows."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def publish(staged: Path, folder: Path) -> list[Path]:
    """Move every file of the folder `staged` into `folder`, each renamed over its final
    name in one step, then remove `staged`: a run writes its artifacts apart and publishes
    them only while it still holds its job (`worker.jobs`). Returns the final paths."""
    folder.mkdir(parents=True, exist_ok=True)
    moved = []
    for path in sorted(staged.iterdir()):
        if path.is_file() and not is_temporary(path.name):
            os.replace(path, folder / path.name)
            moved.append(folder / path.name)
    _fsync_folder(folder)
    shutil.rmtree(staged, ignore_errors=True)
    return moved
