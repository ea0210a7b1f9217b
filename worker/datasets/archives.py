"""Why zipfile, gzip or tarfile could not read a file, in our words (`archive.*` codes).

Their errors are English for a programmer ("Bad CRC-32 for file 'a.png'", "Error -3 while
decompressing data: invalid block type") and an `OSError`'s names the server's path; `why`
turns one into a message value that fills `{error}` of `dataset.not_zip`, `dataset.not_gzip`,
`dataset.not_tar` and `dataset.cannot_read`, which name the file (and the member) at fault.
"""

from __future__ import annotations

import re
import tarfile
import zipfile
import zlib
from pathlib import Path
from typing import Any

from netcanvas.messages import message

ZIP_START = b"PK\x03\x04"  # a zip's first member begins so; its index is at the end
# the zip methods' numbers (APPNOTE 4.4.5) -> names; 99 is WinZip's AES encryption
ZIP_METHODS = {0: "stored", 8: "deflate", 9: "deflate64", 12: "bzip2", 14: "lzma",
               93: "zstandard", 95: "xz", 96: "jpeg", 97: "wavpack", 98: "ppmd",
               99: "aes"}  # fmt: skip


def why(error: BaseException, method: str = "") -> dict[str, Any]:
    """The reason `error` gives, as a message value; `archive.unreadable` when it is none of
    the usual ones (the library's text is left out: it may name a server path)."""
    text = str(error)
    if "encrypt" in text or "password" in text or method == "aes":
        return message("archive.encrypted")
    if isinstance(error, NotImplementedError | tarfile.CompressionError):
        return message("archive.compression", method=method or _method(text))
    if "CRC" in text or "crc" in text:
        return message("archive.bad_crc")
    if "empty file" in text:
        return message("archive.empty")
    if _not_one(error, text):
        return message("archive.not_one")
    if isinstance(error, EOFError) or "truncated" in text.lower() or "end of data" in text:
        return message("archive.truncated")
    if isinstance(error, zipfile.BadZipFile | zlib.error | tarfile.TarError):
        return message("archive.corrupt")
    return message("archive.unreadable")


def why_not_zip(error: BaseException, path: Path) -> dict[str, Any]:
    """`why` for a zip that did not open: one that starts as a zip but has no index (found
    at its end) was cut short, as an upload that stopped early is."""
    reason = why(error)
    if reason["code"] == "archive.not_one" and starts_as_zip(path):
        return message("archive.truncated")
    return reason


def member_method(info: zipfile.ZipInfo) -> str:
    """A zip member's compression method by name ("deflate64"), else its number."""
    return ZIP_METHODS.get(info.compress_type, str(info.compress_type))


def _not_one(error: BaseException, text: str) -> bool:
    return (
        "is not a zip file" in text
        or "Not a gzipped file" in text
        or "could not be opened successfully" in text
        or (isinstance(error, tarfile.ReadError) and "not a" in text)
    )


def _method(text: str) -> str:
    """The method an error names: "compression type 9 (deflate64)", "lzma module is not
    available"; "?" when it names none."""
    found = re.search(r"\((\w+)\)|compression type (\d+)|(\w+) module is not available", text)
    return next((g for g in found.groups() if g), "?") if found else "?"


def starts_as_zip(path: Path) -> bool:
    """Whether the file begins as a zip does, whether or not the rest of it is there."""
    try:
        with path.open("rb") as file:
            return file.read(len(ZIP_START)) == ZIP_START
    except OSError:
        return False
