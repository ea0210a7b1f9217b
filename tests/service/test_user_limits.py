"""Per-user limits (`backend.user_limits`, `/api/users/{id}/limits`): an admin's override
changes the 429 or 413 outcome for that user only, each refusal naming the limit, its
figures and whose it is; only admins read or set them, within bounds. SQLite and
PostgreSQL, signed in with real accounts; uploads decoded for real."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from backend.db.models import Dataset, Job, User
from backend.db.session import session_factory
from backend.jobs import check_share
from backend.settings import get_settings
from netcanvas import samples
from tests.service.conftest import Class
from tests.service.test_datasets import digits_zip
from tests.service.test_published import copy, publish, upload

DEFAULTS = {"max_running_jobs": 2, "max_active_jobs": 8, "max_upload_mb": 512,
            "max_storage_mb": 4096}  # fmt: skip
NO_OVERRIDES = dict.fromkeys(DEFAULTS)


def limits_url(klass: Class, who: str) -> str:
    return f"/api/users/{klass.ids[who]}/limits"


def set_limits(klass: Class, who: str, by: str = "admin", **body: Any) -> Any:
    return klass.client.put(limits_url(klass, who), json=body, headers=klass.headers[by])


def user(klass: Class, who: str) -> User:
    with session_factory(klass.database)() as session:
        found = session.get(User, klass.ids[who])
        assert found is not None
        session.expunge(found)
        return found


def add_rows(klass: Class, who: str, *statuses: str, kept: int = 0) -> None:
    with session_factory(klass.database)() as session:
        owner = klass.ids[who]
        session.add_all(Job(owner_id=owner, graph={}, config={}, dataset="xor", status=status)
                        for status in statuses)  # fmt: skip
        if kept:
            session.add(Dataset(owner_id=owner, name="old", filename="old.zip", path="/nowhere",
                                sha256="0" * 64, size=kept, info={}))  # fmt: skip
        session.commit()


def padded_zip(tmp_path: Path, extra: int) -> Path:
    """The digits upload with a member of `extra` random bytes: a dataset that decodes."""
    zipped = digits_zip(tmp_path)
    with zipfile.ZipFile(zipped, "a") as archive:
        archive.writestr("data/padding.bin", os.urandom(extra), compress_type=zipfile.ZIP_STORED)
    return zipped


def post_upload(klass: Class, path: Path, who: str) -> Any:
    with path.open("rb") as file:
        return klass.client.post("/api/datasets", headers=klass.headers[who],
                                 files={"file": (path.name, file, "application/zip")})  # fmt: skip


def yours(name: str) -> dict[str, Any]:
    return {"code": "limit.yours", "params": {"name": name}}


def test_an_admin_sets_a_users_limits_and_reads_them_back(klass: Class) -> None:
    client, admin = klass.client, klass.headers["admin"]
    first = client.get(limits_url(klass, "alice"), headers=admin)
    assert first.status_code == 200, first.text
    assert first.json() == {
        "user_id": klass.ids["alice"], "name": user(klass, "alice").name,
        "effective": DEFAULTS, "overrides": NO_OVERRIDES, "defaults": DEFAULTS,
        "usage": {"running_jobs": 0, "active_jobs": 0, "storage_bytes": 0},
    }  # fmt: skip
    answer = set_limits(klass, "alice", max_active_jobs=3, max_storage_mb=10)
    assert answer.status_code == 200, answer.text
    assert answer.json()["effective"] == {**DEFAULTS, "max_active_jobs": 3, "max_storage_mb": 10}
    assert answer.json()["overrides"] == {**NO_OVERRIDES, "max_active_jobs": 3,
                                          "max_storage_mb": 10}  # fmt: skip
    assert answer.json()["defaults"] == DEFAULTS
    assert client.get(limits_url(klass, "alice"), headers=admin).json() == answer.json()
    assert user(klass, "alice").limits == {"max_active_jobs": 3, "max_storage_mb": 10}
    assert user(klass, "bob").limits == {}  # nobody else's changed

    add_rows(klass, "alice", "queued", "running", "paused", "succeeded", kept=1234)
    mine = client.get("/api/auth/me/limits", headers=klass.headers["alice"])
    assert mine.status_code == 200, mine.text
    assert mine.json()["effective"]["max_active_jobs"] == 3
    assert mine.json()["usage"] == {"running_jobs": 1, "active_jobs": 3, "storage_bytes": 1234}

    again = set_limits(klass, "alice", max_active_jobs=None, max_storage_mb=10)
    assert again.json()["effective"] == {**DEFAULTS, "max_storage_mb": 10}  # null: the default
    reset = set_limits(klass, "alice")
    assert reset.json()["effective"] == DEFAULTS and reset.json()["overrides"] == NO_OVERRIDES
    assert user(klass, "alice").limits == {}


def test_only_an_admin_reads_or_sets_limits(klass: Class) -> None:
    for who in ("teacher", "alice"):
        for method in ("GET", "PUT"):
            for body in ({"max_active_jobs": 100}, {"bogus": 1}):  # 403 before the body
                answer = klass.client.request(
                    method, limits_url(klass, "bob"), json=body, headers=klass.headers[who]
                )
                assert answer.status_code == 403, (who, method, answer.text)
                assert answer.json()["detail"]["code"] == "auth.not_allowed"
    assert user(klass, "bob").limits == {}
    own = klass.client.get("/api/auth/me/limits", headers=klass.headers["teacher"])
    assert own.status_code == 200 and own.json()["user_id"] == klass.ids["teacher"]


@pytest.mark.parametrize(
    "body",
    [
        {"max_running_jobs": 0},
        {"max_active_jobs": -1},
        {"max_storage_mb": 10**9},
        {"max_running_jobs": 10**6},
        {"max_upload_mb": "many"},
        {"max_active_jobs": "3"},
        {"max_running_jobs": True},
        {"max_running_jobs": 1.5},
        {"bogus": 1},
        {"max_running_jobs": 1, "max_jobs": 2},
    ],
)
def test_impossible_limits_are_422_and_change_nothing(klass: Class, body: dict[str, Any]) -> None:
    answer = set_limits(klass, "alice", **body)
    assert answer.status_code == 422, answer.text
    assert user(klass, "alice").limits == {}


def test_an_upload_size_above_the_servers_is_refused_naming_it(klass: Class) -> None:
    answer = set_limits(klass, "alice", max_upload_mb=513)
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert detail["code"] == "limits.upload_above_server" and detail["params"] == {"limit": 512}
    assert "NETCANVAS_MAX_UPLOAD_MB" in detail["message"]
    assert set_limits(klass, "alice", max_upload_mb=512).status_code == 200


IMPOSSIBLE = ["999999", str(2**31), str(2**63), "99999999999999999999", "-1"]


@pytest.mark.parametrize("user_id", IMPOSSIBLE)
def test_an_unknown_or_impossible_user_is_404(klass: Class, user_id: str) -> None:
    for method in ("GET", "PUT"):
        answer = klass.client.request(
            method, f"/api/users/{user_id}/limits", json={}, headers=klass.headers["admin"]
        )
        assert answer.status_code == 404, (method, answer.text)


def test_an_active_jobs_override_changes_the_429_for_that_user_only(klass: Class) -> None:
    add_rows(klass, "alice", "queued")
    add_rows(klass, "bob", "queued")
    assert set_limits(klass, "alice", max_active_jobs=1).status_code == 200
    body = {"graph": samples.load("xor_mlp"), "dataset": "xor"}
    answer = klass.client.post("/api/jobs", json=body, headers=klass.headers["alice"])
    assert answer.status_code == 429, answer.text
    detail = answer.json()["detail"]
    assert detail["code"] == "job.too_many_active"
    assert detail["params"] == {"count": 1, "limit": 1, "source": yours("max_active_jobs")}
    assert "max_active_jobs, set by an admin" in detail["message"]
    japanese = klass.client.post(
        "/api/jobs", json=body, headers={**klass.headers["alice"], "Accept-Language": "ja"}
    )
    assert "管理者" in japanese.json()["detail"]["message"]
    with session_factory(klass.database)() as session:
        check_share(session, user(klass, "bob"), get_settings())  # Bob has the server's 8
        alices = session.scalars(select(Job).where(Job.owner_id == klass.ids["alice"]))
        assert len(alices.all()) == 1  # nothing queued
    assert set_limits(klass, "alice", max_active_jobs=2).status_code == 200
    with session_factory(klass.database)() as session:
        check_share(session, user(klass, "alice"), get_settings())  # raised: she may launch


def test_upload_and_storage_overrides_change_the_413_for_that_user_only(
    klass: Class, tmp_path: Path
) -> None:
    assert set_limits(klass, "alice", max_upload_mb=1).status_code == 200
    big = padded_zip(tmp_path, 1024 * 1024 + 70_000)  # over a MiB and the form's slack
    answer = post_upload(klass, big, "alice")
    assert answer.status_code == 413, answer.text
    detail = answer.json()["detail"]
    assert detail["code"] == "dataset.too_large"
    assert detail["params"] == {"limit_mib": 1, "source": yours("max_upload_mb")}
    assert "1 MiB" in detail["message"] and "max_upload_mb" in detail["message"]
    bobs = post_upload(klass, big, "bob")
    assert bobs.status_code == 201, bobs.text  # Bob has the server's 512 MiB

    assert set_limits(klass, "alice", max_storage_mb=1).status_code == 200
    add_rows(klass, "alice", kept=600 * 1024)
    add_rows(klass, "bob", kept=600 * 1024)
    fuller = padded_zip(tmp_path, 500 * 1024)  # past the MiB with what she keeps
    answer = post_upload(klass, fuller, "alice")
    assert answer.status_code == 413, answer.text
    detail = answer.json()["detail"]
    assert detail["code"] == "dataset.storage_full"
    assert detail["params"] == {"used_mib": 0, "limit_mib": 1, "source": yours("max_storage_mb")}
    assert post_upload(klass, fuller, "bob").status_code == 201
    with session_factory(klass.database)() as session:
        kept = session.scalars(select(Dataset.name).where(Dataset.owner_id == klass.ids["alice"]))
        assert kept.all() == ["old"]
    uploads = get_settings().data_dir / "uploads" / str(klass.ids["alice"])
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_a_copy_of_a_published_dataset_counts_against_the_students_own_storage(
    klass: Class, tmp_path: Path
) -> None:
    dataset = upload(klass, digits_zip(tmp_path))
    pid = publish(klass, title="digits", dataset=dataset["id"]).json()["id"]
    add_rows(klass, "alice", kept=2**20)
    add_rows(klass, "bob", kept=2**20)
    assert set_limits(klass, "alice", max_storage_mb=1).status_code == 200
    answer = copy(klass, pid, who="alice")
    assert answer.status_code == 413, answer.text
    detail = answer.json()["detail"]
    assert detail["code"] == "dataset.storage_full"
    assert detail["params"] == {"used_mib": 1, "limit_mib": 1, "source": yours("max_storage_mb")}
    assert copy(klass, pid, who="bob").status_code == 201  # Bob keeps the server's 4096 MiB
