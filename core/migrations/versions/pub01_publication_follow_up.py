"""publication follow-up: embargo time on incidents, operation on publications

Revision ID: pub01
Revises: 0002
Create Date: 2026-11-27 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "pub01"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("publish_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "operation",
                sa.String(length=16),
                nullable=False,
                server_default="publication",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.drop_column("operation")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_column("publish_at")
