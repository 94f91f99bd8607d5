"""payload_blobs: large payloads kept out of the Temporal history (issue 19)

A payload of `core.payload_store.THRESHOLD` bytes or more is stored here under the SHA-256 of
its bytes, and the workflow's history carries a reference to it. Rows are never updated and
never deleted: a history replayed from its start reads every blob it names.

Revision ID: payload01
Revises: detect03
Create Date: 2026-12-08 04:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "payload01"
down_revision: str | None = "detect03"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "payload_blobs",
        sa.Column("digest", sa.String(length=43), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("digest"),
    )


def downgrade() -> None:
    op.drop_table("payload_blobs")
