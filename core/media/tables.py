"""Tables of media evidence: each uploaded or registered item, the fingerprint keys that find
it, and the chain of custody.

Bytes are not here: the locker keeps them by their SHA-256. One row per item *as it was
taken* (uploaded to one incident, imported with an archived klarifikasi, or registered as the
organisation's official media): the same file uploaded to two incidents is two rows and one
file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, DateTime, Index, Text
from sqlmodel import Field, SQLModel


def _json() -> Any:
    return Field(default=None, sa_column=Column(JSON, nullable=True))


class MediaItem(SQLModel, table=True):
    __tablename__ = "media_items"
    __table_args__ = (Index("ix_media_items_incident", "incident_id", "created_at"),)

    id: str = Field(primary_key=True, max_length=32)
    sha256: str = Field(max_length=64, index=True)
    kind: str = Field(max_length=8)
    mime: str = Field(max_length=32)
    bytes: int
    width: int | None = None
    height: int | None = None
    duration_s: float | None = None
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    credentials: Any = _json()  # `ContentCredentials` as JSON
    fingerprint: Any = _json()  # `core.media.fingerprints.to_json`
    matches: Any = _json()  # what it matched when it was taken (`core.media.catalogue`)
    incident_id: str | None = Field(default=None, max_length=32)  # uploaded to this incident
    # Searchable as a recycled item: archived with this klarifikasi (`archived_claims.id`).
    archive_id: int | None = Field(default=None, index=True)
    official_title: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    taken_by: Any = _json()  # the actor who uploaded, imported or registered it
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class MediaKey(SQLModel, table=True):
    """Fingerprint key -> archived or official item: a lookup is a few primary-key range
    scans, whatever the number of items."""

    __tablename__ = "media_keys"

    key: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    media_id: str = Field(primary_key=True, max_length=32)


class MediaCustody(SQLModel, table=True):
    """Chain of custody, append-only: every upload and download of an incident's media, with
    who, when and the hash. The incident's timeline shows these beside the workflow's events."""

    __tablename__ = "media_custody"
    __table_args__ = (Index("ix_media_custody_incident_at", "incident_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: str = Field(max_length=32)
    media_id: str = Field(max_length=32)
    action: str = Field(max_length=16)  # "uploaded" | "downloaded"
    sha256: str = Field(max_length=64)
    actor: Any = _json()
    at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
