"""Request and response models. Requests refuse unknown fields (SPEC §4) and control characters
in every text field, each refusal naming its field (`core.text_hygiene`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from core.detection.admission import MAX_COUNT
from core.domain import Decision, MediaAuthenticity, MediaType, Platform, Verdict
from core.drafting import DRAFT_BODY_MAX, DRAFT_TITLE_MAX
from core.tables import IncidentBase, IncidentHeadline
from core.text_hygiene import MAX_URL, control_problem, url_problem


def _http_url(value: str) -> str:
    problem = url_problem(value)
    if problem:
        raise PydanticCustomError("http_url", problem)
    return value


def _single_line(value: str) -> str:
    problem = control_problem(value, multiline=False)
    if problem:
        raise PydanticCustomError("single_line", problem)
    return value


HttpUrl = Annotated[str, Field(max_length=MAX_URL), AfterValidator(_http_url)]
Line = Annotated[str, AfterValidator(_single_line)]  # a title or a name: no line breaks
Checklist = Literal["source_traced", "agency_statement", "archive_link"]


def _texts(value: Any) -> Iterator[tuple[str, str]]:
    """The strings in a field's value, each with where it is ("" or " (butir 2)")."""
    if isinstance(value, str):
        yield "", value
    elif isinstance(value, list | tuple):
        for number, item in enumerate(value, start=1):
            if isinstance(item, str):
                yield f" (butir {number} / item {number})", item


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any, info: ValidationInfo) -> Any:
        """Every text field of every request: PostgreSQL cannot store NUL, nobody types the
        rest, and an escape sequence in a card or a log is a trick, not content."""
        for where, text in _texts(value):
            problem = control_problem(text)
            if problem:
                raise PydanticCustomError("control_character", problem + where)
        return value


class IncidentCreate(Request):
    claim: str = Field(min_length=3, max_length=5000)
    source_urls: list[HttpUrl] = Field(default=[], max_length=20)
    platform: Platform | None = None
    reach: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    growth_per_hour: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    media_type: MediaType | None = None
    language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")
    notes: str | None = Field(default=None, max_length=5000)
    first_seen_at: AwareDatetime | None = Field(
        default=None, description="when the claim first circulated, with a UTC offset"
    )

    @field_validator("first_seen_at")
    @classmethod
    def _not_in_the_future(cls, value: datetime | None) -> datetime | None:
        if value is not None and value > datetime.now(UTC) + timedelta(minutes=5):
            raise PydanticCustomError("future", "a claim cannot have circulated in the future")
        return value


class VerificationCreate(Request):
    verdict: Verdict
    summary: str = Field(min_length=1, max_length=10000)
    evidence_urls: list[HttpUrl] = Field(default=[], max_length=30)
    authority: Line = Field(default="", max_length=300)
    checklist: list[Checklist] = []
    # Image, video and audio claims: what was wrong with the media (its MediaReview).
    media_authenticity: MediaAuthenticity | None = None


class DraftUpdate(Request):
    title: Line = Field(min_length=1, max_length=DRAFT_TITLE_MAX)
    body: str = Field(min_length=1, max_length=DRAFT_BODY_MAX)
    language: Literal["id", "en"] = "id"


class DecisionCreate(Request):
    decision: Decision
    draft_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    reason: str | None = Field(default=None, max_length=2000)


class ReasonCreate(Request):
    reason: str = Field(min_length=1, max_length=2000)


class ArchiveMatchFeedback(Request):
    """Is the suggested earlier klarifikasi the right debunk? `reject` needs a reason."""

    decision: Literal["confirm", "reject"]
    reason: str = Field(default="", max_length=2000)


class DuplicateFeedback(ArchiveMatchFeedback):
    """Is the report joined to this incident the same hoax? `reject` needs a reason: the report
    is then handled as an incident of its own."""


class ComposeCreate(Request):
    language: Literal["id", "en"]


class PublicationRetry(Request):
    reason: str = Field(min_length=1, max_length=2000)
    channel: Line | None = Field(default=None, max_length=64, description="retry only this one")


class CorrectionCreate(Request):
    title: Line = Field(min_length=1, max_length=DRAFT_TITLE_MAX)
    body: str = Field(min_length=1, max_length=DRAFT_BODY_MAX)
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
    warning: str | None = None
    attempts: int
    idempotency_key: str
    at: datetime


# The status read: the columns shown as stored (`IncidentBase`, declared once with the table),
# then the JSON columns in their shapes and the incident's draft, decisions and publications.
class MediaPublic(BaseModel):
    """One item of media evidence as it was taken (`POST /incidents/{id}/media`)."""

    id: str
    sha256: str
    kind: str  # image, video, audio
    mime: str  # read from the bytes
    bytes: int
    width: int | None
    height: int | None
    duration_s: float | None
    # C2PA manifest, when the file carries one: signer, generator, actions, `ai_generated`,
    # `validation`. `present: false` proves nothing about the file.
    content_credentials: dict[str, Any] | None
    # Archived media (a recycled hoax: `scope` "archive", with the earlier klarifikasi) and
    # the organisation's official media (`scope` "official"; `altered`: where a near copy
    # differs) it matches, best first, with the similarity and which frames/region matched.
    matches: list[dict[str, Any]]
    note: str | None
    uploaded_by: ActorPublic | None
    uploaded_at: datetime


class OfficialMediaPublic(MediaPublic):
    title: str  # what the organisation calls it: "Foto resmi Bupati 2026"


class IncidentPublic(IncidentBase):
    risk_factors: list[dict[str, Any]]
    topics: list[str]
    verification: dict[str, Any] | None
    source_urls: list[str]
    reporter: ActorPublic | None
    draft: DraftPublic | None
    approvals: list[DecisionPublic]
    decisions: list[DecisionPublic]
    publications: list[PublicationPublic]
    deadlines: dict[str, Any]
    archive_match: dict[str, Any] | None  # the earlier klarifikasi of a recycled hoax (HLBK)
    media: list[MediaPublic]  # evidence, oldest first


class IncidentSummary(IncidentHeadline):  # an incident in a list: the headline columns
    pass


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
