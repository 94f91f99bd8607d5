"""media evidence: items, fingerprint keys, chain of custody (issue 15)

Revision ID: media01
Revises: wp01
Create Date: 2026-12-02 21:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "media01"
down_revision: str | None = "wp01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_AWARE = sa.DateTime(timezone=True)
_STR = sa.String


def upgrade() -> None:
    op.create_table(
        "media_items",
        sa.Column("id", _STR(length=32), nullable=False),
        sa.Column("sha256", _STR(length=64), nullable=False),
        sa.Column("kind", _STR(length=8), nullable=False),
        sa.Column("mime", _STR(length=32), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("duration_s", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("credentials", sa.JSON(), nullable=True),
        sa.Column("fingerprint", sa.JSON(), nullable=True),
        sa.Column("matches", sa.JSON(), nullable=True),
        sa.Column("incident_id", _STR(length=32), nullable=True),
        sa.Column("archive_id", sa.Integer(), nullable=True),
        sa.Column("official_title", sa.Text(), nullable=True),
        sa.Column("taken_by", sa.JSON(), nullable=True),
        sa.Column("created_at", _AWARE, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_media_items_sha256", "media_items", ["sha256"])
    op.create_index("ix_media_items_archive_id", "media_items", ["archive_id"])
    op.create_index("ix_media_items_incident", "media_items", ["incident_id", "created_at"])
    op.create_table(
        "media_keys",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("media_id", _STR(length=32), nullable=False),
        sa.PrimaryKeyConstraint("key", "media_id"),
    )
    op.create_table(
        "media_custody",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", _STR(length=32), nullable=False),
        sa.Column("media_id", _STR(length=32), nullable=False),
        sa.Column("action", _STR(length=16), nullable=False),
        sa.Column("sha256", _STR(length=64), nullable=False),
        sa.Column("actor", sa.JSON(), nullable=True),
        sa.Column("at", _AWARE, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_media_custody_incident_at", "media_custody", ["incident_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_media_custody_incident_at", table_name="media_custody")
    op.drop_table("media_custody")
    op.drop_table("media_keys")
    op.drop_index("ix_media_items_incident", table_name="media_items")
    op.drop_index("ix_media_items_archive_id", table_name="media_items")
    op.drop_index("ix_media_items_sha256", table_name="media_items")
    op.drop_table("media_items")
