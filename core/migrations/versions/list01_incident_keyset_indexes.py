"""incidents: indexes for the newest-first pages of GET /incidents, over all incidents and by
stage or severity

Revision ID: list01
Revises: draft01
Create Date: 2026-12-02 19:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "list01"
down_revision: str | None = "draft01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_incidents_created_id": ["created_at", "id"],
    "ix_incidents_stage_created_id": ["stage", "created_at", "id"],
    "ix_incidents_severity_created_id": ["severity", "created_at", "id"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "incidents", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="incidents")
