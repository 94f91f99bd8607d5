"""SQLModel tables of the read model. Temporal holds the truth; these rows are what people read.

Every row written by an activity has a natural key, so a retried activity finds its row instead
of writing a second one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, UniqueConstraint
from sqlmodel import AutoString, Field, SQLModel


def _json(nullable: bool = False) -> Any:
    return Field(default=None, sa_column=Column(JSON, nullable=nullable))


def _moment(index: bool = False) -> Any:
    return Field(sa_column=Column(DateTime(timezone=True), nullable=False, index=index))


def _code(length: int, index: bool = False) -> Any:
    """A short code (a stage, a severity, an id): VARCHAR(length) in the table, a plain string
    in the public models, which show what is stored rather than refuse it."""
    return Field(sa_type=AutoString(length), index=index)


# The incident's shape (SQLModel's "multiple models with inheritance"): each column the API
# shows as stored is declared once, here, and the table and the public models derive from
# these bases. No defaults: every writer and every response states each column. Moments take
# `sa_type`, not `sa_column` as the other tables' do: a Column object belongs to one table
# and would be shared by every model deriving from the base; a type is copied into each.
_AWARE = DateTime(timezone=True)


class IncidentHeadline(SQLModel):
    """What a list of incidents shows of each (`api.schemas.IncidentSummary`)."""

    id: str = Field(primary_key=True, sa_type=AutoString(32))
    stage: str = _code(16, index=True)
    resolution: str | None = _code(16)
    severity: str | None = _code(16, index=True)
    risk_score: int | None
    claim: str
    needs_attention: bool
    created_at: datetime = Field(sa_type=_AWARE, index=True)
    updated_at: datetime = Field(sa_type=_AWARE)


class IncidentBase(IncidentHeadline):
    """Every column the status read shows as it is stored (`api.schemas.IncidentPublic`)."""

    verdict: str | None = _code(16)
    platform: str | None = _code(16)
    reach: int | None
    growth_per_hour: int | None  # reported or measured spread: new views/shares an hour
    # When the claim began to circulate, if the report says: the klarifikasi's "sejak …".
    first_seen_at: datetime | None = Field(sa_type=_AWARE)
    media_type: str | None = _code(16)
    language: str | None = _code(8)
    notes: str | None
    notification_error: str | None
    publish_at: datetime | None = Field(sa_type=_AWARE)
    duplicate_of: str | None = _code(32)
    # The report this one was split off: joined to an incident as its duplicate, judged by a
    # verifier not to be the same hoax, and reported again as its own.
    split_from: str | None = _code(32, index=True)
    closed_at: datetime | None = Field(sa_type=_AWARE)


class Incident(IncidentBase, table=True):
    """The base's columns, the JSON ones (the public models give each its own shape) and
    those no reader is shown as they are."""

    __tablename__ = "incidents"
    # `GET /incidents` pages newest first by (created_at, id), over all incidents or one stage
    # or severity: each page is a seek in one of these (migration list01).
    __table_args__ = (
        Index("ix_incidents_created_id", "created_at", "id"),
        Index("ix_incidents_stage_created_id", "stage", "created_at", "id"),
        Index("ix_incidents_severity_created_id", "severity", "created_at", "id"),
    )

    normalized_claim: str = ""  # the duplicate search's key, not something to read
    draft_version: int | None = None  # shown as the draft's own version
    revision: int = 0  # of the read model: orders the workflow's writes
    risk_factors: Any = _json(nullable=True)
    topics: Any = _json(nullable=True)
    source_urls: Any = _json(nullable=True)
    reporter: Any = _json(nullable=True)
    verification: Any = _json(nullable=True)
    archive_match: Any = _json(nullable=True)  # the archived klarifikasi this claim recycles
    deadlines: Any = _json(nullable=True)


class TimelineEvent(SQLModel, table=True):
    __tablename__ = "timeline_events"
    __table_args__ = (Index("ix_timeline_incident_at", "incident_id", "at", "seq"),)

    id: str = Field(primary_key=True, max_length=64)
    incident_id: str = Field(max_length=32)
    seq: int
    at: datetime = _moment()
    type: str = Field(max_length=32)
    stage: str = Field(max_length=16)
    actor_kind: str = Field(max_length=16)
    actor_id: str = Field(max_length=128)
    actor_name: str = Field(max_length=200)
    summary: str
    data: Any = _json()


class Draft(SQLModel, table=True):
    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("incident_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: str = Field(index=True, max_length=32)
    version: int
    hash: str = Field(max_length=64)
    title: str
    body: str
    language: str = Field(max_length=8)
    author: Any = _json()
    created_at: datetime = _moment()


class DecisionRecord(SQLModel, table=True):
    """An approval, rejection or change request, bound to one draft version's hash."""

    __tablename__ = "decisions"

    id: str = Field(primary_key=True, max_length=64)
    incident_id: str = Field(index=True, max_length=32)
    draft_version: int
    draft_hash: str = Field(max_length=64)
    decision: str = Field(max_length=16)
    reason: str | None = None
    actor: Any = _json()
    at: datetime = _moment()


