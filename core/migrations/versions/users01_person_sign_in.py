"""users: persons sign in to the pages with a name and password (issue 16)

A person gets roles, an argon2id password hash and a one-time sign-in link; a page session
belongs to a person (password or link) or to a key (as before).

Revision ID: users01
Revises: media01
Create Date: 2026-12-03 06:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "users01"
down_revision: str | None = "media01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.add_column(sa.Column("roles", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("password_hash", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("link_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("link_expires_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint("uq_persons_link_hash", ["link_hash"])
    with op.batch_alter_table("page_sessions", schema=None) as batch_op:
        batch_op.alter_column("key_id", existing_type=sa.String(length=32), nullable=True)
        batch_op.add_column(sa.Column("person_id", sa.String(length=32), nullable=True))


def downgrade() -> None:
    op.execute("DELETE FROM page_sessions WHERE key_id IS NULL")
    with op.batch_alter_table("page_sessions", schema=None) as batch_op:
        batch_op.drop_column("person_id")
        batch_op.alter_column("key_id", existing_type=sa.String(length=32), nullable=False)
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_constraint("uq_persons_link_hash", type_="unique")
        batch_op.drop_column("link_expires_at")
        batch_op.drop_column("link_hash")
        batch_op.drop_column("password_hash")
        batch_op.drop_column("roles")
