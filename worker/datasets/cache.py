"""Where datasets live on disk, and the cache of decoded tensors.

Decoded samples (`prepare.Decoded`) are stored as safetensors files, never
pickles, named by a sha256 key of the source files' contents: a changed
upload gets a new key, an unchanged one loads without opening a single image.
Files are written to a temporary name and renamed (`worker.atomic`), so a
crash or a second worker never leaves half a cache file where a reader looks.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

import numpy as np
from safetensors import safe_open
from safetensors.numpy import save_file

from ..atomic import replacing
from .prepare import Array, Decoded

log = logging.getLogger(__name__)

FORMAT = "netcanvas/dataset-cache@1"
ENV_DATA_DIR = "NETCANVAS_DATA_DIR"
CHUNK = 1 << 20


def data_dir(cache_dir: Path | None = None) -> Path:
    """Where downloads and cached tensors go.

    `cache_dir` if given, else $NETCANVAS_DATA_DIR, else ~/.cache/netcanvas.
    """
    if cache_dir is not None:
        return Path(cache_dir)
    env = os.environ.get(ENV_DATA_DIR)
    return Path(env) if env else Path.home() / ".cache" / "netcanvas"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def cache_key(*parts: str) -> str:
    """One key from the kind of source and the digests of its files."""
    return hashlib.sha256("\n".join((FORMAT, *parts)).encode()).hexdigest()


def _path(root: Path, key: str) -> Path:
    return root / "tensors" / f"{key}.safetensors"


def load(root: Path, key: str) -> Decoded | None:
    """The cached samples for `key`, or None when there are none (or they are unreadable)."""
    path = _path(root, key)
    if not path.is_file():
        return None
    try:
        with safe_open(str(path), framework="numpy") as stored:
            meta = stored.metadata() or {}
            arrays: dict[str, Array] = {name: stored.get_tensor(name) for name in stored.keys()}  # noqa: SIM118
        if meta.get("format") != FORMAT:
            return None
        return Decoded(
            task="regression" if meta["task"] == "regression" else "classification",
            x=arrays["x"],
            y=arrays["y"],
            class_names=list(json.loads(meta["class_names"])),
            x_val=arrays.get("x_val"),
            y_val=arrays.get("y_val"),
            x_test=arrays.get("x_test"),
            y_test=arrays.get("y_test"),
            standardise=meta.get("standardise") == "1",
            # more variables (x2:…, y2:… columns): stored as `more_x:x2`, `more:y2`
            more_x={k[7:]: v for k, v in arrays.items() if k.startswith("more_x:")},
            more={k[5:]: v for k, v in arrays.items() if k.startswith("more:")},
            more_names=dict(json.loads(meta.get("more_names", "{}"))),
            columns=dict(json.loads(meta.get("columns", "{}"))),
            warnings=[
                (str(code), dict(params)) for code, params in json.loads(meta.get("warnings", "[]"))
            ],
        )
    except (OSError, KeyError, ValueError, TypeError) as error:
        log.warning("ignoring unreadable dataset cache %s: %s", path, error)
        return None


def store(root: Path, key: str, decoded: Decoded) -> None:
    """Write the cache file atomically; a cache that cannot be written only costs speed."""
    path = _path(root, key)
    arrays = {"x": decoded.x, "y": decoded.y}
    if decoded.x_val is not None and decoded.y_val is not None:
        arrays |= {"x_val": decoded.x_val, "y_val": decoded.y_val}
    if decoded.x_test is not None and decoded.y_test is not None:
        arrays |= {"x_test": decoded.x_test, "y_test": decoded.y_test}
    arrays |= {f"more_x:{k}": v for k, v in decoded.more_x.items()}
    arrays |= {f"more:{k}": v for k, v in decoded.more.items()}
    meta = {
        "more_names": json.dumps(decoded.more_names),
        "columns": json.dumps(decoded.columns),
        "format": FORMAT,
        "task": decoded.task,
        "class_names": json.dumps(decoded.class_names),
        "standardise": "1" if decoded.standardise else "0",
        "warnings": json.dumps(decoded.warnings),
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(path) as temporary:
            tensors = {k: np.ascontiguousarray(v) for k, v in arrays.items()}
            save_file(tensors, str(temporary), metadata=meta)
    except OSError as error:
        log.warning("could not write the dataset cache %s: %s", path, error)
