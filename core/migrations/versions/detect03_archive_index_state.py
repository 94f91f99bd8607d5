"""archive_index_state: what reading of the claims built the term index (issue 14)

The term index is derived data: each archived claim's terms as `core.detection.text` reads them
today. A release that reads claims differently (a new synonym, a full name read as its short
form) rebuilds the index after the migrations (`core.detection.reindex`), and this table says
which reading built it. It starts empty, so the first `tangkal migrate` after this one rebuilds
the index of an archive built by earlier releases.

Revision ID: detect03
Revises: detect02
Create Date: 2026-12-08 01:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "detect03"
down_revision: str | None = "detect02"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "archive_index_state",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("archive_index_state")
