"""A job's lease (its fencing token) and each epoch's stream id.

`jobs.lease` goes up by one with every claim of the job and every time the
reaper takes it back, so a trainer that stalled past its heartbeat finds its
token gone and stops without writing. `job_epochs.stream_id` is the id its
`epoch` event got in the Redis stream, so a client reconnecting after Redis lost
events is served the later epochs from the database.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("jobs", sa.Column("lease", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("job_epochs", sa.Column("stream_id", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("job_epochs") as table:
        table.drop_column("stream_id")
    with op.batch_alter_table("jobs") as table:
        table.drop_column("lease")
