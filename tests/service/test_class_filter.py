"""The class table's filter and pages (`GET /api/class/students?student=&network=&status=
&limit=&offset=`): each filter narrows the students and their jobs, pages hold whole students
and the `X-Total-Count` header counts them all; students come by their newest job, then by
name; no parameter answers what it always did; a bad value is a coded 422 naming it. SQLite
and PostgreSQL (`klass` of conftest.py).

PostgreSQL's database lasts the whole session, so its class holds other tests' students too:
each test here names its students with a fresh prefix and filters by it."""

from __future__ import annotations

import uuid
from typing import Any

from backend.accounts import add_user
from backend.db.session import session_factory
from tests.service.conftest import PASSWORD, Class
from tests.service.test_classroom import add_job
from tests.service.test_projects_networks import small


def students(klass: Class, **params: Any) -> Any:
    """The teacher's answer (a TestClient response)."""
    return klass.client.get("/api/class/students", params=params, headers=klass.headers["teacher"])


def listed(klass: Class, **params: Any) -> list[tuple[str, list[int]]]:
    """(name without its prefix, job ids) per student answered."""
    answer = students(klass, **params)
    assert answer.status_code == 200, answer.text
    return [(s["name"].split("-", 1)[1], [j["id"] for j in s["jobs"]]) for s in answer.json()]


def a_class(klass: Class, names: list[str]) -> tuple[str, dict[str, int]]:
    """Students `<prefix>-<name>` for each of `names`: the prefix and their ids by name."""
    prefix = f"c{uuid.uuid4().hex[:6]}"
    with session_factory(klass.database)() as session:
        ids = {name: add_user(session, f"{prefix}-{name}", PASSWORD).id for name in names}
    return prefix, ids


def named(name: str) -> dict[str, Any]:
    return {**small(), "name": name}


def test_the_class_filters_by_student_network_and_status(klass: Class) -> None:
    prefix, ids = a_class(klass, ["amy", "Ben", "cho"])
    db = klass.database
    amy_xor = add_job(db, ids["amy"], [], graph=named("XOR MLP"))
    amy_failed = add_job(db, ids["amy"], [], status="failed", graph=named("LeNet 5%"))
    ben_xor = add_job(db, ids["Ben"], [], status="running", graph=named("my xor"))
    ben_paused = add_job(db, ids["Ben"], [], status="paused", graph=named("LeNet"))

    everyone = [("Ben", [ben_paused, ben_xor]), ("amy", [amy_failed, amy_xor]), ("cho", [])]
    assert listed(klass, student=prefix) == everyone
    assert listed(klass, student=f"{prefix}-b") == [("Ben", [ben_paused, ben_xor])]  # any case
    assert listed(klass, student=f" {prefix.upper()}-CHO ") == [("cho", [])]  # spaces trimmed
    # a job filter keeps the matching jobs, and only the students who have one
    assert listed(klass, student=prefix, network="xor") == [("Ben", [ben_xor]), ("amy", [amy_xor])]
    assert listed(klass, student=prefix, status="failed") == [("amy", [amy_failed])]
    several = listed(klass, student=prefix, status=["paused", "running"])
    assert several == [("Ben", [ben_paused, ben_xor])]
    assert listed(klass, student=prefix, network="lenet", status="paused") == [
        ("Ben", [ben_paused])
    ]
    assert listed(klass, student=prefix, network="5%") == [("amy", [amy_failed])]  # % as itself
    assert listed(klass, student=prefix, network="_") == []  # _ too: no name has one
    assert listed(klass, student=prefix, status="cancelled") == []
    brief = students(klass, student=prefix).json()[0]["jobs"][1]
    assert (brief["id"], brief["network_name"]) == (ben_xor, "my xor")


