"""An upload's zip members read in one positioned read (`zipmember.py`), its central
directory counted a block at a time (`zipcount.py`) and its images decoded under one
warning filter (`images.decode_all`): the same bytes, pixels and errors as before."""

from __future__ import annotations

import io
import warnings
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from worker.datasets import DatasetError, load_split, zipcount, zipmember
from worker.datasets.images import decode_all
from worker.datasets.sources import ZipSource

from .helpers import png, write_zip


def zipped(path: Path, members: dict[str, tuple[bytes, int]]) -> Path:
    """A zip of name: (data, compression method)."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, (data, method) in members.items():
            archive.writestr(name, data, compress_type=method)
    return path


def test_every_kind_of_member_reads_as_zipfile_reads_it(tmp_path: Path) -> None:
    noise = np.random.default_rng(0).integers(0, 256, 3 << 20, dtype=np.uint8).tobytes()
    members = {
        "deflated.png": (png(7), zipfile.ZIP_DEFLATED),
        "stored.png": (png(8), zipfile.ZIP_STORED),
        "bzip2.png": (png(9), zipfile.ZIP_BZIP2),
        "lzma.png": (png(10), zipfile.ZIP_LZMA),
        "empty.png": (b"", zipfile.ZIP_DEFLATED),
        "large.bin": (noise, zipfile.ZIP_DEFLATED),  # 3 MiB that do not compress: zipfile's
        "猫/名前.png": (png(11), zipfile.ZIP_DEFLATED),  # a UTF-8 name
    }
    path = zipped(tmp_path / "kinds.zip", members)
    assert zipfile.ZipFile(path).getinfo("large.bin").compress_size > zipmember.SMALL
    source = ZipSource(path)
    for name, (data, _) in members.items():
        assert source.read(name) == data, name
    source.close()
    one_read = {"deflated.png", "stored.png", "猫/名前.png"}  # the others: zipfile's
    with path.open("rb") as file, zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            read = zipmember.read_small(file.fileno(), info)
            assert read == (members[info.filename][0] if info.filename in one_read else None)


def test_a_long_extra_field_and_a_data_descriptor_read_the_same(tmp_path: Path) -> None:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("extra.png")
        info.extra = b"\xfe\xca" + (2000).to_bytes(2, "little") + b"x" * 2000  # past SLACK
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, png(20))
        with archive.open("streamed.png", "w") as file:  # sizes after the data as well
            file.write(png(21))
    path = tmp_path / "odd.zip"
    path.write_bytes(stream.getvalue())
    source = ZipSource(path)
    assert source.read("extra.png") == png(20) and source.read("streamed.png") == png(21)
    source.close()


def corrupted(path: Path, member: str, old: bytes, new: bytes) -> Path:
    """`path` with the first `old` after `member`'s local header turned into `new`."""
    data = bytearray(path.read_bytes())
    at = data.index(old, zipfile.ZipFile(path).getinfo(member).header_offset)
    data[at : at + len(new)] = new
    path.write_bytes(bytes(data))
    return path


def read_error(path: Path, name: str) -> list[str]:
    source = ZipSource(path)
    with pytest.raises(DatasetError) as caught:
        source.read(name)
    source.close()
    return caught.value.problems


def test_a_damaged_member_is_named_with_zipfiles_reason_in_our_words(tmp_path: Path) -> None:
    path = zipped(tmp_path / "crc.zip", {"a.png": (png(1), zipfile.ZIP_STORED)})
    corrupted(path, "a.png", b"IHDR", b"IHDX")  # stored: the bytes change, the CRC does not
    bad_crc = (
        "crc.zip: cannot read 'a.png' (its data does not match its checksum (CRC): "
        "the file is damaged)"
    )
    assert read_error(path, "a.png") == [bad_crc]
    folders = zipped(tmp_path / "d.zip", {f"d/{i % 2}/{i}.png": (png(i), 0) for i in range(4)})
    corrupted(folders, "d/1/3.png", b"IHDR", b"IHDX")
    with pytest.raises(DatasetError) as caught:
        load_split(str(folders))
    assert caught.value.coded == [("dataset.cannot_read", {
        "label": "d.zip", "name": "d/1/3.png", "error": {"code": "archive.bad_crc", "params": {}}
    })]  # fmt: skip


def test_a_local_name_unlike_the_directorys_is_refused_as_zipfile_refuses_it(
    tmp_path: Path,
) -> None:
    path = zipped(tmp_path / "names.zip", {"a.png": (png(1), zipfile.ZIP_DEFLATED)})
    corrupted(path, "a.png", b"a.png", b"b.png")  # the local header's copy of the name
    damaged = "the archive is damaged"  # zipfile: "File name in directory ... differ."
    assert read_error(path, "a.png") == [f"names.zip: cannot read 'a.png' ({damaged})"]


def test_an_encrypted_member_is_refused_as_zipfile_refuses_it(tmp_path: Path) -> None:
    path = zipped(tmp_path / "locked.zip", {"a.png": (png(1), zipfile.ZIP_DEFLATED)})
    data = bytearray(path.read_bytes())
    for flags in (6, data.index(b"PK\x01\x02") + 8):  # the local header's and the directory's
        data[flags] |= 0x1  # says encrypted
    path.write_bytes(bytes(data))
    archive = zipfile.ZipFile(path)
    with pytest.raises(RuntimeError) as refused:
        archive.read(archive.getinfo("a.png"))
    assert "is encrypted" in str(refused.value)
    locked = "it is protected by a password; save it without one"
    assert read_error(path, "a.png") == [f"locked.zip: cannot read 'a.png' ({locked})"]


