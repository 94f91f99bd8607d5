"""Request and response models. Requests refuse unknown fields (SPEC §4)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from core.domain import Decision, MediaType, Platform, Verdict


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an http(s) URL")
    return value


HttpUrl = Annotated[str, Field(max_length=2000), AfterValidator(_http_url)]
Checklist = Literal["source_traced", "agency_statement", "archive_link"]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class IncidentCreate(Request):
    claim: str = Field(min_length=3, max_length=5000)
    source_urls: list[HttpUrl] = Field(default=[], max_length=20)
    platform: Platform | None = None
    reach: int | None = Field(default=None, ge=0, le=10_000_000_000)
    media_type: MediaType | None = None
    language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")
    notes: str | None = Field(default=None, max_length=5000)


class VerificationCreate(Request):
    verdict: Verdict
    summary: str = Field(min_length=1, max_length=10000)
    evidence_urls: list[HttpUrl] = Field(default=[], max_length=30)
    authority: str = Field(default="", max_length=300)
    checklist: list[Checklist] = []


class DraftUpdate(Request):
    title: str = Field(min_length=1, max_length=300)
    body: str = Field(min_length=1, max_length=20000)
    language: Literal["id", "en"] = "id"


class DecisionCreate(Request):
    decision: Decision
    draft_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    reason: str | None = Field(default=None, max_length=2000)


class ReasonCreate(Request):
    reason: str = Field(min_length=1, max_length=2000)


class ComposeCreate(Request):
    language: Literal["id", "en"]


class PublicationRetry(Request):
    reason: str = Field(min_length=1, max_length=2000)
    channel: str | None = Field(default=None, max_length=64, description="retry only this one")


class CorrectionCreate(Request):
    title: str = Field(min_length=1, max_length=300)
    body: str = Field(min_length=1, max_length=20000)
    language: Literal["id", "en"] = "id"
    reason: str = Field(min_length=1, max_length=2000, description="shown to readers")


class ScheduleCreate(Request):
    publish_at: AwareDatetime | None = Field(description="with a UTC offset; null lifts it")
    reason: str = Field(default="", max_length=2000)


class ActorPublic(BaseModel):
    kind: str
    id: str
    name: str


class DraftPublic(BaseModel):
    version: int
    hash: str
    title: str
    body: str
    language: str
    author: ActorPublic
    created_at: datetime


class DecisionPublic(BaseModel):
    decision: str
    draft_version: int
    draft_hash: str
    reason: str | None
    actor: ActorPublic
    at: datetime


class PublicationPublic(BaseModel):
    channel: str
    operation: str
    draft_version: int
    status: str
    url: str | None
    external_id: str | None
    error: str | None
    attempts: int
    idempotency_key: str
    at: datetime


class IncidentPublic(BaseModel):
    id: str
    stage: str
    resolution: str | None
    severity: str | None
    risk_score: int | None
    risk_factors: list[dict[str, Any]]
    topics: list[str]
    verdict: str | None
    verification: dict[str, Any] | None
    claim: str
    platform: str | None
    reach: int | None
    media_type: str | None
    source_urls: list[str]
    language: str | None
    notes: str | None
    reporter: ActorPublic | None
    draft: DraftPublic | None
    approvals: list[DecisionPublic]
    decisions: list[DecisionPublic]
    publications: list[PublicationPublic]
    deadlines: dict[str, Any]
    needs_attention: bool
    notification_error: str | None
    publish_at: datetime | None
    duplicate_of: str | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None


class IncidentSummary(BaseModel):
    id: str
    stage: str
    resolution: str | None
    severity: str | None
    risk_score: int | None
    claim: str
    needs_attention: bool
    created_at: datetime
    updated_at: datetime


class IncidentPage(BaseModel):
    items: list[IncidentSummary]
    next_cursor: str | None


class TimelineEventPublic(BaseModel):
    id: str
    incident_id: str
    at: datetime
    type: str
    stage: str
    actor: ActorPublic
    summary: str
    data: dict[str, Any]


class DecisionOutcome(BaseModel):
    message: str
    incident: IncidentPublic
