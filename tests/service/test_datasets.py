"""Datasets over HTTP: the catalogue, uploads checked by decoding them, previews."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from backend import datasets as store
from backend.db.models import Dataset, User
from backend.db.session import session_factory
from backend.settings import get_settings
from tests.datasets.helpers import image_csv_zip, png
from tests.service.conftest import SQLITE_ONLY, Service

PNG_HEADER = b"\x89PNG\r\n\x1a\n"


def digits_zip(folder: Path, broken: bool = False) -> Path:
    """Eight 8×8 grey PNGs in two classes, NNC's `x:image,y:label` CSV; row 4 broken if asked."""
    rows = [(f"img/{i}.png", str(i % 2)) for i in range(8)]
    images = {f"img/{i}.png": png(30 * i) for i in range(8)}
    if broken:
        images["img/3.png"] = b"this is not a picture"
    return image_csv_zip(folder / ("broken.zip" if broken else "digits.zip"), rows, images)


def upload(service: Service, path: Path, name: str | None = None) -> Any:
    with path.open("rb") as file:
        return service.client.post(
            "/api/datasets",
            files={"file": (path.name, file, "application/zip")},
            data={"name": name} if name else {},
            headers=service.alice,
        )


def stored_rows(service: Service) -> int:
    """Alice's uploads (PostgreSQL's database lasts the test session: others' rows stay)."""
    token = service.alice["Authorization"].removeprefix("Bearer ")
    alices = select(User.id).where(User.token == token).scalar_subquery()
    query = select(func.count()).select_from(Dataset).where(Dataset.owner_id == alices)
    with session_factory(service.database)() as session:
        return int(session.scalar(query) or 0)


def stored_files(service: Service) -> list[Path]:
    folder = service.data_dir / "uploads"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_the_list_has_the_builtin_catalogue_and_no_uploads_yet(service: Service) -> None:
    answer = service.client.get("/api/datasets", headers=service.alice).json()
    names = [d["name"] for d in answer["builtin"]]
    assert {"iris", "mnist5k", "digits"} <= set(names)
    assert answer["uploads"] == []


def test_upload_preview_and_delete(service: Service, tmp_path: Path) -> None:
    client, alice = service.client, service.alice
    answer = upload(service, digits_zip(tmp_path), name="my digits")
    assert answer.status_code == 201, answer.text
    dataset = answer.json()
    assert dataset["name"] == "my digits" and dataset["filename"] == "digits.zip"
    assert dataset["ref"] == f"upload:{dataset['id']}"
    assert dataset["info"]["sample_shape"] == [1, 8, 8]
    assert dataset["info"]["class_names"] == ["0", "1"]
    assert dataset["info"]["warnings"] == []
    assert "path" not in dataset
    kept = [p.relative_to(service.data_dir).as_posix() for p in stored_files(service)]
    assert len(kept) == 2  # the zip and its preview, under names the server chose
    assert all(re.fullmatch(r"uploads/\d+/[0-9a-f]{32}\.(zip|preview\.json)", p) for p in kept)
    listed = client.get("/api/datasets", headers=alice).json()["uploads"]
    assert [d["id"] for d in listed] == [dataset["id"]]
    assert client.get(f"/api/datasets/{dataset['id']}", headers=alice).json() == dataset
    for ref in (dataset["id"], dataset["ref"]):
        preview = client.get(f"/api/datasets/{ref}/preview", headers=alice).json()
        check_image_preview(preview, total=8)
        assert preview["warnings"] == []
    assert client.delete(f"/api/datasets/{dataset['id']}", headers=alice).status_code == 204
    assert client.get(f"/api/datasets/{dataset['id']}", headers=alice).status_code == 404
    assert stored_files(service) == [] and stored_rows(service) == 0


def check_image_preview(preview: dict[str, Any], total: int) -> None:
    assert preview["kind"] == "image"
    assert sum(preview["sizes"].values()) == total
    counts = preview["class_counts"]
    assert sum(sum(split.values()) for split in counts.values()) == total
    assert set(counts["train"]) == {"0", "1"}
    sample = preview["samples"][0]
    assert sample["label"]["name"] in {"0", "1"}
    prefix = "data:image/png;base64,"
    assert sample["image"].startswith(prefix)
    assert base64.b64decode(sample["image"].removeprefix(prefix)).startswith(PNG_HEADER)


def test_a_corrupt_upload_is_422_naming_the_row_and_nothing_is_kept(
    service: Service, tmp_path: Path
) -> None:
    answer = upload(service, digits_zip(tmp_path, broken=True))
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert detail["message"].startswith("broken.zip: data/train.csv row 4, img/3.png: "), detail
    assert detail["problems"] == [detail["message"]]
    assert stored_rows(service) == 0 and stored_files(service) == []
    not_a_zip = tmp_path / "notes.zip"
    not_a_zip.write_text("hello")
    assert upload(service, not_a_zip).status_code == 422
    assert stored_rows(service) == 0 and stored_files(service) == []


