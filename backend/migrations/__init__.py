"""Alembic migrations of the service's database; `backend.db.migrate.upgrade` runs them."""
