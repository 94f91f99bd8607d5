"""persons: every API key belongs to a person; Slack users are linked to persons

Existing keys keep working: each is given a person. Keys linked to the same Slack user, or of
the same name with no Slack user, become one person, so they can no longer count twice.
`api_keys.slack_user` is no longer read (the person's link is) but stays for one release, for
API and worker processes of the previous version still draining (docs/deploy.md).

Revision ID: rules01
Revises: detect01
"""

import secrets
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "rules01"
down_revision: str | None = "detect01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _backfill(connection: sa.Connection) -> None:
    keys = sa.table(
        "api_keys",
        sa.column("id", sa.String),
        sa.column("name", sa.String),
        sa.column("slack_user", sa.String),
        sa.column("person_id", sa.String),
        sa.column("created_at", sa.DateTime),
    )
    persons = sa.table(
        "persons",
        sa.column("id", sa.String),
        sa.column("name", sa.String),
        sa.column("slack_user", sa.String),
        sa.column("created_at", sa.DateTime),
    )
    by_slack: dict[str, str] = {}
    by_name: dict[str, tuple[str, str | None]] = {}  # name -> (person id, slack user)
    rows = connection.execute(sa.select(keys).order_by(keys.c.created_at, keys.c.id)).all()
    for row in rows:
        person = by_slack.get(row.slack_user) if row.slack_user else None
        named = by_name.get(row.name)
        if person is None and named is not None and (named[1] is None or not row.slack_user):
            person = named[0]
            if row.slack_user:  # the same name, now with the Slack user its other key lacked
                connection.execute(
                    persons.update().where(persons.c.id == person).values(slack_user=row.slack_user)
                )
                by_slack[row.slack_user] = person
                by_name[row.name] = (person, row.slack_user)
        if person is None:
            person = "per_" + secrets.token_hex(6)
            name = row.name if row.name not in by_name else f"{row.name} ({row.id})"
            connection.execute(
                persons.insert().values(
                    id=person,
                    name=name,
                    slack_user=row.slack_user,
                    created_at=row.created_at or datetime.now(UTC),
                )
            )
            by_name[name] = (person, row.slack_user)
            if row.slack_user:
                by_slack[row.slack_user] = person
        connection.execute(keys.update().where(keys.c.id == row.id).values(person_id=person))


def upgrade() -> None:
    op.create_table(
        "persons",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("slack_user", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
        sa.UniqueConstraint("slack_user"),
    )
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("person_id", sa.String(length=32), nullable=True))
        batch_op.create_index("ix_api_keys_person_id", ["person_id"])
    _backfill(op.get_bind())


def downgrade() -> None:
    op.execute(
        "UPDATE api_keys SET slack_user = "
        "(SELECT slack_user FROM persons WHERE persons.id = api_keys.person_id)"
    )
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_index("ix_api_keys_person_id")
        batch_op.drop_column("person_id")
    op.drop_table("persons")
