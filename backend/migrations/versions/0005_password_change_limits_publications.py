"""A forced password change, per-user limits, and what teachers publish to the class.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("users", sa.Column("limits", sa.JSON(), nullable=False, server_default="{}"))
    op.create_table(
        "publications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "owner_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("network_name", sa.String(length=200), nullable=True),
        sa.Column("graph", sa.JSON(), nullable=True),
        sa.Column("dataset", sa.String(length=200), nullable=True),
        sa.Column(
            "dataset_id",
            sa.Integer(),
            sa.ForeignKey("datasets.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("config", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_publications_owner_id", "publications", ["owner_id"])


def downgrade() -> None:
    op.drop_index("ix_publications_owner_id", table_name="publications")
    op.drop_table("publications")
    with op.batch_alter_table("users") as table:
        table.drop_column("limits")
        table.drop_column("must_change_password")