class Publication(SQLModel, table=True):
    __tablename__ = "publications"

    idempotency_key: str = Field(primary_key=True, max_length=200)
    incident_id: str = Field(index=True, max_length=32)
    channel: str = Field(max_length=64)
    operation: str = Field(
        default="publication", max_length=16, sa_column_kwargs={"server_default": "publication"}
    )
    draft_version: int
    status: str = Field(max_length=16)
    url: str | None = None
    external_id: str | None = None
    error: str | None = None
    warning: str | None = None  # published, but not wholly as asked (issue 18)
    attempts: int = 0
    at: datetime = _moment()


class Person(SQLModel, table=True):
    """One human, whatever API keys and Slack user they act through: they count once toward
    an approval and never approve what they wrote (SPEC §2). A Slack user linked to no person
    is a person of their own."""

    __tablename__ = "persons"

    id: str = Field(primary_key=True, max_length=32)
    name: str = Field(unique=True, max_length=200)
    slack_user: str | None = Field(default=None, unique=True, max_length=32)
    created_at: datetime = _moment()
    # A user of the pages (issue 16): their roles, and an argon2id hash of their password or
    # of a one-time sign-in link's token (`tangkal users create`); null for key-only persons.
    roles: Any = _json(nullable=True)
    password_hash: str | None = Field(default=None, max_length=200)
    link_hash: str | None = Field(default=None, unique=True, max_length=64)
    link_expires_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True))
    )


class ApiKey(SQLModel, table=True):
    __tablename__ = "api_keys"

    id: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=200)  # the person's name when the key was made
    roles: Any = _json()
    key_hash: str = Field(unique=True, max_length=64)
    # Null only for a row written by code older than persons; the migration fills it in.
    person_id: str | None = Field(default=None, index=True, max_length=32)
    created_at: datetime = _moment()
    revoked_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))


class IdempotencyRecord(SQLModel, table=True):
    """`Idempotency-Key` of `POST /incidents`, scoped to the API key that sent it; an action's
    key is kept here too, under a hashed "action:" key per incident (see `api.action_keys`)."""

    __tablename__ = "idempotency_keys"

    api_key_id: str = Field(primary_key=True, max_length=32)
    key: str = Field(primary_key=True, max_length=200)
    request_hash: str = Field(max_length=64)
    incident_id: str = Field(max_length=32)
    created_at: datetime = _moment()


class SlackMessage(SQLModel, table=True):
    """A message Tangkal posted to Slack, by its idempotency key: a retry reuses its `ts`."""

    __tablename__ = "slack_messages"

    key: str = Field(primary_key=True, max_length=200)
    incident_id: str = Field(index=True, max_length=32)
    channel: str = Field(max_length=64)
    ts: str | None = Field(default=None, max_length=32)
    created_at: datetime = _moment()


class OutboxMessage(SQLModel, table=True):
    """Console outbox: what would go to Slack or a console channel when none is configured."""

    __tablename__ = "outbox"

    id: str = Field(primary_key=True, max_length=200)
    incident_id: str = Field(index=True, max_length=32)
    channel: str = Field(max_length=64)
    text: str
    at: datetime = _moment()


class PageSessionRecord(SQLModel, table=True):
    """A signed-in page session, by the SHA-256 of its cookie's token: signing out ends it
    here, so a copied cookie stops working with the sign-out, not at its expiry."""

    __tablename__ = "page_sessions"

    token_hash: str = Field(primary_key=True, max_length=64)
    # Signed in with a password or a sign-in link: the person; with an API key: the key.
    key_id: str | None = Field(default=None, max_length=32)
    person_id: str | None = Field(default=None, max_length=32)
    created_at: datetime = _moment()
    expires_at: datetime = _moment(index=True)
    ended_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))


class SignInFailure(SQLModel, table=True):
    """A refused page sign-in, by client address: what the sign-in throttle counts."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (Index("ix_sign_in_failures_client_at", "client", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    client: str = Field(max_length=64)
    at: datetime = _moment(index=True)
