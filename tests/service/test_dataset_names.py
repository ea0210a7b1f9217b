"""Uploads have one name per user ("load", then "load (2)", said in `renamed_from`), and
the answers that show jobs name their dataset (`dataset_name`): the upload's name, a
built-in set's title, rather than `upload:4`."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from backend.dataset_names import unused_name
from backend.db.models import Job, User
from backend.db.session import session_factory
from netcanvas import samples
from tests.service.conftest import SQLITE_ONLY, SQLITE_ONLY_CLASS, Class, Service
from tests.service.test_classroom import add_job
from tests.service.test_datasets_lang import labelled_zip


def upload(service: Service, path: Path, name: str, headers: dict[str, str]) -> dict[str, Any]:
    with path.open("rb") as file:
        answer = service.client.post(
            "/api/datasets", files={"file": (path.name, file, "application/zip")},
            data={"name": name}, headers=headers,
        )  # fmt: skip
    assert answer.status_code == 201, answer.text
    found: dict[str, Any] = answer.json()
    return found


@SQLITE_ONLY
def test_a_second_upload_of_a_name_gets_a_number_and_says_so(
    service: Service, tmp_path: Path
) -> None:
    path = labelled_zip(tmp_path, ["0", "1"] * 4, "load.zip")
    first = upload(service, path, "load", service.alice)
    second = upload(service, path, "load", service.alice)
    third = upload(service, path, "load", service.alice)
    assert (first["name"], first["renamed_from"]) == ("load", None)
    assert (second["name"], second["renamed_from"]) == ("load (2)", "load")
    assert (third["name"], third["renamed_from"]) == ("load (3)", "load")
    bobs = upload(service, path, "load", service.bob)  # another user's names are his own
    assert (bobs["name"], bobs["renamed_from"]) == ("load", None)
    listed = service.client.get("/api/datasets", headers=service.alice).json()["uploads"]
    assert sorted(u["name"] for u in listed) == ["load", "load (2)", "load (3)"]


def add_jobs(service: Service, datasets: list[str]) -> None:
    token = service.alice["Authorization"].removeprefix("Bearer ")
    with session_factory(service.database)() as session:
        owner = session.query(User).filter(User.token == token).one()
        for dataset in datasets:
            session.add(Job(owner_id=owner.id, graph=samples.load("xor_mlp"), config={},
                            dataset=dataset))  # fmt: skip
        session.commit()


@SQLITE_ONLY
def test_a_jobs_answers_name_its_dataset(service: Service, tmp_path: Path) -> None:
    path = labelled_zip(tmp_path, ["0", "1"] * 4, "load.zip")
    uploaded = upload(service, path, "sensor load", service.alice)
    add_jobs(service, [uploaded["ref"], "xor", "upload:999"])
    jobs = service.client.get("/api/jobs", headers=service.alice).json()
    names = {job["dataset"]: job["dataset_name"] for job in jobs}
    assert names == {uploaded["ref"]: "sensor load", "xor": "XOR", "upload:999": None}
    ja = service.client.get("/api/jobs", headers={**service.alice, "Accept-Language": "ja"})
    assert {j["dataset"]: j["dataset_name"] for j in ja.json()}["xor"] != "XOR"
    one = service.client.get(f"/api/jobs/{jobs[-1]['id']}", headers=service.alice).json()
    assert (one["dataset"], one["dataset_name"]) == (uploaded["ref"], "sensor load")


@SQLITE_ONLY_CLASS  # what is stored is the same on PostgreSQL
def test_the_class_table_and_a_class_job_name_the_dataset(klass: Class) -> None:
    from backend.db.models import Dataset

    with session_factory(klass.database)() as session:
        row = Dataset(owner_id=klass.ids["alice"], name="load", filename="load.zip",
                      path="/nowhere", sha256="0" * 64, size=1, info={})  # fmt: skip
        session.add(row)
        session.commit()
        ref = f"upload:{row.id}"
    job = add_job(klass.database, klass.ids["alice"], [{"val_accuracy": 0.5}], dataset=ref)
    students = klass.client.get("/api/class/students", headers=klass.headers["teacher"]).json()
    [alice] = [s for s in students if s["id"] == klass.ids["alice"]]
    assert [(j["dataset"], j["dataset_name"]) for j in alice["jobs"]] == [(ref, "load")]
    answer = klass.client.get(f"/api/class/jobs/{job}", headers=klass.headers["teacher"])
    assert answer.json()["dataset_name"] == "load"


def test_two_uploads_of_one_name_at_once_get_two_names(
    service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both uploads pick "load" before either is saved (they wait for each other right after
    picking it): the unique index refuses the second, which picks again and gets "load (2)"."""
    from backend.routes import datasets as routes

    both_picked = threading.Barrier(2, timeout=120)  # each upload is read by a process first
    picks: list[str] = []

    def pick_together(*args: Any) -> str:
        name = unused_name(*args)
        picks.append(name)
        if len(picks) <= 2:  # the first pick of each upload; a retry goes straight on
            both_picked.wait()
        return name

    monkeypatch.setattr(routes, "unused_name", pick_together)
    path = labelled_zip(tmp_path, ["0", "1"] * 4, "load.zip")
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda _: upload(service, path, "load", service.alice), [1, 2]))
    assert picks[:2] == ["load", "load"]  # they did race
    assert sorted(a["name"] for a in answers) == ["load", "load (2)"]
    listed = service.client.get("/api/datasets", headers=service.alice).json()["uploads"]
    assert sorted(u["name"] for u in listed) == ["load", "load (2)"]
