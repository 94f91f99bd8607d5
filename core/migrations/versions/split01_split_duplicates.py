"""incidents: the report a verifier split off a wrong duplicate (issue 14)

A report joined to an incident as its duplicate, which a verifier then judged not the same
hoax, is reported again as an incident of its own; `split_from` names the report it came from.

Revision ID: split01
Revises: users01
Create Date: 2026-12-03 13:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "split01"
down_revision: str | None = "users01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("split_from", sa.String(length=32), nullable=True))
        batch_op.create_index("ix_incidents_split_from", ["split_from"])


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index("ix_incidents_split_from")
        batch_op.drop_column("split_from")
