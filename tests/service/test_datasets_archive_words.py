"""Zips that zipfile cannot read, uploaded through `POST /api/datasets` and its real reader:
the 422 says in the request's language what is wrong with the archive and which member,
as an `archive.*` code filled into `dataset.not_zip` / `dataset.cannot_read`, never
zipfile's English ("Bad CRC-32 for file 'a.png'") nor a server path."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from typing import Any

from tests.datasets.helpers import image_csv_zip, png
from tests.service.conftest import SQLITE_ONLY, Service
from tests.service.test_datasets_csv_words import both

STORED_PNG = "data/0.png"


def digits(path: Path) -> Path:
    """A small image zip whose members are stored, not compressed: bytes can be patched."""
    rows = [(f"{i}.png", str(i % 2)) for i in range(4)]
    images = {f"{i}.png": png(i * 40) for i in range(4)}
    image_csv_zip(path, rows, images)
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as stored:
        for name, data in members:
            stored.writestr(name, data)
    return path


def patched(path: Path, member: str, local: int, central: int, value: int) -> Path:
    """`path` with a 16-bit field of `member`'s local header (at offset `local`) and of its
    directory entry (at `central`) set to `value`: its flags or its compression method."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        start = archive.getinfo(member).header_offset
    entry = data.index(b"PK\x01\x02")
    while data[entry + 46 : entry + 46 + len(member)] != member.encode():
        entry = data.index(b"PK\x01\x02", entry + 4)
    struct.pack_into("<H", data, start + local, value)
    struct.pack_into("<H", data, entry + central, value)
    path.write_bytes(bytes(data))
    return path


def no_library_text(*details: dict[str, Any]) -> None:
    for detail in details:
        text = str(detail)
        assert "zipfile" not in text and "CRC-32" not in text and "/tmp" not in text


@SQLITE_ONLY
def test_a_zip_cut_short_is_named_as_such_in_both_languages(
    service: Service, tmp_path: Path
) -> None:
    whole = digits(tmp_path / "whole.zip").read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    en, ja = both(service, cut)
    assert en["code"] == "dataset.not_zip"
    assert en["params"] == {"name": "cut.zip", "error": {"code": "archive.truncated",
                                                         "params": {}}}  # fmt: skip
    assert en["message"] == (
        "cut.zip: not a readable zip file (the file is cut short: it ends before the archive "
        "does (was the upload or download interrupted?))"
    )
    assert ja["message"] == (
        "cut.zip: 読み込める zip ファイルではありません（ファイルが途中で切れています"
        "（アップロードやダウンロードが途中で止まりませんでしたか？））"
    )
    no_library_text(en, ja)


@SQLITE_ONLY
def test_a_member_whose_crc_does_not_match_is_named_in_both_languages(
    service: Service, tmp_path: Path
) -> None:
    path = digits(tmp_path / "crc.zip")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(STORED_PNG)
    at = data.index(b"IHDR", info.header_offset)
    data[at + 3] ^= 0x10  # stored: the bytes change, the CRC does not
    path.write_bytes(bytes(data))
    en, ja = both(service, path)
    assert en["code"] == "dataset.cannot_read"
    assert en["params"] == {"label": "crc.zip", "name": STORED_PNG,
                            "error": {"code": "archive.bad_crc", "params": {}}}  # fmt: skip
    assert en["message"] == (
        f"crc.zip: cannot read '{STORED_PNG}' (its data does not match its checksum (CRC): "
        "the file is damaged)"
    )
    assert ja["message"] == (
        f"crc.zip: ファイル '{STORED_PNG}' を読み込めません（データがチェックサム（CRC）と"
        "一致しません。ファイルが壊れています）"
    )
    no_library_text(en, ja)


@SQLITE_ONLY
def test_a_member_behind_a_password_is_named_in_both_languages(
    service: Service, tmp_path: Path
) -> None:
    path = patched(digits(tmp_path / "locked.zip"), STORED_PNG, 6, 8, 0x1)  # flag: encrypted
    en, ja = both(service, path)
    assert en["code"] == "dataset.cannot_read" and en["params"]["name"] == STORED_PNG
    assert en["params"]["error"] == {"code": "archive.encrypted", "params": {}}
    assert en["message"] == (
        f"locked.zip: cannot read '{STORED_PNG}' (it is protected by a password; "
        "save it without one)"
    )
    assert ja["message"] == (
        f"locked.zip: ファイル '{STORED_PNG}' を読み込めません（パスワードで保護されています。"
        "パスワードなしで保存してください）"
    )
    no_library_text(en, ja)


@SQLITE_ONLY
def test_a_member_compressed_a_way_zipfile_lacks_names_the_method(
    service: Service, tmp_path: Path
) -> None:
    path = patched(digits(tmp_path / "d64.zip"), STORED_PNG, 8, 10, 9)  # method 9: Deflate64
    en, ja = both(service, path)
    assert en["code"] == "dataset.cannot_read" and en["params"]["name"] == STORED_PNG
    assert en["params"]["error"] == {"code": "archive.compression",
                                     "params": {"method": "deflate64"}}  # fmt: skip
    assert en["message"] == (
        f"d64.zip: cannot read '{STORED_PNG}' (it is compressed with a method NetCanvas cannot "
        "unpack (deflate64); save it with the usual Deflate compression)"
    )
    assert ja["message"] == (
        f"d64.zip: ファイル '{STORED_PNG}' を読み込めません（NetCanvas が展開できない方式"
        "（deflate64）で圧縮されています。通常の Deflate 圧縮で保存してください）"
    )
    no_library_text(en, ja)
