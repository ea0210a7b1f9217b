"""Fetch one file over HTTP(S) into the data folder, safely.

The body goes to a temporary file beside the target and is renamed into place
(`worker.atomic`) only once its size and checksums match, so a cut connection, a wrong mirror
or two workers downloading at once never leave a partial file under the real
name. Mirrors are tried in order; the error lists what each one said.
"""

from __future__ import annotations

import hashlib
import http.client
import logging
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..atomic import replacing
from .base import DatasetError

log = logging.getLogger(__name__)

CHUNK = 1 << 20
TIMEOUT_S = 60.0
USER_AGENT = "netcanvas-dataset-loader"


@dataclass(frozen=True)
class Remote:
    """A file to fetch and what it must be; checksums are hex, None where unknown."""

    filename: str
    size: int | None = None
    md5: str | None = None
    sha256: str | None = None


class _Mismatch(Exception):
    """The body arrived but is not the file we expect."""


def download(
    urls: Sequence[str], dest: Path, remote: Remote, *, hint: dict[str, Any] | None = None
) -> None:
    """Fetch the first URL that works into `dest`; DatasetError naming every failure if none.

    hint: what to do instead, a message (netcanvas.messages.message) added to the error.
    """
    failures = []
    for url in urls:
        log.info("downloading %s", url)
        try:
            _fetch(url, dest, remote)
            return
        except (OSError, http.client.HTTPException, ValueError, _Mismatch) as error:
            failures.append(f"{url}: {error}")
    params: dict[str, Any] = {"file": remote.filename, "failures": "; ".join(failures)}
    if hint is None:
        raise DatasetError.of("dataset.download_failed", **params)
    raise DatasetError.of("dataset.download_failed_hint", **params, hint=hint)


def _fetch(url: str, dest: Path, remote: Remote) -> None:
    if not url.startswith(("https://", "http://", "file://")):
        raise ValueError("only http, https and file URLs are fetched")
    dest.parent.mkdir(parents=True, exist_ok=True)
    with replacing(dest) as temporary:
        with temporary.open("wb") as out:
            md5, sha256, size = _copy(url, out, remote)
        _check(remote, size, md5, sha256)


def _copy(url: str, out: BinaryIO, remote: Remote) -> tuple[str, str, int]:
    md5 = hashlib.md5(usedforsecurity=False)
    sha256 = hashlib.sha256()
    size = 0
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
        while block := response.read(CHUNK):
            size += len(block)
            if remote.size is not None and size > remote.size:
                raise _Mismatch(f"more than the expected {remote.size} bytes")
            md5.update(block)
            sha256.update(block)
            out.write(block)
    return md5.hexdigest(), sha256.hexdigest(), size


def _check(remote: Remote, size: int, md5: str, sha256: str) -> None:
    if remote.size is not None and size != remote.size:
        raise _Mismatch(f"got {size} bytes, expected {remote.size}")
    if remote.md5 is not None and md5 != remote.md5.lower():
        raise _Mismatch(f"md5 {md5} is not the expected {remote.md5}")
    if remote.sha256 is not None and sha256 != remote.sha256.lower():
        raise _Mismatch(f"sha256 {sha256} is not the expected {remote.sha256}")
