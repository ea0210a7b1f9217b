"""Reading a small zip member with one positioned read, beside `zipfile`.

`ZipFile.read` costs about ten microseconds of Python a member (a shared file object and
its lock, the local header read in three parts, a decompressor in a file object): as much
as Pillow takes to decode a 28×28 PNG, so a zip of 70,000 of them paid it 70,000 times.
`read_small` reads a member's local header and data at once (`os.pread`) and inflates
them, never past the size the central directory gives. A member it does not take as it
comes (larger than SMALL, stored by another method, encrypted, a local header or CRC that
does not agree, data running into the next entry) answers None, and the caller reads it
with `zipfile`, which answers it (its data or its error) as it always did.
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib

SMALL = 1 << 20  # compressed bytes: a larger member goes through zipfile
LOCAL = struct.Struct("<4s5H3L2H")  # a local file header, before its name and extra field
SLACK = 512  # room for the local name and extra field in the first read
# encrypted (bit 0), compressed patched data (bit 5), strong encryption (bit 6)
REFUSED_FLAGS = 0x1 | 0x20 | 0x40
METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
UTF8_FLAG = 0x800


def read_small(fd: int, info: zipfile.ZipInfo) -> bytes | None:
    """The member's bytes, or None where `zipfile` should read it (see the module)."""
    if (
        info.compress_size > SMALL
        or info.file_size == 0
        or info.flag_bits & REFUSED_FLAGS
        or info.compress_type not in METHODS
    ):
        return None
    try:
        return _read(fd, info)
    except (OSError, zlib.error):
        return None


def _read(fd: int, info: zipfile.ZipInfo) -> bytes | None:
    block = os.pread(fd, LOCAL.size + SLACK + info.compress_size, info.header_offset)
    if len(block) < LOCAL.size:
        return None
    magic, _, flags, *_, name_length, extra_length = LOCAL.unpack_from(block)
    start = LOCAL.size + name_length + extra_length
    end = start + info.compress_size
    if end > len(block):  # a long name or extra field
        block += os.pread(fd, end - len(block), info.header_offset + len(block))
    if magic != b"PK\x03\x04" or len(block) < end:
        return None
    # zipfile (3.11.8 on) refuses data that runs into the next entry (a bomb of overlapping
    # entries): where it knows where that starts, such a member is left to it
    next_entry = getattr(info, "_end_offset", None)
    if next_entry is not None and info.header_offset + end > next_entry:
        return None
    raw_name = block[LOCAL.size : LOCAL.size + name_length]
    try:  # zipfile's rule: the name in the local header must be the directory's
        name = raw_name.decode("utf-8" if flags & UTF8_FLAG else "cp437")
    except UnicodeDecodeError:
        return None
    if name != info.orig_filename:
        return None
    data = block[start:end]
    if info.compress_type == zipfile.ZIP_DEFLATED:
        data = zlib.decompressobj(-15).decompress(data, info.file_size)  # at most file_size
    if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        return None
    return data
