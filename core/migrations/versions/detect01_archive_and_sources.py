"""detection: archive of counter-statements with its term index, monitored source items,
incidents' growth and archive match

Revision ID: detect01
Revises: pub01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "detect01"
down_revision: str | None = "pub01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("growth_per_hour", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("archive_match", sa.JSON(), nullable=True))
    op.create_table(
        "archived_claims",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column("normalized_claim", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("verdict", sa.String(length=64), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(length=200), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_table(
        "archive_terms",
        sa.Column("term", sa.String(length=64), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", "claim_id"),
    )
    op.create_index("ix_archive_terms_claim", "archive_terms", ["claim_id"], unique=False)
    op.create_table(
        "source_items",
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("item_key", sa.String(length=300), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.String(length=32), nullable=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source", "item_key"),
    )
    op.create_table(
        "source_status",
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("source"),
    )


def downgrade() -> None:
    op.drop_table("source_status")
    op.drop_table("source_items")
    op.drop_index("ix_archive_terms_claim", table_name="archive_terms")
    op.drop_table("archive_terms")
    op.drop_table("archived_claims")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_column("archive_match")
        batch_op.drop_column("growth_per_hour")
