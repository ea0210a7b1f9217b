"""Bring a database to the newest schema: `alembic upgrade head`, run in process.

The service calls `upgrade` at startup, so a fresh machine (SQLite in ./var)
or a new PostgreSQL database gets its tables with no step of its own. A
database whose tables were made by `Base.metadata.create_all` (some tests do)
without Alembic's version table is stamped as current rather than created twice.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, text

from .models import Base
from .session import engine_for

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
VERSION_TABLE = "alembic_version"
LOCK_ID = 0x4E43  # PostgreSQL advisory lock: two services starting at once migrate in turn


def alembic_config(url: str) -> Config:
    """Alembic's configuration without alembic.ini, so it works from any directory."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str) -> None:
    """Run every migration the database at `url` lacks."""
    config = alembic_config(url)
    with engine_for(url).begin() as connection:
        config.attributes["connection"] = connection
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": LOCK_ID})
        tables = set(inspect(connection).get_table_names())
        if VERSION_TABLE not in tables and set(Base.metadata.tables) <= tables:
            command.stamp(config, "head")
        else:
            command.upgrade(config, "head")
