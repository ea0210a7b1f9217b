"""The sample a network was saved from, so its lesson (note, dataset, settings) follows the
network to any browser of its owner.

Networks from before it have none: the editor falls back to what the browser kept.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("networks", sa.Column("sample", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("networks") as table:
        table.drop_column("sample")
