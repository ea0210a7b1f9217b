"""Counting a zip's files from its central directory, before `zipfile` reads it.

`zipfile.ZipFile` makes a `ZipInfo` for every entry of the central directory (about a
microsecond and a few hundred bytes each), and the reader then reads and decodes every
file: a 20 MB zip of 200,000 one-byte "PNGs" took 30 s and 437 MB. This walks the
central directory's fixed-size headers alone and stops once there are too many, so an
upload of any number of entries costs at most MAX_ENTRIES steps of a few bytes each.
The end record's own count is not trusted: the walk goes by the directory's bytes, as
`zipfile` does.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from .base import DatasetError

# MNIST (70,000 images), Fashion-MNIST and CIFAR-10 as image files fit with room to spare.
MAX_FILES = 100_000
# Entries of any kind: folders and the files archivers add (`sources.JUNK`, a `._` twin
# of each file on macOS) are not files, but each still costs `zipfile` an object.
MAX_ENTRIES = 3 * MAX_FILES

END = struct.Struct("<4s4H2LH")  # end of central directory record
END64_LOCATOR = struct.Struct("<4sLQL")
END64 = struct.Struct("<4sQ2H2L4Q")
ENTRY = struct.Struct("<4s6H3L5H2L")  # a central directory file header, before its name
TAIL = END.size + 0xFFFF  # the end record and the longest comment it may have
BLOCK = 1 << 20  # bytes of the central directory read at once


def check_count(path: Path, is_junk: Callable[[str], bool]) -> None:
    """Refuse a zip of more than MAX_FILES files (not counting folders nor `is_junk` names)
    or MAX_ENTRIES entries, a DatasetError naming the limit; a zip this cannot parse is
    left to `zipfile`, which names why."""
    files = entries = 0
    with path.open("rb") as file:
        for name in _names(file, *_directory(file)):
            entries += 1
            files += not name.endswith(b"/") and not is_junk(name.decode("cp437"))
            if files > MAX_FILES:
                raise DatasetError.of("dataset.too_many_files", name=path.name, limit=MAX_FILES)
            if entries > MAX_ENTRIES:
                raise DatasetError.of("dataset.too_many_entries", name=path.name, limit=MAX_ENTRIES)


def _names(file: BinaryIO, start: int, size: int) -> Iterator[bytes]:
    """The name of each entry of the central directory at `start`, read BLOCK bytes at a
    time (a few method calls per entry cost more than the rest of the walk); it stops at
    the first bytes that are no entry's header, or where the file ends."""
    end = start + size
    block, base, at = b"", start, 0  # block[0] is the file's byte `base`; `at` an entry's
    while base + at + ENTRY.size <= end:
        if at + ENTRY.size > len(block):
            block, base, at = _read(file, base + at, ENTRY.size), base + at, 0
            if len(block) < ENTRY.size:
                return
        fields = ENTRY.unpack_from(block, at)
        if fields[0] != b"PK\x01\x02":
            return
        name_end = at + ENTRY.size + fields[10]
        if name_end > len(block):  # the name runs past the block: read from the entry on
            block, base, at = _read(file, base + at, name_end - at), base + at, 0
            name_end = ENTRY.size + fields[10]
            if name_end > len(block):
                return
        yield block[at + ENTRY.size : name_end]
        at = name_end + fields[11] + fields[12]  # past its extra field and comment


def _read(file: BinaryIO, offset: int, least: int) -> bytes:
    """BLOCK bytes from `offset`, or `least` if more; fewer where the file ends."""
    file.seek(offset)
    return file.read(max(BLOCK, least))


def _directory(file: BinaryIO) -> tuple[int, int]:
    """Where the central directory starts and its size in bytes; (0, 0) if not found."""
    file.seek(0, 2)
    length = file.tell()
    file.seek(max(0, length - TAIL))
    tail = file.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + END.size > len(tail):
        return 0, 0
    end = END.unpack_from(tail, at)
    size, where = end[5], length - len(tail) + at  # the directory ends where the record starts
    if size == 0xFFFFFFFF or end[4] == 0xFFFF:  # zip64: the sizes are in the zip64 record
        if at < END64_LOCATOR.size + END64.size:
            return 0, 0
        locator = END64_LOCATOR.unpack_from(tail, at - END64_LOCATOR.size)
        record_at = at - END64_LOCATOR.size - END64.size
        record = END64.unpack_from(tail, record_at)
        if locator[0] != b"PK\x06\x07" or record[0] != b"PK\x06\x06":
            return 0, 0
        size, where = record[8], length - len(tail) + record_at
    return max(0, where - size), size
