"""Tables of detection: the archive of published counter-statements and monitored items.

The archive is searched through `archive_terms`, an inverted index (term -> claim) whose primary
key is the lookup path, so a match costs a few index range scans whatever the archive's size;
`archive_term_counts` keeps each term's number of claims beside it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, DateTime, Index, Text
from sqlmodel import Field, SQLModel


def _moment(nullable: bool = False) -> Any:
    return Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=nullable))


class ArchivedClaim(SQLModel, table=True):
    """A claim already answered, with the counter-statement (klarifikasi) that answered it."""

    __tablename__ = "archived_claims"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=300)  # incident:<id>, url:<url> or sha256:<claim>
    claim: str = Field(sa_column=Column(Text, nullable=False))
    normalized_claim: str = Field(sa_column=Column(Text, nullable=False))
    title: str = Field(sa_column=Column(Text, nullable=False))
    body: str = Field(sa_column=Column(Text, nullable=False))
    language: str = Field(max_length=8)
    verdict: str | None = Field(default=None, max_length=64)
    url: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    origin: str = Field(max_length=200)
    published_at: datetime | None = _moment(nullable=True)
    created_at: datetime = _moment()


class ArchiveTerm(SQLModel, table=True):
    __tablename__ = "archive_terms"
    __table_args__ = (Index("ix_archive_terms_claim", "claim_id"),)

    term: str = Field(primary_key=True, max_length=64)
    claim_id: int = Field(primary_key=True)


class ArchiveTermCount(SQLModel, table=True):
    """How many archived claims hold each term: a term's rarity is one primary-key read, not a
    count over its rows of `archive_terms` (thousands for a common word)."""

    __tablename__ = "archive_term_counts"

    term: str = Field(primary_key=True, max_length=64)
    claims: int


class SourceItem(SQLModel, table=True):
    """An item seen at a monitored source; the primary key is what makes it open one incident."""

    __tablename__ = "source_items"

    source: str = Field(primary_key=True, max_length=64)
    item_key: str = Field(primary_key=True, max_length=300)  # GUID, else URL, else content hash
    title: str = Field(sa_column=Column(Text, nullable=False))
    url: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    score: int = 0
    incident_id: str | None = Field(default=None, max_length=32)
    seen_at: datetime = _moment()


class SourceStatus(SQLModel, table=True):
    """The last poll of each source, for /healthz."""

    __tablename__ = "source_status"

    source: str = Field(primary_key=True, max_length=64)
    ok: bool = True
    failures: int = 0
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    last_attempt_at: datetime | None = _moment(nullable=True)
    last_success_at: datetime | None = _moment(nullable=True)


class ArchiveIndexState(SQLModel, table=True):
    """What built the term index: the fingerprint of the code that read the archived claims'
    terms (`core.detection.reindex`). Another fingerprint means the index is rebuilt."""

    __tablename__ = "archive_index_state"

    name: str = Field(primary_key=True, max_length=32)
    fingerprint: str = Field(max_length=64)
    claims: int
    built_at: datetime = _moment()
