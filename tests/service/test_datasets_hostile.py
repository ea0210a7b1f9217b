"""Hostile uploads through `POST /api/datasets` and its real reader (a subprocess running
`worker.datasets.inspect`): each costs a bounded time and memory and is refused with a 422
whose code names the limit or the file, in the request's language."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

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
    path.rename(tmp_path / "多い.zip")
    headers = {"Accept-Language": "ja"}
    with (tmp_path / "多い.zip").open("rb") as file:
        japanese = service.client.post(
            "/api/datasets", files={"file": ("多い.zip", file)}, headers=service.alice | headers
        )
    assert japanese.json()["detail"]["message"].startswith(
        "多い.zip にはファイルが 100000 個を超えて入っています。"
    )
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