def test_an_upload_over_the_limit_is_413_and_nothing_is_kept(
    service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETCANVAS_MAX_UPLOAD_MB", "1")
    get_settings.cache_clear()
    zipped = digits_zip(tmp_path)
    with zipped.open("ab") as padded:  # over a MiB: the body passes the limit
        padded.write(b"\0" * (1024 * 1024 + 70_000))
    answer = upload(service, zipped)
    assert answer.status_code == 413, answer.text
    assert answer.json()["detail"]["code"] == "request.too_large"
    assert stored_rows(service) == 0 and stored_files(service) == []


@SQLITE_ONLY
def test_builtin_preview_and_unknown_names(service: Service) -> None:
    client, alice = service.client, service.alice
    preview = client.get("/api/datasets/iris/preview", headers=alice).json()
    assert preview["kind"] == "values" and len(preview["samples"]) == 16
    assert preview["samples"][0] == {
        "label": {"index": 0, "name": "setosa"},
        "image": None,
        "values": [5.1, 3.5, 1.4, 0.2],
        "more_inputs": {},  # no x2 or y2 in iris
        "more_labels": {},
    }
    assert preview["more_kinds"] == {}
    assert sum(preview["sizes"].values()) == 150 and preview["warnings"] == []
    assert client.get("/api/datasets/iris/preview", headers=alice).json() == preview  # cached
    assert client.get("/api/datasets/nothing/preview", headers=alice).status_code == 404
    assert client.get("/api/datasets/upload:999/preview", headers=alice).status_code == 404


@SQLITE_ONLY
def test_every_broken_row_of_an_upload_is_listed(service: Service, tmp_path: Path) -> None:
    rows = [(f"img/{i}.png", str(i % 2)) for i in range(8)] + [("img/gone.png", "0")]
    images = {f"img/{i}.png": png(30 * i) for i in range(8)}
    images["img/2.png"] = images["img/5.png"] = b"not a picture"
    answer = upload(service, image_csv_zip(tmp_path / "three.zip", rows, images))
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert detail["message"].endswith("(and 2 more problems)"), detail
    problems = detail["problems"]
    assert len(problems) == 3
    assert problems[0].startswith("three.zip: data/train.csv row 9: img/gone.png is not in")
    assert problems[1].startswith("three.zip: data/train.csv row 3, img/2.png: not an image")
    assert problems[2].startswith("three.zip: data/train.csv row 6, img/5.png: not an image")
    assert stored_rows(service) == 0 and stored_files(service) == []


@SQLITE_ONLY
def test_an_upload_that_needs_more_memory_than_its_reader_has_is_a_422(
    service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """24 images of 4096×4096 (400 KB zipped) need 1.6 GB as floats: under the 2 GiB a
    file set may have, over a reader given 1200 MB. A real MemoryError in the reader."""
    monkeypatch.setenv("NETCANVAS_INSPECT_MEMORY_MB", "1200")
    get_settings.cache_clear()
    big = png(0, (4096, 4096))
    rows = [(f"img/{i}.png", str(i % 2)) for i in range(24)]
    zipped = image_csv_zip(tmp_path / "big.zip", rows, {f"img/{i}.png": big for i in range(24)})
    answer = upload(service, zipped)
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"]["code"] == "dataset.out_of_memory"
    assert "1200 MB" in answer.json()["detail"]["message"]
    assert stored_rows(service) == 0 and stored_files(service) == []


@SQLITE_ONLY
def test_uploads_beyond_the_readers_wait_then_get_a_429(
    service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "INSPECT_WAIT_S", 0.5)
    slots = store._inspect_slots(get_settings().inspect_concurrency)
    held = [slots.acquire(timeout=5) for _ in range(get_settings().inspect_concurrency)]
    try:  # every reader is busy
        answer = upload(service, digits_zip(tmp_path))
        assert answer.status_code == 429, answer.text
        assert answer.json()["detail"]["code"] == "dataset.busy"
        assert stored_rows(service) == 0 and stored_files(service) == []
    finally:
        for _ in held:
            slots.release()
    assert upload(service, digits_zip(tmp_path)).status_code == 201  # a reader is free again


@SQLITE_ONLY
def test_the_anomaly_sets_say_their_normal_class_and_preview(service: Service) -> None:
    client, alice = service.client, service.alice
    listed = {d["name"]: d for d in client.get("/api/datasets", headers=alice).json()["builtin"]}
    for name in ("sine_anomaly", "digits_anomaly"):
        assert listed[name]["normal_class"] == "normal"
        assert listed[name]["class_names"] == ["normal", "anomaly"]
        preview = client.get(f"/api/datasets/{name}/preview", headers=alice)
        assert preview.status_code == 200, preview.text
    assert listed["iris"]["normal_class"] is None


def test_a_bare_csv_with_more_variables_uploads_and_previews_them(
    service: Service, tmp_path: Path
) -> None:
    """A CSV dropped as it is (not zipped) is read (the server keeps it as `<uuid>.zip`);
    its x2 and y2 columns show in its info and in each preview sample beside x and y."""
    path = tmp_path / "two_vars.csv"
    rows = "".join(f"{i},{i + 1},{10 + i},{20 + i},{i % 2},{'eo'[i % 2]}\n" for i in range(8))
    path.write_text("x:a,x:b,x2:c,x2:d,y:label,y2:parity\n" + rows)
    with path.open("rb") as file:
        answer = service.client.post(
            "/api/datasets", files={"file": (path.name, file, "text/csv")}, headers=service.alice
        )
    assert answer.status_code == 201, answer.text
    dataset = answer.json()
    assert dataset["filename"] == "two_vars.csv" and dataset["name"] == "two_vars.csv"
    assert dataset["info"]["more_inputs"] == {"x2": [2]}
    assert dataset["info"]["more_targets"] == {"y2": ["e", "o"]}
    assert dataset["info"]["input_columns"] == {"x": ["a", "b"], "x2": ["c", "d"]}
    ref = dataset["ref"]
    preview = service.client.get(f"/api/datasets/{ref}/preview", headers=service.alice).json()
    assert preview["kind"] == "values" and preview["more_kinds"] == {"x2": "values"}
    first = preview["samples"][0]
    row = int(first["values"][0])  # the rows may be shuffled into splits: match by x
    assert first["values"] == pytest.approx([row, row + 1])
    assert first["more_inputs"]["x2"] == pytest.approx([10 + row, 20 + row])
    assert first["more_labels"]["y2"] == {"index": row % 2, "name": "eo"[row % 2]}


def test_a_file_that_is_neither_zip_nor_csv_is_refused_naming_it(
    service: Service, tmp_path: Path
) -> None:
    path = tmp_path / "photo.bin"
    path.write_bytes(b"\x00\x01binary\x00")
    answer = upload(service, path)
    assert answer.status_code == 422
    assert "photo.bin: not a dataset NetCanvas reads" in answer.json()["detail"]["message"]
    assert stored_files(service) == []


@SQLITE_ONLY
def test_digits_pairs_preview_shows_x2_beside_x_and_the_label(service: Service) -> None:
    answer = service.client.get("/api/datasets/digits_pairs/preview", headers=service.alice)
    preview = answer.json()
    assert preview["kind"] == "image" and preview["more_kinds"] == {"x2": "image"}
    sample = preview["samples"][0]
    assert sample["image"].startswith("data:image/png;base64,")
    assert sample["more_inputs"]["x2"].startswith("data:image/png;base64,")
    assert sample["label"]["name"] in {"same", "different"}


@SQLITE_ONLY
def test_an_upload_read_past_the_time_limit_is_refused_in_the_user_s_language(
    service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refusal was English alone, with no code; the reader is stopped, nothing kept."""
    monkeypatch.setattr(store, "INSPECT_TIMEOUT_S", 0.001)  # no reader starts that fast
    rows = [(f"img/{i}.png", str(i % 2)) for i in range(4)]
    path = image_csv_zip(tmp_path / "slow.zip", rows, {f"img/{i}.png": png(i) for i in range(4)})
    answer = service.client.post(
        "/api/datasets",
        files={"file": ("slow.zip", path.read_bytes(), "application/zip")},
        headers={**service.alice, "Accept-Language": "ja"},
    )
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert detail["code"] == "dataset.too_slow" and "0.001 秒" in detail["message"]
    assert stored_rows(service) == 0 and stored_files(service) == []


@SQLITE_ONLY
def test_a_preview_left_half_written_is_decoded_again(service: Service, tmp_path: Path) -> None:
    """The preview was written in place: a crash while writing left a file every later
    preview failed to read (a 500). It is written to a temporary name and renamed, and
    one that does not read is decoded again from the upload."""
    dataset = upload(service, digits_zip(tmp_path)).json()
    url = f"/api/datasets/{dataset['id']}/preview"
    whole = service.client.get(url, headers=service.alice).json()
    (kept,) = (service.data_dir / "uploads").rglob("*.preview.json")
    kept.write_text(kept.read_text()[:100])  # what a crash mid-write leaves
    answer = service.client.get(url, headers=service.alice)
    assert answer.status_code == 200, answer.text
    assert answer.json() == whole
    assert json.loads(kept.read_text())["sizes"] == whole["sizes"]  # kept whole again
    assert not list(kept.parent.glob("*.tmp"))
