"""One user cannot fill the server: at most NETCANVAS_MAX_ACTIVE_JOBS jobs queued, running
or paused at once (429), and at most NETCANVAS_MAX_STORAGE_MB of uploads kept (413), each
refusal naming the limit. Nothing is queued or kept when refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from backend.db.models import Dataset, Job, User
from backend.db.session import session_factory
from backend.jobs import check_share
from backend.settings import get_settings
from netcanvas import samples
from tests.service.conftest import Service
from tests.service.test_datasets import digits_zip, upload


def owner(service: Service, headers: dict[str, str]) -> User:
    token = headers["Authorization"].removeprefix("Bearer ")
    with session_factory(service.database)() as session:
        user = session.scalars(select(User).where(User.token == token)).one()
        session.expunge(user)
        return user


def test_a_user_with_as_many_active_jobs_as_allowed_gets_a_429(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETCANVAS_MAX_ACTIVE_JOBS", "2")
    get_settings.cache_clear()
    alice = owner(service, service.alice)
    with session_factory(service.database)() as session:
        rows = [Job(owner_id=alice.id, graph={}, config={}, dataset="xor", status=status)
                for status in ("queued", "paused", "succeeded", "failed")]  # fmt: skip
        session.add_all(rows)
        session.commit()
        count = session.scalar(select(func.count()).select_from(Job))
    body = {"graph": samples.load("xor_mlp"), "dataset": "xor"}
    answer = service.client.post("/api/jobs", json=body, headers=service.alice)
    assert answer.status_code == 429, answer.text
    detail = answer.json()["detail"]
    server = {"code": "limit.server", "params": {"setting": "NETCANVAS_MAX_ACTIVE_JOBS"}}
    assert detail["code"] == "job.too_many_active"
    assert detail["params"] == {"count": 2, "limit": 2, "source": server}
    assert "NETCANVAS_MAX_ACTIVE_JOBS" in detail["message"]
    with session_factory(service.database)() as session:
        assert session.scalar(select(func.count()).select_from(Job)) == count  # none queued
        check_share(session, owner(service, service.bob), get_settings())  # Bob may launch
        session.get(Job, rows[1].id).status = "cancelled"  # type: ignore[union-attr]
        session.commit()
        check_share(session, alice, get_settings())  # one ended: Alice may launch again


def test_uploads_past_a_users_storage_are_refused_naming_it(
    service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETCANVAS_MAX_STORAGE_MB", "1")
    get_settings.cache_clear()
    alice = owner(service, service.alice)
    with session_factory(service.database)() as session:
        kept = Dataset(owner_id=alice.id, name="old", filename="old.zip", path="/nowhere",
                       sha256="0" * 64, size=600 * 1024, info={})  # fmt: skip
        session.add(kept)
        session.commit()
    zipped = digits_zip(tmp_path)
    with zipped.open("ab") as padded:  # 500 KiB more: past the MiB with what Alice keeps
        padded.write(b"\0" * (500 * 1024))
    answer = upload(service, zipped)
    assert answer.status_code == 413, answer.text
    detail = answer.json()["detail"]
    assert detail["code"] == "dataset.storage_full"
    server = {"code": "limit.server", "params": {"setting": "NETCANVAS_MAX_STORAGE_MB"}}
    assert detail["params"] == {"used_mib": 0, "limit_mib": 1, "source": server}
    assert "NETCANVAS_MAX_STORAGE_MB" in detail["message"]
    with session_factory(service.database)() as session:
        names = session.scalars(select(Dataset.name).where(Dataset.owner_id == alice.id)).all()
        assert names == ["old"]
    assert upload(service, digits_zip(tmp_path)).status_code == 201  # a small one fits
    with session_factory(service.database)() as session:
        mine = update(Dataset).where(Dataset.owner_id == alice.id)
        session.execute(mine.values(size=2 * 1024 * 1024))
        session.commit()
    full = upload(service, digits_zip(tmp_path))
    assert full.status_code == 413 and full.json()["detail"]["code"] == "dataset.storage_full"
