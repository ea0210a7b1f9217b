"""The Alembic migrations make exactly the models' tables, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import IntegrityError

from backend.db.migrate import VERSION_TABLE, alembic_config, upgrade
from backend.db.models import Base
from backend.db.session import engine_for
from tests.service.conftest import empty_database_of


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with empty_database_of(request.param, tmp_path) as url:
        yield url


def columns(url: str) -> dict[str, dict[str, bool]]:
    """Each table's columns and whether they are nullable."""
    inspector = inspect(engine_for(url))
    return {
        table: {c["name"]: bool(c["nullable"]) for c in inspector.get_columns(table)}
        for table in inspector.get_table_names()
        if table != VERSION_TABLE
    }


def test_migration_creates_exactly_the_models_tables(empty_database: str) -> None:
    upgrade(empty_database)
    expected = {
        table.name: {c.name: bool(c.nullable) for c in table.columns}
        for table in Base.metadata.sorted_tables
    }
    assert columns(empty_database) == expected
    with engine_for(empty_database).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_upgrade_twice_changes_nothing(empty_database: str) -> None:
    upgrade(empty_database)
    before = columns(empty_database)
    upgrade(empty_database)
    assert columns(empty_database) == before


def test_tables_made_by_create_all_are_stamped_not_made_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'made.db'}"
    Base.metadata.create_all(engine_for(url))
    upgrade(url)
    assert VERSION_TABLE in inspect(engine_for(url)).get_table_names()
    engine_for(url).dispose()


def upgrade_to(url: str, revision: str) -> None:
    """The schema as it was at `revision`, to fill with rows of that time."""
    config = alembic_config(url)
    with engine_for(url).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def add_alice(connection: Connection, with_a_project: bool = False) -> None:
    """User 1, alice, and with `with_a_project` her project 1, in any schema's columns."""
    connection.execute(text("INSERT INTO users (id, name, token, created_at) VALUES "
                            "(1, 'alice', 't', CURRENT_TIMESTAMP)"))  # fmt: skip
    if with_a_project:
        connection.execute(text(
            "INSERT INTO projects (id, owner_id, name, description, created_at, updated_at) "
            "VALUES (1, 1, 'p', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        ))  # fmt: skip


def test_a_database_of_the_first_schema_keeps_its_jobs_and_gains_leases(
    empty_database: str,
) -> None:
    upgrade_to(empty_database, "0001")
    with engine_for(empty_database).begin() as connection:
        add_alice(connection)
        connection.execute(text(
            "INSERT INTO jobs (id, owner_id, graph, config, dataset, status, reason, progress, "
            "device, worker, cancel_requested, summary, created_at) VALUES (7, 1, '{}', '{}', "
            "'xor', 'succeeded', '', '{}', 'cpu', 'w', false, '{}', CURRENT_TIMESTAMP)"
        ))  # fmt: skip
        connection.execute(text("INSERT INTO job_epochs (job_id, epoch, metrics) "
                                "VALUES (7, 1, '{}')"))  # fmt: skip
    upgrade(empty_database)
    with engine_for(empty_database).connect() as connection:
        assert connection.execute(text("SELECT lease FROM jobs WHERE id = 7")).scalar() == 0
        stream_id = text("SELECT stream_id FROM job_epochs WHERE job_id = 7")
        assert connection.execute(stream_id).scalar() is None


def test_networks_saved_before_0008_keep_their_graph_and_name_no_sample(
    empty_database: str,
) -> None:
    upgrade_to(empty_database, "0007")
    with engine_for(empty_database).begin() as connection:
        add_alice(connection, with_a_project=True)
        connection.execute(text(
            "INSERT INTO networks (id, owner_id, project_id, name, graph, revision, created_at, "
            "updated_at) VALUES (3, 1, 1, 'n', '{}', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        ))  # fmt: skip
    upgrade(empty_database)
    with engine_for(empty_database).connect() as connection:
        row = connection.execute(text("SELECT name, sample FROM networks WHERE id = 3")).one()
        assert tuple(row) == ("n", None)


def test_networks_and_jobs_from_before_0009_keep_their_rows_with_no_preset_or_note(
    empty_database: str,
) -> None:
    upgrade_to(empty_database, "0008")
    with engine_for(empty_database).begin() as connection:
        add_alice(connection, with_a_project=True)
        connection.execute(text(
            "INSERT INTO networks (id, owner_id, project_id, name, graph, revision, created_at, "
            "updated_at, sample) VALUES (3, 1, 1, 'n', '{}', 1, CURRENT_TIMESTAMP, "
            "CURRENT_TIMESTAMP, 'xor_mlp')"
        ))  # fmt: skip
        connection.execute(text(
            "INSERT INTO jobs (id, owner_id, graph, config, dataset, status, reason, progress, "
            "device, worker, cancel_requested, summary, created_at) VALUES (5, 1, '{}', '{}', "
            "'xor', 'succeeded', '', '{}', '', '', false, '{}', CURRENT_TIMESTAMP)"
        ))  # fmt: skip
    upgrade(empty_database)
    with engine_for(empty_database).connect() as connection:
        network = connection.execute(text("SELECT sample, launch FROM networks WHERE id = 3"))
        assert tuple(network.one()) == ("xor_mlp", None)
        job = connection.execute(text("SELECT dataset, note FROM jobs WHERE id = 5")).one()
        assert tuple(job) == ("xor", None)


def test_uploads_sharing_a_name_before_0012_are_renamed_and_the_name_is_then_unique(
    empty_database: str,
) -> None:
    upgrade_to(empty_database, "0011")
    names = ["load", "load", "load (2)", "load", "x" * 200, "x" * 200]
    with engine_for(empty_database).begin() as connection:
        add_alice(connection)
        connection.execute(text("INSERT INTO users (id, name, token, created_at) VALUES "
                                "(2, 'bob', 'u', CURRENT_TIMESTAMP)"))  # fmt: skip
        owners = [1] * len(names) + [2]
        for row_id, (owner, name) in enumerate(zip(owners, [*names, "load"], strict=True), start=1):
            connection.execute(text(
                "INSERT INTO datasets (id, owner_id, name, filename, path, sha256, size, info, "
                "created_at) VALUES (:id, :owner, :name, 'f.zip', 'p', '', 1, '{}', "
                "CURRENT_TIMESTAMP)"
            ), {"id": row_id, "owner": owner, "name": name})  # fmt: skip
    upgrade(empty_database)
    with engine_for(empty_database).connect() as connection:
        rows = connection.execute(text("SELECT id, name FROM datasets ORDER BY id")).all()
    assert [name for _, name in rows] == [
        "load",
        "load (3)",
        "load (2)",
        "load (4)",
        "x" * 200,
        "x" * 196 + " (2)",
        "load",
    ]
    with pytest.raises(IntegrityError), engine_for(empty_database).begin() as connection:
        connection.execute(text(
            "INSERT INTO datasets (owner_id, name, filename, path, sha256, size, info, "
            "created_at) VALUES (2, 'load', 'f.zip', 'p', '', 1, '{}', CURRENT_TIMESTAMP)"
        ))  # fmt: skip