def test_a_member_that_inflates_past_its_stated_size_is_read_no_further(tmp_path: Path) -> None:
    """A directory that understates a member's size: zipfile reads what it states (and checks
    the CRC of that), never the 64 MiB the data inflates to; so does the one read."""
    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.bin", bytes(64 << 20))
    data = bytearray((tmp_path / "bomb.zip").read_bytes())
    info = zipfile.ZipFile(tmp_path / "bomb.zip").getinfo("a.bin")
    stated, crc = 1000, zlib.crc32(bytes(1000))
    for header in (info.header_offset, data.index(b"PK\x01\x02")):
        at = header + (14 if header == info.header_offset else 16)  # CRC, sizes
        data[at : at + 4] = crc.to_bytes(4, "little")
        data[at + 8 : at + 12] = stated.to_bytes(4, "little")
    (tmp_path / "bomb.zip").write_bytes(bytes(data))
    expected = zipfile.ZipFile(tmp_path / "bomb.zip").read("a.bin")
    source = ZipSource(tmp_path / "bomb.zip")
    assert source.read("a.bin") == expected == bytes(stated)
    source.close()


@pytest.mark.parametrize("block", [64, 1 << 20])
def test_the_directory_is_counted_the_same_in_blocks_of_any_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    monkeypatch.setattr(zipcount, "BLOCK", block)  # entries and names across every boundary
    monkeypatch.setattr(zipcount, "MAX_FILES", 6)
    long = "x" * 300  # a name longer than a small block
    pictures: dict[str, bytes | str] = {f"d/{i % 2}/{long}{i}.png": png(i) for i in range(6)}
    folders: dict[str, bytes | str] = {f"d/{i % 2}/": b"" for i in range(2)}
    folders["__MACOSX/._a"] = b"x"
    six = load_split(str(write_zip(tmp_path / "six.zip", folders | pictures)))
    assert len(six.decoded.x) == 6
    seven = pictures | {"d/1/7.png": png(7)}
    with pytest.raises(DatasetError) as caught:
        load_split(str(write_zip(tmp_path / "seven.zip", seven)))
    assert [code for code, _ in caught.value.coded] == ["dataset.too_many_files"]


def decoded(data: bytes) -> np.ndarray:
    samples: np.ndarray = decode_all([("a.png", "a.png")], {"a.png": data}.__getitem__)
    first: np.ndarray = samples[0]
    return first


@pytest.mark.parametrize("mode", ["L", "1", "LA", "P", "RGB", "RGBA", "I;16"])
def test_every_mode_decodes_to_the_pixels_it_did(mode: str) -> None:
    pixels = np.random.default_rng(1).integers(0, 256, (5, 7, 3), dtype=np.uint8)
    picture = Image.fromarray(pixels, "RGB").convert("RGBA").convert(mode)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    with Image.open(io.BytesIO(buffer.getvalue())) as image:
        if mode == "I;16":
            expected = np.asarray(image, dtype=np.float32)[None] / 65535.0
        elif mode in ("L", "1", "LA"):
            expected = np.asarray(image.convert("L"))[None]
        else:
            rgb = image.convert("RGBA").convert("RGB") if mode == "P" else image.convert("RGB")
            expected = np.asarray(rgb).transpose(2, 0, 1)
    got = decoded(buffer.getvalue())
    assert got.dtype == expected.dtype and got.shape == expected.shape
    assert np.array_equal(got, expected)


def test_a_bomb_among_images_is_named_and_the_warning_filter_restored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 40)  # a 7×7 image warns, 10×10 errs
    files = {"a.png": png(1, (4, 4)), "b.png": png(2, (7, 7)), "c.png": png(3, (4, 4))}
    before = list(warnings.filters)
    with pytest.raises(DatasetError) as caught:
        decode_all([(name, f"up.zip: {name}") for name in files], files.__getitem__)
    assert caught.value.coded == [
        ("dataset.image_bomb", {"where": "up.zip: b.png", "pixels": 49, "limit": 4096 * 4096})
    ]
    assert warnings.filters == before


def test_overlapping_entries_read_as_zipfile_reads_them(tmp_path: Path) -> None:
    """A directory entry whose data runs over the next member's (a quoted-overlap bomb): the
    same bytes as zipfile, or its refusal where it refuses them (Python 3.11.8 on)."""
    path = zipped(tmp_path / "overlap.zip", {
        "a.bin": (b"a" * 100, zipfile.ZIP_STORED), "b.bin": (b"b" * 100, zipfile.ZIP_STORED)
    })  # fmt: skip
    data = bytearray(path.read_bytes())
    archive = zipfile.ZipFile(path)
    whole = bytes(data[30 + len("a.bin") : archive.getinfo("b.bin").header_offset + 135])
    entry = data.index(b"PK\x01\x02")  # a.bin's: its CRC and both sizes now cover b.bin too
    data[entry + 16 : entry + 20] = zlib.crc32(whole).to_bytes(4, "little")
    data[entry + 20 : entry + 28] = len(whole).to_bytes(4, "little") * 2
    path.write_bytes(bytes(data))
    expected: list[bytes | str]
    try:
        expected = [zipfile.ZipFile(path).read("a.bin")]
    except zipfile.BadZipFile as error:
        expected = [f"overlap.zip: cannot read 'a.bin' ({error})"]
    source = ZipSource(path)
    got: list[bytes | str]
    try:
        got = [source.read("a.bin")]
    except DatasetError as error:
        got = list(error.problems)
    source.close()
    assert got == expected and got != [b"a" * 100]
