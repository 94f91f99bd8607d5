"""SQLModel tables of the read model. Temporal holds the truth; these rows are what people read.

Every row written by an activity has a natural key, so a retried activity finds its row instead
of writing a second one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


def _json(nullable: bool = False) -> Any:
    return Field(default=None, sa_column=Column(JSON, nullable=nullable))


def _moment(index: bool = False) -> Any:
    return Field(sa_column=Column(DateTime(timezone=True), nullable=False, index=index))


class Incident(SQLModel, table=True):
    __tablename__ = "incidents"

    id: str = Field(primary_key=True, max_length=32)
    stage: str = Field(index=True, max_length=16)
    resolution: str | None = Field(default=None, max_length=16)
    severity: str | None = Field(default=None, index=True, max_length=16)
    risk_score: int | None = None
    risk_factors: Any = _json(nullable=True)
    topics: Any = _json(nullable=True)
    claim: str
    normalized_claim: str = ""
    language: str | None = Field(default=None, max_length=8)
    platform: str | None = Field(default=None, max_length=16)
    reach: int | None = None
    growth_per_hour: int | None = None  # reported or measured spread: new views/shares an hour
    # When the claim began to circulate, if the report says: the klarifikasi's "sejak …".
    first_seen_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    media_type: str | None = Field(default=None, max_length=16)
    source_urls: Any = _json(nullable=True)
    notes: str | None = None
    reporter: Any = _json(nullable=True)
    verdict: str | None = Field(default=None, max_length=16)
    verification: Any = _json(nullable=True)
    draft_version: int | None = None
    duplicate_of: str | None = Field(default=None, max_length=32)
    archive_match: Any = _json(nullable=True)  # the archived klarifikasi this claim recycles
    needs_attention: bool = False
    notification_error: str | None = None
    publish_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    deadlines: Any = _json(nullable=True)
    revision: int = 0
    created_at: datetime = _moment(index=True)
    updated_at: datetime = _moment()
    closed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))


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
    key_id: str = Field(max_length=32)
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
