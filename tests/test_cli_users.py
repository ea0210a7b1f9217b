"""`netcanvas users ...` and `netcanvas serve`'s refusal to open one shared user to the
network, run as an admin runs them: as processes, on a fresh data folder."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy import select

from backend.db.models import Job, User
from backend.db.session import session_factory
from backend.serve import is_loopback

PASSWORD = "a long enough secret"


def netcanvas(data: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "NETCANVAS_AUTH")}
    env["NETCANVAS_DATA_DIR"] = str(data)
    return subprocess.run(
        [sys.executable, "-m", "netcanvas_cli", *args],
        input=stdin, capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip


def add_job(data: Path, owner: str) -> int:
    """A job row of `owner`'s, as the API stores one; its id."""
    with session_factory(f"sqlite:///{data / 'netcanvas.db'}")() as session:
        user = session.scalar(select(User).where(User.name == owner))
        assert user is not None
        job = Job(owner_id=user.id, graph={}, config={}, dataset="xor", memory_mb=1)
        session.add(job)
        session.commit()
        return job.id


def test_an_admin_adds_lists_changes_and_removes_accounts(tmp_path: Path) -> None:
    data = tmp_path / "var"
    added = netcanvas(data, "users", "add", "sensei", "--role", "admin", "--password-stdin",
                      stdin=PASSWORD + "\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "added sensei (admin)"
    student = netcanvas(data, "users", "add", "hana", "--password-stdin", stdin=PASSWORD)
    assert student.returncode == 0, student.stderr
    listing = netcanvas(data, "users", "list").stdout.splitlines()
    assert [line.split()[:3] for line in listing] == [
        ["hana", "student", "password"],
        ["sensei", "admin", "password"],
    ]
    changed = netcanvas(data, "users", "passwd", "hana", "--password-stdin", stdin="another one!")
    assert changed.returncode == 0, changed.stderr
    job_id = add_job(data, "hana")
    folders = [data / "artifacts" / str(job_id), data / "checkpoints" / str(job_id)]
    for folder in folders:
        folder.mkdir(parents=True)
        (folder / "model.safetensors").write_bytes(b"weights")
    removed = netcanvas(data, "users", "remove", "hana")
    assert removed.returncode == 0 and removed.stdout.strip() == "removed hana"
    assert not any(folder.exists() for folder in folders)  # her job's files go with her
    assert [line.split()[0] for line in netcanvas(data, "users", "list").stdout.splitlines()] == [
        "sensei"
    ]
    everything = added.stdout + added.stderr + student.stdout + changed.stdout
    assert PASSWORD not in everything
    with sqlite3.connect(data / "netcanvas.db") as db:
        (hashed,) = db.execute("SELECT password_hash FROM users WHERE name = 'sensei'").fetchone()
    assert hashed.startswith("$argon2id$") and PASSWORD not in hashed
    # at argon2-cffi's full default cost (the service tests hash at the least cost instead)
    full = PasswordHasher()
    cost = f"$m={full.memory_cost},t={full.time_cost},p={full.parallelism}$"
    assert cost in hashed and not full.check_needs_rehash(hashed)


def test_bad_accounts_are_refused_with_the_reason(tmp_path: Path) -> None:
    data = tmp_path / "var"
    short = netcanvas(data, "users", "add", "hana", "--password-stdin", stdin="short\n")
    assert short.returncode == 1 and "8 to 1024 characters" in short.stderr
    odd = netcanvas(data, "users", "add", "a/b", "--password-stdin", stdin=PASSWORD)
    assert odd.returncode == 1 and "a user name is" in odd.stderr
    netcanvas(data, "users", "add", "hana", "--password-stdin", stdin=PASSWORD)
    twice = netcanvas(data, "users", "add", "hana", "--password-stdin", stdin=PASSWORD)
    assert twice.returncode == 1 and "there is a user 'hana' already" in twice.stderr
    missing = netcanvas(data, "users", "remove", "nobody")
    assert missing.returncode == 1 and "there is no user 'nobody'" in missing.stderr
    role = netcanvas(data, "users", "add", "x", "--role", "king", "--password-stdin", stdin="")
    assert role.returncode == 2  # argparse: not a role


def test_serve_refuses_a_public_address_without_accounts(tmp_path: Path) -> None:
    refused = netcanvas(tmp_path / "var", "serve", "--host", "0.0.0.0", "--port", "1")
    assert refused.returncode == 2
    assert "NETCANVAS_AUTH=accounts" in refused.stderr and "0.0.0.0" in refused.stderr
    assert not (tmp_path / "var" / "redis").exists()  # it started nothing


def test_loopback_addresses_are_this_machine_only() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "127.1.2.3", "::1", "localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "::", "192.168.1.5", "example.org"]))


def test_a_class_is_imported_from_a_csv_of_names_all_or_nothing(tmp_path: Path) -> None:
    data = tmp_path / "var"
    names = tmp_path / "class.csv"
    names.write_text(
        "name,email\nhana,h@example.org\nken,k@example.org\nyui\n田中\u3000花子\n", "utf-8"
    )
    imported = netcanvas(data, "users", "import", str(names))
    assert imported.returncode == 0, imported.stderr
    lines = imported.stdout.splitlines()
    # A Japanese name as kept: its wide space made one plain space.
    assert lines[0] == "name,password" and [line.split(",")[0] for line in lines[1:]] == [
        "hana", "ken", "yui", "田中 花子",
    ]  # fmt: skip
    assert all(len(line.split(",")[1]) == 12 for line in lines[1:])
    again = tmp_path / "again.csv"
    again.write_text("mio\nken\n", "utf-8")  # ken is taken: nobody is added
    refused = netcanvas(data, "users", "import", str(again))
    assert refused.returncode == 1 and "there is a user 'ken' already" in refused.stderr
    # columns are aligned by display width (a wide character takes two), so split on the gap
    rows = netcanvas(data, "users", "list").stdout.splitlines()
    listed = [re.split(r"\s{2,}", line)[0] for line in rows]
    assert listed == ["hana", "ken", "yui", "田中 花子"]
    typed = netcanvas(data, "users", "limits", "田中\u3000花子")  # found as typed with an IME
    assert typed.returncode == 0 and "limits of 田中 花子:" in typed.stdout, typed.stderr
    everyone = {"hana": True, "ken": True, "yui": True, "田中 花子": True}
    assert must_change(data) == everyone  # passwords handed out
    assert all(line.endswith("must change password") for line in
               netcanvas(data, "users", "list").stdout.splitlines())  # fmt: skip


def must_change(data: Path) -> dict[str, bool]:
    with sqlite3.connect(data / "netcanvas.db") as db:
        rows = db.execute("SELECT name, must_change_password FROM users ORDER BY name")
        return {name: bool(flag) for name, flag in rows}


def test_a_temporary_password_must_be_changed_and_a_plain_one_need_not(tmp_path: Path) -> None:
    data = tmp_path / "var"
    added = netcanvas(data, "users", "add", "hana", "--temporary", "--password-stdin",
                      stdin=PASSWORD)  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "first sign-in" in added.stdout
    netcanvas(data, "users", "add", "ken", "--password-stdin", stdin=PASSWORD)
    assert must_change(data) == {"hana": True, "ken": False}
    listing = netcanvas(data, "users", "list").stdout.splitlines()
    assert listing[0].endswith("must change password") and "must" not in listing[1]
    reset = netcanvas(data, "users", "passwd", "ken", "--temporary", "--password-stdin",
                      stdin="another one!")  # fmt: skip
    assert reset.returncode == 0 and "next sign-in" in reset.stdout
    assert must_change(data) == {"hana": True, "ken": True}
    chosen = netcanvas(data, "users", "passwd", "hana", "--password-stdin", stdin="another one!")
    assert chosen.returncode == 0, chosen.stderr
    assert must_change(data) == {"hana": False, "ken": True}  # the admin set it for good


def limit_lines(answer: subprocess.CompletedProcess[str]) -> list[list[str]]:
    """`users limits`' table: [label, value, origin] per limit, after its heading."""
    assert answer.returncode == 0, answer.stderr
    lines = answer.stdout.splitlines()
    assert lines[0].startswith("limits of ")
    return [_split(line) for line in lines[1:]]


def _split(line: str) -> list[str]:
    label, rest = line[:15].strip(), line[15:].strip()
    value, origin = rest.split("  ", 1)
    return [label, value, origin]


def test_an_admin_shows_sets_and_resets_an_accounts_limits(tmp_path: Path) -> None:
    data = tmp_path / "var"
    netcanvas(data, "users", "add", "hana", "--password-stdin", stdin=PASSWORD)
    assert limit_lines(netcanvas(data, "users", "limits", "hana")) == [
        ["running jobs", "2", "the server's (NETCANVAS_MAX_RUNNING_JOBS)"],
        ["active jobs", "8", "the server's (NETCANVAS_MAX_ACTIVE_JOBS)"],
        ["upload MiB", "512", "the server's (NETCANVAS_MAX_UPLOAD_MB)"],
        ["storage MiB", "4096", "the server's (NETCANVAS_MAX_STORAGE_MB)"],
    ]
    changed = netcanvas(data, "users", "limits", "hana", "--running-jobs", "1",
                        "--storage-mb", "100")  # fmt: skip
    assert limit_lines(changed) == [
        ["running jobs", "1", "set for hana (the server's: 2)"],
        ["active jobs", "8", "the server's (NETCANVAS_MAX_ACTIVE_JOBS)"],
        ["upload MiB", "512", "the server's (NETCANVAS_MAX_UPLOAD_MB)"],
        ["storage MiB", "100", "set for hana (the server's: 4096)"],
    ]
    more = netcanvas(data, "users", "limits", "hana", "--active-jobs", "3", "--storage-mb",
                     "default")  # fmt: skip
    assert [line[1] for line in limit_lines(more)] == ["1", "3", "512", "4096"]  # others kept
    with sqlite3.connect(data / "netcanvas.db") as db:
        (stored,) = db.execute("SELECT limits FROM users WHERE name = 'hana'").fetchone()
    assert json.loads(stored) == {"max_running_jobs": 1, "max_active_jobs": 3}
    reset = netcanvas(data, "users", "limits", "hana", "--reset")
    assert [line[1] for line in limit_lines(reset)] == ["2", "8", "512", "4096"]
    assert all(line[2].startswith("the server's") for line in limit_lines(reset))


def test_impossible_limits_are_refused_naming_the_flag(tmp_path: Path) -> None:
    data = tmp_path / "var"
    netcanvas(data, "users", "add", "hana", "--password-stdin", stdin=PASSWORD)
    zero = netcanvas(data, "users", "limits", "hana", "--running-jobs", "0")
    assert zero.returncode == 1 and "--running-jobs" in zero.stderr and "1" in zero.stderr
    huge = netcanvas(data, "users", "limits", "hana", "--upload-mb", "600")
    assert huge.returncode == 1 and "NETCANVAS_MAX_UPLOAD_MB" in huge.stderr
    word = netcanvas(data, "users", "limits", "hana", "--storage-mb", "lots")
    assert word.returncode == 2  # argparse: not a number
    nobody = netcanvas(data, "users", "limits", "nobody", "--reset")
    assert nobody.returncode == 1 and "there is no user 'nobody'" in nobody.stderr
    unchanged = netcanvas(data, "users", "limits", "hana")
    assert all(line[2].startswith("the server's") for line in limit_lines(unchanged))


def test_the_list_lines_up_after_names_of_wide_characters(tmp_path: Path) -> None:
    data = tmp_path / "var"
    for name in ("田中 花子", "hana", "ｶﾀｶﾅ"):
        added = netcanvas(data, "users", "add", name, "--password-stdin", stdin=PASSWORD)
        assert added.returncode == 0, added.stderr
    lines = netcanvas(data, "users", "list").stdout.splitlines()
    import unicodedata

    def columns(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    # the role column starts at the same terminal column on every line
    starts = {columns(line[: line.index("student")]) for line in lines}
    assert len(lines) == 3 and starts == {25}, lines


def test_a_taken_name_is_said_before_the_password_is_judged(tmp_path: Path) -> None:
    data = tmp_path / "var"
    netcanvas(data, "users", "add", "hana", "--password-stdin", stdin=PASSWORD)
    again = netcanvas(data, "users", "add", "hana", "--password-stdin", stdin="x\n")
    assert again.returncode == 1
    assert "there is a user 'hana' already" in again.stderr and "characters" not in again.stderr


def test_the_user_of_no_accounts_is_no_account_and_its_work_is_given_over(
    tmp_path: Path,
) -> None:
    data = tmp_path / "var"
    netcanvas(data, "users", "add", "hana", "--password-stdin", stdin=PASSWORD)
    with session_factory(f"sqlite:///{data / 'netcanvas.db'}")() as session:
        session.add(User(name="local"))  # as a request without accounts makes it
        session.commit()
    jobs = [add_job(data, "local"), add_job(data, "local")]
    listing = netcanvas(data, "users", "list").stdout
    assert [line.split()[0] for line in listing.splitlines() if line][:1] == ["hana"]
    assert "local (the user of NETCANVAS_AUTH=none" in listing and "owns 2 jobs" in listing
    assert "netcanvas users give local NAME" in listing
    given = netcanvas(data, "users", "give", "local", "hana")
    assert given.returncode == 0, given.stderr
    assert given.stdout.strip() == "gave hana what local owned: 2 jobs"
    with session_factory(f"sqlite:///{data / 'netcanvas.db'}")() as session:
        owners = {session.get(Job, job).owner_id for job in jobs}  # type: ignore[union-attr]
        hana = session.scalar(select(User).where(User.name == "hana"))
        assert hana is not None and owners == {hana.id}
    assert "local" not in netcanvas(data, "users", "list").stdout  # it owns nothing now
    nobody = netcanvas(data, "users", "give", "local", "nobody")
    assert nobody.returncode == 1 and "there is no user 'nobody'" in nobody.stderr
