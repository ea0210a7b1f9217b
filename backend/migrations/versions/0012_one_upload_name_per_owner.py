"""One upload name per owner: a unique index on datasets (owner_id, name), so two uploads
of one name at once cannot both keep it (the second is renamed " (2)", `unused_name`).

Uploads from before it that share a name with an older upload of the same owner are
renamed first as an upload would be: the oldest keeps the name, the next gets " (2)", ...

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "uq_datasets_owner_name"
LONGEST = 200  # datasets.name's length


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, owner_id, name FROM datasets ORDER BY id")).all()
    taken: dict[int, set[str]] = {}  # every name there is now, so no rename takes one
    for _, owner, name in rows:
        taken.setdefault(owner, set()).add(name)
    kept: dict[int, set[str]] = {}  # the names an older upload of the owner's keeps
    for row_id, owner, name in rows:
        mine = kept.setdefault(owner, set())
        if name in mine:
            name = _unused(name, taken[owner])
            taken[owner].add(name)
            connection.execute(sa.text("UPDATE datasets SET name = :name WHERE id = :id"),
                               {"name": name, "id": row_id})  # fmt: skip
        mine.add(name)
    op.create_index(INDEX, "datasets", ["owner_id", "name"], unique=True)


def _unused(wanted: str, taken: set[str]) -> str:
    """The first of "wanted (2)", "wanted (3)", ... not in `taken`, as `unused_name` words it."""
    number, name = 1, wanted
    while name in taken:
        number += 1
        suffix = f" ({number})"
        name = wanted[: LONGEST - len(suffix)] + suffix
    return name


def downgrade() -> None:
    op.drop_index(INDEX, table_name="datasets")
