"""publications: a warning beside a success (a stripped ClaimReview, a duplicate taken down,
a post waiting for the web editor; issue 18)

Revision ID: wp01
Revises: list01
Create Date: 2026-12-02 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "wp01"
down_revision: str | None = "list01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("warning", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.drop_column("warning")
