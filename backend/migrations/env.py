"""Alembic's environment: the models' metadata, and the URL from the settings.

`backend.db.migrate.upgrade` hands over an open connection in
`config.attributes["connection"]`; the `alembic` command line gets none and
connects to `sqlalchemy.url` if set, else to the configured database.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection

from backend.db.models import Base
from backend.db.session import engine_for
from backend.settings import get_settings

config = context.config
target_metadata = Base.metadata


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copying tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    if config.config_file_name is not None:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    url = config.get_main_option("sqlalchemy.url") or get_settings().database
    with engine_for(url).begin() as opened:
        run(opened)


main()
