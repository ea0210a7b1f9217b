"""Reading an upload's files by name, with every path kept inside the upload.

An upload is a zip, or a folder (or the folder of a bare CSV). Names are
normalised POSIX paths relative to the upload's root. Zip members are read
from the archive by name, never extracted: a member whose name is absolute,
climbs out with `..`, or is a symbolic link makes the whole upload invalid.
In a folder, a symbolic link anywhere on a file's path is refused too.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import posixpath
import re
import stat
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from netcanvas.messages import message

from . import zipcount, zipmember
from .archives import member_method, starts_as_zip, why, why_not_zip
from .base import DatasetError, Where
from .cache import sha256_file

MAX_UNCOMPRESSED = 8 << 30  # a zip that claims more than this is refused before reading
MAX_MEMBER = 256 << 20  # nor one file in it larger than this (an image, a CSV)
JUNK = re.compile(r"(^|/)(__MACOSX|\.DS_Store|Thumbs\.db|desktop\.ini)(/|$)|(^|/)\._")
DRIVE = re.compile(r"[A-Za-z]:")  # a Windows path's start: "C:"


class Source(Protocol):
    """Files of one upload, by normalised name."""

    label: str  # how messages name the upload: "pets.zip"

    def names(self) -> list[str]: ...
    def has(self, name: str) -> bool: ...
    def read(self, name: str) -> bytes: ...
    def digest(self, names: Iterable[str]) -> str: ...
    def close(self) -> None: ...


def _absolute(path: str) -> bool:
    return path.startswith("/") or DRIVE.match(path) is not None


def normalise(name: str, where: Where) -> str:
    """`a\\b/./c.png` → `a/b/c.png`; DatasetError if it is absolute or leaves the root."""
    text = name.replace("\\", "/")
    if _absolute(text):
        raise DatasetError.of("dataset.path_absolute", where=where, path=name)
    clean = posixpath.normpath(text)
    if clean == ".." or clean.startswith("../"):
        raise DatasetError.of("dataset.path_leaves", where=where, path=name)
    return "" if clean == "." else clean


def resolve(folder: str, ref: str, where: Where) -> str:
    """A path written in a CSV, relative to the CSV's folder, as a name in the upload."""
    if not ref:
        raise DatasetError.of("dataset.path_empty", where=where)
    text = ref.replace("\\", "/")
    if _absolute(text):
        raise DatasetError.of("dataset.path_absolute", where=where, path=ref)
    clean = posixpath.normpath(posixpath.join(folder, text))
    if clean == ".." or clean.startswith("../"):
        raise DatasetError.of("dataset.path_leaves", where=where, path=ref)
    return clean


def is_junk(name: str) -> bool:
    """Files that archivers and file browsers add: never samples."""
    return JUNK.search(name) is not None


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its creator meant it.

    Without the UTF-8 flag, zipfile reads names as cp437. macOS writes UTF-8
    without the flag, Japanese Windows cp932: try those before keeping cp437.
    """
    if info.flag_bits & 0x800 or info.filename.isascii():  # ASCII reads the same in all three
        return info.filename
    raw = info.filename.encode("cp437")
    for encoding in ("utf-8", "cp932"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


class ZipSource:
    """A zip upload; the index of members is checked once, when it is opened."""

    def __init__(self, path: Path) -> None:
        self.path, self.label = path, path.name
        zipcount.check_count(path, is_junk)  # before zipfile makes an object of every entry
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            raise DatasetError.of(
                "dataset.not_zip", name=path.name, error=why_not_zip(error, path)
            ) from None
        self._members: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in self._zip.infolist():
            where = message("dataset.at_member", label=path.name, member=info.filename)
            if stat.S_ISLNK(info.external_attr >> 16):
                raise DatasetError.of("dataset.zip_link", where=where)
            name = normalise(_member_name(info), where)
            if info.is_dir() or not name:
                continue
            if name in self._members:
                raise DatasetError.of("dataset.zip_twice", name=path.name, member=name)
            if info.file_size > MAX_MEMBER:
                raise DatasetError.of(
                    "dataset.member_too_big", where=where, size=info.file_size, limit=MAX_MEMBER
                )
            self._members[name] = info
            total += info.file_size
        if total > MAX_UNCOMPRESSED:
            raise DatasetError.of(
                "dataset.zip_too_big", name=path.name, size=total, limit=MAX_UNCOMPRESSED
            )
        self._digest: str | None = None
        self._file = path.open("rb", buffering=0)  # small members' positioned reads

    def close(self) -> None:
        self._zip.close()
        self._file.close()

    def names(self) -> list[str]:
        return [n for n in self._members if not is_junk(n)]

    def has(self, name: str) -> bool:
        return name in self._members

    def read(self, name: str) -> bytes:
        info = self._members[name]
        data = zipmember.read_small(self._file.fileno(), info)
        if data is not None:
            return data
        try:
            return self._zip.read(info)
        except (
            zipfile.BadZipFile,
            zlib.error,
            OSError,
            RuntimeError,
            NotImplementedError,
        ) as error:
            raise DatasetError.of(
                "dataset.cannot_read",
                label=self.label,
                name=name,
                error=why(error, member_method(info)),
            ) from None

    def digest(self, names: Iterable[str]) -> str:
        """The zip's own sha256: it covers every member, so `names` is not needed."""
        if self._digest is None:
            self._digest = sha256_file(self.path)
        return self._digest


