"""Launch settings and lesson notes kept on the server: a network's launch preset (the
dataset, training config and note it is meant to be trained with, e.g. from a class copy)
and the note a job was launched with.

Rows from before it have none: the editor falls back to what the browser kept.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("networks", sa.Column("launch", sa.JSON(), nullable=True))
    op.add_column("jobs", sa.Column("note", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("jobs") as table:
        table.drop_column("note")
    with op.batch_alter_table("networks") as table:
        table.drop_column("launch")
