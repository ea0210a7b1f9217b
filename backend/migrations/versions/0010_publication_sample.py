"""The sample a published network came from, so a student's copy names it too (its lesson and
titles follow the copy, as they follow a network saved from the sample).

Publications from before it have none: their copies are as they were.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("publications", sa.Column("sample", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("publications") as table:
        table.drop_column("sample")