def test_pages_hold_whole_students_and_the_header_counts_them_all(klass: Class) -> None:
    names = [f"s{n}" for n in range(5)]
    prefix, ids = a_class(klass, names)
    jobs = {name: [add_job(klass.database, ids[name], []) for _ in range(3)] for name in names}
    seen: list[str] = []
    for offset in (0, 2, 4, 6):
        answer = students(klass, student=prefix, limit=2, offset=offset)
        assert answer.status_code == 200 and answer.headers["X-Total-Count"] == "5"
        for student in answer.json():
            name = student["name"].split("-", 1)[1]
            assert [j["id"] for j in student["jobs"]] == jobs[name][::-1]  # all of them
            seen.append(name)
    assert seen == names[::-1]  # each once, the newest job's student first
    # a job filter counts the students who have a matching job
    failed = add_job(klass.database, ids["s3"], [], status="failed")
    answer = students(klass, student=prefix, status="failed", limit=1)
    assert answer.headers["X-Total-Count"] == "1"
    assert [[j["id"] for j in s["jobs"]] for s in answer.json()] == [[failed]]


def test_students_come_by_their_newest_job_then_by_name_on_every_page(klass: Class) -> None:
    prefix, ids = a_class(klass, ["amy", "Ben", "cho", "dan", "eve"])
    db = klass.database
    ben_old = add_job(db, ids["Ben"], [], status="queued")
    dan_job = add_job(db, ids["dan"], [], status="failed")
    ben_new = add_job(db, ids["Ben"], [], status="running")
    # the newest activity first, then the students without jobs by name, whatever the page
    order = [("Ben", [ben_new, ben_old]), ("dan", [dan_job]), ("amy", []), ("cho", []), ("eve", [])]
    assert listed(klass, student=prefix) == order
    pages = [listed(klass, student=prefix, limit=2, offset=offset) for offset in (0, 2, 4)]
    assert [student for page in pages for student in page] == order
    # with a job filter, by the newest matching job
    assert listed(klass, student=prefix, status=["failed", "queued"]) == [
        ("dan", [dan_job]),
        ("Ben", [ben_old]),
    ]
    eve_job = add_job(db, ids["eve"], [])  # a new job moves its student to the top
    assert listed(klass, student=prefix, limit=2) == [("eve", [eve_job]), order[0]]
    assert listed(klass, student=prefix)[-2:] == [("amy", []), ("cho", [])]


def test_without_parameters_the_class_is_what_it_always_was(klass: Class) -> None:
    prefix, ids = a_class(klass, ["amy", "ben"])
    add_job(klass.database, ids["amy"], [], status="failed")
    answer = students(klass)
    assert answer.status_code == 200
    whole = answer.json()
    assert answer.headers["X-Total-Count"] == str(len(whole))
    mine = [s for s in whole if s["name"].startswith(prefix)]
    assert [len(s["jobs"]) for s in mine] == [1, 0]  # a student without jobs is listed too
    assert klass.ids["alice"] in {s["id"] for s in whole}


def test_bad_filters_and_pages_are_refused_naming_each(klass: Class) -> None:
    refused: list[tuple[dict[str, Any], str]] = [
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"limit": "all"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"status": "done"}, "status"),
        ({"status": ["failed", "lost"]}, "status"),
        ({"student": "x" * 201}, "student"),
        ({"network": "x" * 201}, "network"),
        ({"studnet": "amy"}, "studnet"),
    ]
    for params, field in refused:
        answer = students(klass, **params)
        assert answer.status_code == 422, (params, answer.text)
        detail = answer.json()["detail"]
        assert detail["code"] == "class.students_query"
        assert [error["field"] for error in detail["errors"]] == [field], detail
    status = students(klass, status="done").json()["detail"]["errors"][0]["message"]
    assert "'queued'" in status and "'cancelled'" in status, status  # says which it takes
    typo = students(klass, studnet="amy").json()["detail"]["errors"][0]["message"]
    assert "did you mean student?" in typo
    japanese = klass.client.get(
        "/api/class/students",
        params={"offset": -1},
        headers={**klass.headers["teacher"], "Accept-Language": "ja"},
    ).json()["detail"]
    assert "絞り込む" in japanese["message"] and "0 以上" in japanese["errors"][0]["message"]
