"""The shipped pretrained weights (`netcanvas/pretrained/`) as files a run starts from.

`weights_path(name)` checks the file's sha256 against the catalogue before anything
reads it, so a damaged or replaced file fails the run with a reason instead of
starting it from unknown weights. The file is then read by safetensors, as an
earlier job's weights are (`worker.run.load_matching_weights`), never unpickled.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from netcanvas import pretrained


class PretrainedError(Exception):
    """The named weights are unknown, missing or not the file the catalogue describes."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def weights_path(name: str) -> Path:
    """The checked safetensors file of catalogue entry `name`."""
    info = pretrained.catalogue().get(name)
    if info is None:
        known = ", ".join(pretrained.catalogue())
        raise PretrainedError(
            f"init_from: no pretrained weights named '{name}'; available: {known}"
        )
    path = Path(str(pretrained.weights_file(name)))
    if not path.is_file():
        raise PretrainedError(f"the pretrained weights {info.file} are missing from the package")
    if sha256_of(path) != info.sha256:
        raise PretrainedError(f"the pretrained weights {info.file} do not match their sha256")
    return path
