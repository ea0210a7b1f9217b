"""Publishing to the class (`/api/class/published`): a teacher publishes a network with its
dataset and settings, or a dataset, and students copy it into their own work, which then
stays theirs. SQLite and PostgreSQL, signed in with real accounts; uploads decoded for real."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from backend import datasets as store
from backend.db.models import Dataset, Network
from backend.db.session import session_factory
from backend.settings import get_settings
from netcanvas.datasets import DATASETS
from tests.service.conftest import Class, Service
from tests.service.test_classroom import add_network
from tests.service.test_datasets import digits_zip
from tests.service.test_projects_networks import small

SETTINGS = {"epochs": 150, "optimizer": "adam", "lr": 0.02, "batch_size": 4}


def publish(klass: Class, who: str = "teacher", **body: Any) -> Any:
    return klass.client.post("/api/class/published", json=body, headers=klass.headers[who])


def copy(klass: Class, publication: int, who: str = "alice", **body: Any) -> Any:
    return klass.client.post(
        f"/api/class/published/{publication}/copy", json=body or None, headers=klass.headers[who]
    )


def upload(
    klass: Class, path: Path, who: str = "teacher", test: Path | None = None
) -> dict[str, Any]:
    files = {"file": (path.name, path.read_bytes(), "application/zip")}
    if test is not None:  # a test set, kept beside the upload
        files["test"] = (test.name, test.read_bytes(), "application/zip")
    answer = klass.client.post(
        "/api/datasets", files=files, data={"name": "class digits"}, headers=klass.headers[who]
    )
    assert answer.status_code == 201, answer.text
    found: dict[str, Any] = answer.json()
    return found


def test_a_student_copies_a_published_network_with_its_dataset_and_settings(
    klass: Class,
) -> None:
    client, headers = klass.client, klass.headers
    mine = add_network(klass.database, klass.ids["teacher"])
    answer = publish(klass, title="XOR needs a hidden layer", note="Train it and compare.",
                     network_id=mine["network_id"], dataset="xor", config=SETTINGS)  # fmt: skip
    assert answer.status_code == 201, answer.text
    published = answer.json()
    assert published["teacher"].startswith("teacher-") and published["network_name"] == "mlp"
    # a built-in set by its title, as a job's `dataset_name`, in the asker's language
    assert published["dataset"] == "xor" and published["dataset_name"] == DATASETS["xor"].title
    assert published["config"]["epochs"] == 150 and published["config"]["lr"] == 0.02
    assert published["graph"] == small()

    # the teacher edits their network afterwards: the publication keeps what was published
    saved = client.put(f"/api/networks/{mine['network_id']}", json={"graph": small(7)},
                       headers=headers["teacher"])  # fmt: skip
    assert saved.status_code == 200, saved.text

    listed = client.get("/api/class/published", headers=headers["alice"]).json()
    assert published["id"] in [p["id"] for p in listed]
    assert "graph" not in listed[0]
    read = client.get(f"/api/class/published/{published['id']}", headers=headers["bob"])
    assert read.status_code == 200 and read.json()["graph"] == small()
    ja = {**headers["bob"], "Accept-Language": "ja"}
    listed_ja = client.get("/api/class/published", headers=ja).json()
    named = {p["id"]: p["dataset_name"] for p in listed_ja}
    assert named[published["id"]] == DATASETS["xor"].title_ja

    answer = copy(klass, published["id"])
    assert answer.status_code == 201, answer.text
    copied = answer.json()
    assert copied["dataset"] == "xor" and copied["dataset_id"] is None
    assert copied["config"]["epochs"] == 150
    project = client.get(f"/api/projects/{copied['project_id']}", headers=headers["alice"]).json()
    assert project["name"] == "XOR needs a hidden layer"
    assert project["description"] == "Train it and compare."
    network = client.get(f"/api/networks/{copied['network_id']}", headers=headers["alice"]).json()
    assert network["name"] == network["graph"]["name"] == "mlp" and network["revision"] == 1
    assert network["graph"] == {**small(), "name": "mlp"}  # the copy's graph carries its name

    # the copy is Alice's: she changes it, and neither the publication nor Bob sees it
    client.put(f"/api/networks/{copied['network_id']}", json={"graph": small(9)},
               headers=headers["alice"])  # fmt: skip
    again = client.get(f"/api/class/published/{published['id']}", headers=headers["bob"]).json()
    assert again["graph"] == small()
    other = client.get(f"/api/networks/{copied['network_id']}", headers=headers["bob"])
    assert other.status_code == 404


def test_a_copy_goes_into_a_project_of_the_students_own_and_only_theirs(klass: Class) -> None:
    client, headers = klass.client, klass.headers
    published = publish(klass, title="perceptron", graph=small(2), network_name="one layer")
    assert published.status_code == 201, published.text
    pid = published.json()["id"]
    project = client.post("/api/projects", json={"name": "week 1"}, headers=headers["alice"]).json()
    answer = copy(klass, pid, project_id=project["id"])
    assert answer.status_code == 201, answer.text
    assert answer.json()["project_id"] == project["id"]
    networks = client.get(f"/api/projects/{project['id']}/networks", headers=headers["alice"])
    assert [n["name"] for n in networks.json()] == ["one layer"]
    assert copy(klass, pid, who="bob", project_id=project["id"]).status_code == 404
    assert answer.json()["dataset"] is None and answer.json()["config"] is None


def test_a_published_upload_is_copied_into_the_students_own_storage(
    klass: Class, tmp_path: Path
) -> None:
    client, headers = klass.client, klass.headers
    tests = tmp_path / "tests"
    tests.mkdir()
    dataset = upload(klass, digits_zip(tmp_path), test=digits_zip(tests))
    answer = publish(klass, title="digits", dataset=dataset["id"])
    assert answer.status_code == 201, answer.text
    published = answer.json()
    assert published["dataset_name"] == "class digits" and published["network_name"] is None

    answer = copy(klass, published["id"])
    assert answer.status_code == 201, answer.text
    copied = answer.json()
    assert copied["network_id"] is None and copied["project_id"] is None
    assert copied["dataset"] == f"upload:{copied['dataset_id']}"
    theirs = client.get("/api/datasets", headers=headers["alice"]).json()["uploads"]
    assert [d["id"] for d in theirs] == [copied["dataset_id"]]
    with session_factory(klass.database)() as session:
        original = session.get(Dataset, dataset["id"])
        duplicate = session.get(Dataset, copied["dataset_id"])
        assert original is not None and duplicate is not None
        assert duplicate.owner_id == klass.ids["alice"] and duplicate.path != original.path
        assert Path(duplicate.path).read_bytes() == Path(original.path).read_bytes()
        test_files = [store.test_file_path(Path(d.path)) for d in (original, duplicate)]
        assert test_files[1].read_bytes() == test_files[0].read_bytes()  # the test set too
        assert duplicate.info["test"]["filename"] == "digits.zip"

    # the teacher deletes the upload: the publication goes, Alice's copy stays hers
    gone = client.delete(f"/api/datasets/{dataset['id']}", headers=headers["teacher"])
    assert gone.status_code == 204
    read = client.get(f"/api/class/published/{published['id']}", headers=headers["alice"])
    assert read.status_code == 404
    preview = client.get(f"/api/datasets/{copied['dataset_id']}/preview", headers=headers["alice"])
    assert preview.status_code == 200 and preview.json()["samples"]


def test_a_copy_that_does_not_fit_the_students_storage_is_413_and_leaves_nothing(
    klass: Class, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dataset = upload(klass, digits_zip(tmp_path))
    pid = publish(klass, title="digits", dataset=dataset["id"], graph=small()).json()["id"]
    with session_factory(klass.database)() as session:
        session.add(Dataset(owner_id=klass.ids["bob"], name="big", filename="big.zip",
                            path=str(tmp_path / "nowhere.zip"), sha256="0" * 64,
                            size=2**20, info={}))  # fmt: skip
        session.commit()
    monkeypatch.setenv("NETCANVAS_MAX_STORAGE_MB", "1")
    get_settings.cache_clear()
    answer = copy(klass, pid, who="bob")
    assert answer.status_code == 413, answer.text
    assert "1 MiB" in answer.json()["detail"]["message"]
    with session_factory(klass.database)() as session:
        owned = select(Dataset).where(Dataset.owner_id == klass.ids["bob"])
        assert [d.name for d in session.scalars(owned)] == ["big"]
        assert (
            session.scalars(select(Network).where(Network.owner_id == klass.ids["bob"])).all() == []
        )
    uploads = get_settings().data_dir / "uploads" / str(klass.ids["bob"])
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_only_teachers_publish_and_only_what_is_theirs(klass: Class, tmp_path: Path) -> None:
    students = add_network(klass.database, klass.ids["alice"])
    refused = publish(klass, who="alice", title="mine", graph=small())
    assert refused.status_code == 403 and "student" in refused.json()["detail"]["message"]
    assert publish(klass, title="x", network_id=students["network_id"]).status_code == 404
    theirs = upload(klass, digits_zip(tmp_path), who="other")
    answer = publish(klass, title="x", dataset=theirs["id"])
    assert answer.status_code == 422 and str(theirs["id"]) in answer.json()["detail"]["message"]
    assert publish(klass, title="x", dataset="no-such-set").status_code == 422
    for digits in ("upload:²", "①"):  # isdigit() holds, int() refuses: was a 500
        answer = publish(klass, title="x", dataset=digits)
        assert (
            answer.status_code == 422
            and answer.json()["detail"]["code"] == "publish.unknown_dataset"
        )
    nothing = publish(klass, title="nothing at all")
    assert nothing.status_code == 422 and "network" in nothing.json()["detail"]["message"]
    mine = add_network(klass.database, klass.ids["teacher"])
    both = publish(klass, title="x", graph=small(), network_id=mine["network_id"])
    assert both.status_code == 422
    from_job = publish(klass, title="x", graph=small(), config={"init_from": "1"})
    assert from_job.status_code == 422 and "init_from" in from_job.json()["detail"]["message"]
    bad = publish(klass, title="x", graph=small(), config={"epochs": -1})
    assert bad.status_code == 422 and bad.json()["detail"]["errors"][0]["field"] == "epochs"
    assert publish(klass, title="x", graph={"not": "a graph"}).status_code == 422
    assert publish(klass, who="admin", title="by the admin", graph=small()).status_code == 201
    # Shipped weights are everyone's: a fine-tuning lesson is published as it is.
    config = {"init_from": "pretrained:mnist_0to4", "freeze": ["conv1", "conv2"]}
    shipped = publish(klass, title="fine-tuning", graph=small(), config=config)
    assert shipped.status_code == 201, shipped.text
    assert {k: shipped.json()["config"][k] for k in config} == config
    unknown = publish(klass, title="x", graph=small(), config={"init_from": "pretrained:nope"})
    assert unknown.status_code == 422 and "'nope'" in unknown.json()["detail"]["message"]


def test_withdrawing_is_for_the_teacher_who_published_or_an_admin(klass: Class) -> None:
    client, headers = klass.client, klass.headers
    first = publish(klass, title="first", graph=small()).json()["id"]
    second = publish(klass, title="second", graph=small()).json()["id"]
    for who in ("alice", "other"):
        answer = client.delete(f"/api/class/published/{first}", headers=headers[who])
        assert answer.status_code == 403, who
    assert (
        client.delete(f"/api/class/published/{first}", headers=headers["teacher"]).status_code
        == 204
    )
    assert (
        client.delete(f"/api/class/published/{second}", headers=headers["admin"]).status_code == 204
    )
    assert copy(klass, first).status_code == 404
    assert client.get(f"/api/class/published/{second}", headers=headers["alice"]).status_code == 404
    for missing in (0, 2**31, 2**63):
        assert client.get(
            f"/api/class/published/{missing}", headers=headers["alice"]
        ).status_code in (404, 422)


def test_without_accounts_there_is_no_class_to_publish_to(service: Service) -> None:
    for method, path in (("GET", "/api/class/published"),
                         ("POST", "/api/class/published/1/copy")):  # fmt: skip
        answer = service.client.request(method, path, headers=service.alice)
        assert answer.status_code == 403, (method, path)
        assert "NETCANVAS_AUTH=accounts" in answer.json()["detail"]["message"]


def test_a_copy_of_a_published_sample_network_names_the_sample(klass: Class) -> None:
    """A network saved from a sample, published, is copied naming that sample: its lesson and
    titles follow the copy, as they follow the teacher's own network; a graph published with the
    sample it came from (the editor's canvas) too. A network from no sample copies with none."""
    client, headers = klass.client, klass.headers
    mine = add_network(klass.database, klass.ids["teacher"])
    with session_factory(klass.database)() as session:
        network = session.get(Network, mine["network_id"])
        assert network is not None
        network.sample = "xor_mlp"
        session.commit()
    from_network = publish(klass, title="XOR", network_id=mine["network_id"], dataset="xor")
    assert from_network.status_code == 201, from_network.text
    assert from_network.json()["sample"] == "xor_mlp"
    from_canvas = publish(klass, title="canvas", graph=small(3), sample="xor_mlp")
    assert from_canvas.status_code == 201, from_canvas.text
    plain = publish(klass, title="plain", graph=small(4))
    assert plain.json()["sample"] is None
    for published, sample in ((from_network, "xor_mlp"), (from_canvas, "xor_mlp"), (plain, None)):
        copied = copy(klass, published.json()["id"])
        assert copied.status_code == 201, copied.text
        url = f"/api/networks/{copied.json()['network_id']}"
        assert client.get(url, headers=headers["alice"]).json()["sample"] == sample
    too_long = publish(klass, title="long", graph=small(5), sample="s" * 65)
    assert too_long.status_code == 422, too_long.text


def test_a_second_copy_of_a_published_upload_gets_a_number(klass: Class, tmp_path: Path) -> None:
    """One upload name per owner holds for copies too (the database's unique index): a copy
    named as an upload the student has is kept as "... (2)", not refused with a 500."""
    dataset = upload(klass, digits_zip(tmp_path))
    published = publish(klass, title="digits", dataset=dataset["id"]).json()
    first, second = copy(klass, published["id"]), copy(klass, published["id"])
    assert (first.status_code, second.status_code) == (201, 201), second.text
    theirs = klass.client.get("/api/datasets", headers=klass.headers["alice"]).json()["uploads"]
    assert sorted(d["name"] for d in theirs) == ["class digits", "class digits (2)"]
