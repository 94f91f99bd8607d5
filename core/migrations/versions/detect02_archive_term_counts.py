"""archive_term_counts: how many archived claims hold each term (issue 14)

A lookup weighs each of a claim's terms by its rarity in the archive. Counting a common term's
rows in `archive_terms` on every lookup cost as much as the search itself on PostgreSQL; the
counts are now kept beside the index, written with it, and filled here from it.

Revision ID: detect02
Revises: split01
Create Date: 2026-12-07 23:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "detect02"
down_revision: str | None = "split01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "archive_term_counts",
        sa.Column("term", sa.String(length=64), nullable=False),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term"),
    )
    op.execute(
        "INSERT INTO archive_term_counts (term, claims)"
        " SELECT term, COUNT(*) FROM archive_terms GROUP BY term"
    )


def downgrade() -> None:
    op.drop_table("archive_term_counts")
