"""Launch settings and lesson notes kept on the server (SQLite and PostgreSQL): a network's launch
preset (dataset, config, note; a class copy gets its teacher's) and the note a job was launched
with, each read back by its owner in any browser, refused with a 422 naming the field when it is
too big or impossible, and seen by nobody else (another user: 404; the class's views leave them
out)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from backend.db.models import Job
from backend.db.session import session_factory
from netcanvas import samples
from tests.service.conftest import Class, Service, add_user, app_client
from tests.service.stack import redis_db
from tests.service.test_classroom import add_job
from tests.service.test_projects_networks import make_project, small
from tests.service.test_published import copy, publish

NOTE = {"en": "Watch the loss fall below 0.1.", "ja": "損失が 0.1 を下回るのを見ましょう。"}
PRESET = {"dataset": "xor", "config": {"epochs": 40, "lr": 0.05}, "note": NOTE}


def create(service: Service, **body: Any) -> Any:
    project = make_project(service)
    return service.client.post(
        f"/api/projects/{project['id']}/networks",
        json={"name": "n", "graph": small(), **body},
        headers=service.alice,
    )


def test_a_network_keeps_its_launch_preset_through_saves_until_replaced(service: Service) -> None:
    client, alice = service.client, service.alice
    created = create(service, launch=PRESET)
    assert created.status_code == 201, created.text
    # the config as given (not every default), so the launch panel lays only these over its form
    assert created.json()["launch"] == PRESET
    url = f"/api/networks/{created.json()['id']}"
    assert client.get(url, headers=alice).json()["launch"] == PRESET

    saved = client.put(url, json={"graph": small(5)}, headers=alice)  # no launch: it stays
    assert saved.status_code == 200, saved.text
    assert saved.json()["revision"] == 2 and saved.json()["launch"] == PRESET
    assert client.patch(url, json={"name": "m"}, headers=alice).json()["launch"] == PRESET
    listed = client.get(f"/api/projects/{created.json()['project_id']}/networks", headers=alice)
    assert "launch" not in listed.json()[0]  # lists stay small: the preset is in the GET

    other = {"dataset": "upload:7", "config": None, "note": None}
    replaced = client.put(url, json={"graph": small(5), "launch": {"dataset": "upload:7"}},
                          headers=alice)  # fmt: skip
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["launch"] == other and replaced.json()["revision"] == 2
    cleared = client.put(url, json={"graph": small(5), "launch": None}, headers=alice)
    assert cleared.json()["launch"] is None
    assert client.get(url, headers=alice).json()["launch"] is None

    plain = create(service)
    assert plain.status_code == 201 and plain.json()["launch"] is None
    assert create(service, launch={}).json()["launch"] is None  # nothing in it: none kept


def test_only_the_owner_reads_a_networks_launch_preset(service: Service) -> None:
    created = create(service, launch=PRESET).json()
    url = f"/api/networks/{created['id']}"
    assert service.client.get(url, headers=service.bob).status_code == 404
    answer = service.client.put(url, json={"graph": small(), "launch": None}, headers=service.bob)
    assert answer.status_code == 404
    assert service.client.get(url, headers=service.alice).json()["launch"] == PRESET


def refusal(answer: Any) -> Any:
    assert answer.status_code == 422, answer.text
    return answer.json()["detail"]


def test_a_bad_launch_preset_is_a_422_naming_the_field_and_keeps_what_was_saved(
    service: Service,
) -> None:
    client, alice = service.client, service.alice
    long_note = {"en": "x" * 10_001, "ja": ""}
    detail = refusal(create(service, launch={**PRESET, "note": long_note}))
    assert detail[0]["loc"] == ["body", "launch", "note", "en"]
    detail = refusal(create(service, launch={"note": {"en": "only English"}}))
    assert detail[0]["loc"] == ["body", "launch", "note", "ja"]
    detail = refusal(create(service, launch={"dataset": ""}))
    assert detail[0]["loc"] == ["body", "launch", "dataset"]
    detail = refusal(create(service, launch={"dataset": "d" * 201}))
    assert detail[0]["loc"] == ["body", "launch", "dataset"]
    detail = refusal(create(service, launch={"datasets": "xor"}))
    assert detail[0]["loc"] == ["body", "launch", "datasets"]
    # the config is checked as a job's: the coded 422 names each impossible field
    detail = refusal(create(service, launch={"config": {"epochs": 0, "lr": "fast"}}))
    assert detail["code"] == "job.config"
    assert {error["field"] for error in detail["errors"]} == {"epochs", "lr"}

    created = create(service, launch=PRESET).json()
    url = f"/api/networks/{created['id']}"
    bad = {"graph": small(9), "launch": {"config": {"batch_size": -1}}}
    assert refusal(client.put(url, json=bad, headers=alice))["code"] == "job.config"
    kept = client.get(url, headers=alice).json()
    assert kept["launch"] == PRESET and kept["revision"] == 1 and kept["graph"] == created["graph"]


def test_a_class_copy_keeps_the_teachers_dataset_settings_and_note_on_the_server(
    klass: Class,
) -> None:
    client, headers = klass.client, klass.headers
    settings = {"epochs": 150, "optimizer": "adam", "lr": 0.02, "batch_size": 4}
    published = publish(klass, title="XOR", note="Train it; expect 100 %.", graph=small(2),
                         dataset="xor", config=settings)  # fmt: skip
    assert published.status_code == 201, published.text
    copied = copy(klass, published.json()["id"])
    assert copied.status_code == 201, copied.text
    network_id = copied.json()["network_id"]
    network = client.get(f"/api/networks/{network_id}", headers=headers["alice"]).json()
    launch = network["launch"]
    assert launch["dataset"] == "xor" and launch["config"] == published.json()["config"]
    assert launch["config"]["epochs"] == 150 and launch["config"]["optimizer"] == "adam"
    text = "Train it; expect 100 %."
    # the teacher's words, in either language, headed by the publication's title
    assert launch["note"] == {"en": text, "ja": text, "from_class": "XOR"}

    # the teacher reads Alice's network in the class view, without her launch preset
    seen = client.get(f"/api/class/networks/{network_id}", headers=headers["teacher"])
    assert seen.status_code == 200, seen.text
    assert "launch" not in seen.json()
    assert client.get(f"/api/networks/{network_id}", headers=headers["bob"]).status_code == 404

    # a publication without a dataset, settings or note gives a copy without a preset
    bare = publish(klass, title="perceptron", graph=small(2))
    bare_copy = copy(klass, bare.json()["id"]).json()
    url = f"/api/networks/{bare_copy['network_id']}"
    assert client.get(url, headers=headers["alice"]).json()["launch"] is None


def test_the_class_view_of_a_students_job_leaves_its_note_out(klass: Class) -> None:
    job = add_job(klass.database, klass.ids["alice"], [{"loss": 0.5}], note=NOTE)
    seen = klass.client.get(f"/api/class/jobs/{job}", headers=klass.headers["teacher"])
    assert seen.status_code == 200, seen.text
    assert "note" not in seen.json()
    own = klass.client.get(f"/api/jobs/{job}", headers=klass.headers["alice"])
    assert own.json()["note"] == NOTE


@pytest.fixture(params=["sqlite", "postgresql"])
def queue(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Service]:
    """The service with a Redis DB of its own (no worker: launched jobs wait, queued)."""
    with (
        redis_db() as redis_url,
        app_client(request, tmp_path, monkeypatch, {"REDIS_URL": redis_url}) as (client, db),
    ):
        yield Service(client, db, tmp_path / "data", add_user(db, "alice"), add_user(db, "bob"))


def jobs_of(service: Service) -> int:
    with session_factory(service.database)() as session:
        return int(session.scalar(select(func.count()).select_from(Job)) or 0)


def test_a_job_keeps_the_note_it_was_launched_with(queue: Service) -> None:
    client, alice = queue.client, queue.alice
    body = {"graph": samples.load("xor_mlp"), "dataset": "xor", "config": {"epochs": 1}}
    launched = client.post("/api/jobs", json={**body, "note": NOTE}, headers=alice)
    assert launched.status_code == 201, launched.text
    assert launched.json()["note"] == NOTE
    url = f"/api/jobs/{launched.json()['id']}"
    assert client.get(url, headers=alice).json()["note"] == NOTE
    assert client.get("/api/jobs", headers=alice).json()[0]["note"] == NOTE
    assert client.get(url, headers=queue.bob).status_code == 404

    plain = client.post("/api/jobs", json=body, headers=alice)
    assert plain.status_code == 201 and plain.json()["note"] is None

    before = jobs_of(queue)
    too_long = {**body, "note": {"en": "", "ja": "あ" * 10_001}}
    detail = refusal(client.post("/api/jobs", json=too_long, headers=alice))
    assert detail[0]["loc"] == ["body", "note", "ja"]
    not_a_note = {**body, "note": "a plain string"}
    assert refusal(client.post("/api/jobs", json=not_a_note, headers=alice))[0]["loc"] == [
        "body",
        "note",
    ]
    assert jobs_of(queue) == before  # nothing queued
