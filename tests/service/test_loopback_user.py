"""The user of NETCANVAS_AUTH=none ("local") is no account once accounts are on: the
teacher's Students list and class table leave it out (`backend.loopback`), and
`netcanvas users give local NAME` (tests/test_cli_users.py) hands its work to an account."""

from __future__ import annotations

from sqlalchemy import select

from backend.db.models import User
from backend.db.session import session_factory
from tests.service.conftest import PASSWORD, SQLITE_ONLY_CLASS, Class
from tests.service.test_classroom import add_job, students_of

pytestmark = SQLITE_ONLY_CLASS  # what is stored is the same on PostgreSQL


def add_local(database: str) -> int:
    """The user a request without accounts makes (`backend.deps.identify`): no password."""
    with session_factory(database)() as session:
        user = User(name="local")
        session.add(user)
        session.commit()
        return user.id


def test_the_class_table_leaves_out_the_user_of_no_accounts(klass: Class) -> None:
    local = add_local(klass.database)
    add_job(klass.database, local, [{"val_accuracy": 0.5}])  # made before accounts were on
    add_job(klass.database, klass.ids["alice"], [{"val_accuracy": 0.9}])
    listed = students_of(klass)
    assert local not in listed
    assert {klass.ids["alice"], klass.ids["bob"]} <= set(listed)
    paged = klass.client.get("/api/class/students?limit=50", headers=klass.headers["teacher"])
    assert local not in [s["id"] for s in paged.json()]
    assert int(paged.headers["X-Total-Count"]) == len(paged.json())


def test_the_students_page_offers_no_password_reset_for_the_user_of_no_accounts(
    klass: Class,
) -> None:
    local = add_local(klass.database)
    for who in ("teacher", "admin"):
        answer = klass.client.get("/api/users", headers=klass.headers[who])
        assert answer.status_code == 200, answer.text
        names = [user["name"] for user in answer.json()]
        assert "local" not in names and any(n.startswith("alice-") for n in names), names
    with session_factory(klass.database)() as session:  # still there, owning its work
        assert session.get(User, local) is not None


def test_an_account_named_local_with_a_password_is_listed(klass: Class) -> None:
    from backend.accounts import add_user

    with session_factory(klass.database)() as session:
        add_user(session, "local", PASSWORD, "student")
        assert session.scalar(select(User.password_hash).where(User.name == "local"))
    names = [user["name"] for user in
             klass.client.get("/api/users", headers=klass.headers["teacher"]).json()]  # fmt: skip
    assert "local" in names


def test_the_class_routes_answer_the_user_of_no_accounts_job_as_missing(klass: Class) -> None:
    local = add_local(klass.database)
    job = add_job(klass.database, local, [{"val_accuracy": 0.5}])
    teacher = {**klass.headers["teacher"], "Accept-Language": "ja"}
    for path in (f"/api/class/jobs/{job}", f"/api/class/jobs/{job}/graph"):
        answer = klass.client.get(path, headers=teacher)
        assert answer.status_code == 404, (path, answer.text)
        assert answer.json()["detail"]["code"] == "class.unknown_job"
    networks = klass.client.get(f"/api/class/students/{local}/networks", headers=teacher)
    assert networks.status_code == 404, networks.text
    assert networks.json()["detail"]["code"] == "class.unknown_student"
    mine = add_job(klass.database, klass.ids["alice"], [{"val_accuracy": 0.9}])
    assert klass.client.get(f"/api/class/jobs/{mine}", headers=teacher).status_code == 200


def test_no_one_resets_the_password_of_the_user_of_no_accounts(klass: Class) -> None:
    local = add_local(klass.database)
    missing = klass.client.post("/api/users/999999/password", headers=klass.headers["admin"])
    assert missing.status_code == 404
    for who in ("teacher", "admin"):
        answer = klass.client.post(f"/api/users/{local}/password", headers=klass.headers[who])
        assert answer.status_code == 404, answer.text
        assert answer.json() == {"detail": f"no user {local}"}  # as for a missing one
    with session_factory(klass.database)() as session:  # still no account: no password
        user = session.get(User, local)
        assert user is not None and not user.password_hash