class DirSource:
    """A folder on disk; `label` names it in messages."""

    def __init__(self, root: Path, label: str) -> None:
        self.root, self.label = root.resolve(), label

    def close(self) -> None:
        pass

    def _path(self, name: str) -> Path:
        path = self.root
        for part in name.split("/"):
            path = path / part
            if path.is_symlink():
                raise DatasetError.of("dataset.through_link", label=self.label, name=name)
        return path

    def names(self) -> list[str]:
        found = []
        for folder, dirs, files in os.walk(self.root):
            rel = Path(folder).relative_to(self.root).as_posix()
            for entry in (*dirs, *files):
                if (Path(folder) / entry).is_symlink():
                    name = posixpath.normpath(posixpath.join(rel, entry))
                    raise DatasetError.of("dataset.is_link", label=self.label, name=name)
            found += [posixpath.normpath(posixpath.join(rel, f)) for f in files]
        return sorted(n for n in found if not is_junk(n))

    def has(self, name: str) -> bool:
        return self._path(name).is_file()

    def read(self, name: str) -> bytes:
        try:
            return self._path(name).read_bytes()
        except OSError as error:
            raise DatasetError.of(
                "dataset.cannot_read", label=self.label, name=name, error=why(error)
            ) from None

    def digest(self, names: Iterable[str]) -> str:
        """The sha256 of the listed files' names and contents, in order."""
        digest = hashlib.sha256()
        for name in names:
            digest.update(f"{name}\0{sha256_file(self._path(name))}\n".encode())
        return digest.hexdigest()


class CsvFileSource:
    """One CSV file on its own, whatever its name: the server keeps every upload under a
    name it picks (`<uuid>.zip`), so a CSV dropped on the upload area arrives here. It
    holds only that file: image paths in it are not in the upload."""

    def __init__(self, path: Path) -> None:
        self.path, self.label = path, path.name

    def close(self) -> None:
        pass

    def names(self) -> list[str]:
        return [self.path.name]

    def has(self, name: str) -> bool:
        return name == self.path.name

    def read(self, name: str) -> bytes:
        try:
            return self.path.read_bytes()
        except OSError as error:
            raise DatasetError.of(
                "dataset.cannot_read", label=self.label, name=name, error=why(error)
            ) from None

    def digest(self, names: Iterable[str]) -> str:
        return sha256_file(self.path)


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # Excel's "Unicode Text" starts with one


def _looks_like_csv(path: Path) -> bool:
    """A first line of text (UTF-8, or Shift_JIS as Japanese Excel saves it, or UTF-16 with
    its BOM) with a comma, a semicolon or a tab: a CSV under another name. The rest is the
    CSV reader's to judge, so a Shift_JIS or UTF-16 file, a NUL (UTF-16 text without a BOM)
    or another delimiter is refused naming its line."""
    try:
        with path.open("rb") as file:
            head = file.read(64 * 1024)
    except OSError:
        return False
    if head.startswith(UTF16_BOMS):
        head = _utf16_head(head)
    first = head.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    if not first or not any(mark in first for mark in (b",", b";", b"\t")):
        return False
    # a NUL only in UTF-8 (UTF-16 text without a BOM): in Shift_JIS, binary would pass too
    for encoding in ("utf-8",) if b"\0" in first else ("utf-8", "cp932"):
        try:  # not final: a first line longer than the head may end in half a character
            codecs.getincrementaldecoder(encoding)().decode(first, final=False)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _utf16_head(head: bytes) -> bytes:
    """The start of a UTF-16 file as UTF-8, or b"" when it is no UTF-16 text."""
    try:
        return codecs.getincrementaldecoder("utf-16")().decode(head, final=False).encode()
    except UnicodeError:
        return b""


def open_source(path: Path) -> tuple[Source, str | None]:
    """The upload at `path` and, for a bare CSV file, that CSV's name in it."""
    if path.is_dir():
        return DirSource(path, path.name), None
    if zipfile.is_zipfile(path) or starts_as_zip(path):  # a zip cut short: say so
        return ZipSource(path), None
    if path.suffix.lower() == ".csv":
        return DirSource(path.parent, path.name), path.name
    if path.is_file() and _looks_like_csv(path):
        return CsvFileSource(path), path.name
    raise DatasetError.of("dataset.not_dataset", name=path.name)
