"""Hostile uploads through `POST /api/datasets` and its real reader (a subprocess running
`worker.datasets.inspect`): each costs a bounded time and memory and is refused with a 422
whose code names the limit or the file, in the request's language."""

from __future__ import annotations

import struct
import time
import zipfile
import zlib
from pathlib import Path
from typing import Any

from tests.datasets.helpers import image_csv_zip, png
from tests.service.conftest import SQLITE_ONLY, Service
from tests.service.test_datasets import stored_files, stored_rows, upload
from worker.datasets import images, zipcount


def many_files_zip(path: Path, count: int, data: bytes = b"x") -> Path:
    """`count` one-byte "PNGs" in two class folders, stored (deflate would cost the test
    seconds); past 65,535 entries zipfile writes the zip64 end record."""
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(count):
            archive.writestr(f"digits/{i % 2}/{i}.png", data)
    return path


@SQLITE_ONLY
def test_a_zip_of_more_files_than_the_limit_is_refused_before_any_is_read(
    service: Service, tmp_path: Path
) -> None:
    path = many_files_zip(tmp_path / "many.zip", zipcount.MAX_FILES + 1)
    started = time.monotonic()
    answer = upload(service, path)
    seconds = time.monotonic() - started
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert detail["code"] == "dataset.too_many_files"
    assert detail["message"].startswith("many.zip holds more than 100000 files; NetCanvas reads")
    assert seconds < 60  # each of 100,001 files tried as an image took minutes here
    japanese = upload_in(service, path.rename(tmp_path / "多い.zip"), "ja")
    assert japanese["message"].startswith("多い.zip にはファイルが 100000 個を超えて入っています。")
    assert stored_rows(service) == 0 and stored_files(service) == []


@SQLITE_ONLY
def test_files_that_are_no_images_are_checked_up_to_a_bound_and_all_counted(
    service: Service, tmp_path: Path
) -> None:
    count = images.MAX_FAILED + 200
    answer = upload(service, many_files_zip(tmp_path / "junk.zip", count))
    detail = answer.json()["detail"]
    assert answer.status_code == 422 and detail["code"] == "dataset.not_image"
    assert detail["message"].endswith(f"(and {images.MAX_FAILED} more problems)")
    assert detail["problems"][-2:] == [
        f"... and {images.MAX_FAILED - 50} more",
        f"{images.MAX_FAILED} files could not be read; NetCanvas stopped there and did not "
        "check the other 200",
    ]
    assert detail["codes"][-1] == "dataset.stopped_checking"


def claimed_png(width: int, height: int) -> bytes:
    """A PNG's signature and header claiming `width`×`height` gray pixels, and no pixels:
    what Pillow's decompression-bomb check reads."""
    header = struct.pack(">2I5B", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    end = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + end


@SQLITE_ONLY
def test_an_image_past_pillows_own_limit_is_named_with_its_pixels_in_english_and_japanese(
    service: Service, tmp_path: Path
) -> None:
    rows = [("a.png", "0"), ("b.png", "1"), ("c.png", "1")]
    pictures = {"a.png": png(1), "b.png": claimed_png(10_000, 10_000)}
    pictures["c.png"] = claimed_png(20_000, 20_000)  # past twice Pillow's: its error, not warning
    path = image_csv_zip(tmp_path / "bomb.zip", rows, pictures)
    english = upload(service, path).json()["detail"]
    assert english["codes"] == ["dataset.image_bomb", "dataset.image_bomb"]
    assert english["problems"] == [
        f"bomb.zip: data/train.csv row {row}, {name}: the image's header claims {pixels} pixels, "
        "more than the 16777216 NetCanvas reads from one image (4096×4096)"
        for row, name, pixels in ((2, "b.png", 100_000_000), (3, "c.png", 400_000_000))
    ]
    japanese = upload_in(service, path, "ja")["problems"][0]
    assert japanese == (
        "bomb.zip: data/train.csv の 2 行目、b.png: 画像のヘッダーによると 100000000 ピクセルあり、"
        "NetCanvas が 1 枚の画像から読む 16777216 ピクセル（4096×4096）を超えます"
    )


@SQLITE_ONLY
def test_a_sample_csv_that_is_not_utf8_names_its_line_in_english_and_japanese(
    service: Service, tmp_path: Path
) -> None:
    rows = [("s/a.csv", "0"), ("s/b.csv", "1")]
    files = {"s/a.csv": "1,2\n3,4\n5,é\n".encode("latin-1"), "s/b.csv": b"1,2\n3,4\n5,6\n"}
    path = image_csv_zip(tmp_path / "m.zip", rows, files)
    english = upload(service, path).json()["detail"]
    assert english["code"] == "dataset.matrix_not_utf8"
    assert english["message"] == (
        "m.zip: data/train.csv row 1, s/a.csv: line 3 is not UTF-8 text (byte 11); save the file "
        "as UTF-8 (Shift_JIS and Latin-1 are not read)"
    )
    assert upload_in(service, path, "ja")["message"] == (
        "m.zip: data/train.csv の 1 行目、s/a.csv: 3 行目が UTF-8 のテキストではありません"
        "（11 バイト目）。ファイルを UTF-8 で保存してください（Shift_JIS や Latin-1 は読めません）"
    )


def upload_in(service: Service, path: Path, lang: str) -> Any:
    headers = service.alice | {"Accept-Language": lang}
    with path.open("rb") as file:
        answer = service.client.post("/api/datasets", files={"file": (path.name, file)},
                                     headers=headers)  # fmt: skip
    assert answer.status_code == 422, answer.text
    return answer.json()["detail"]
