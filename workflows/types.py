"""What the API sends to and reads from an IncidentWorkflow.

Annotations are evaluated at import (no `from __future__ import annotations`): these cross the
Temporal boundary, see `activities.types`.
"""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from temporalio.workflow import unsafe

with unsafe.imports_passed_through():
    from activities.types import Report
    from core.domain import Actor


class Rejection(StrEnum):
    """ApplicationError types an update is refused with; the API maps each to a status."""

    WRONG_STAGE = "wrong_stage"  # 409
    STALE_DRAFT = "stale_draft"  # 409
    UNKNOWN_DRAFT = "unknown_draft"  # 422
    FORBIDDEN = "forbidden"  # 403
    SELF_APPROVAL = "self_approval"  # 403
    INVALID = "invalid"  # 422


@dataclass
class IncidentInput:
    incident_id: str
    report: Report
    reporter: Actor
    reported_at: datetime


@dataclass
class VerificationInput:
    actor: Actor
    verdict: str
    summary: str
    evidence_urls: list[str] = field(default_factory=list)
    authority: str = ""
    checklist: list[str] = field(default_factory=list)
    media_authenticity: str | None = None  # image, video and audio claims only


@dataclass
class DraftEditInput:
    actor: Actor
    title: str
    body: str
    language: str


@dataclass
class DecisionInput:
    actor: Actor
    decision: str
    draft_hash: str
    reason: str | None = None


@dataclass
class CancelInput:
    actor: Actor
    reason: str


@dataclass
class DuplicateFeedbackInput:
    """The verifier's answer to "is this the same hoax?" for a report joined as a duplicate."""

    actor: Actor
    duplicate_id: str  # the report joined to this incident
    decision: str  # confirm | reject
    reason: str = ""


@dataclass
class MatchFeedbackInput:
    """The verifier's answer to "is this the right debunk?" for the archive match shown."""

    actor: Actor
    decision: str  # confirm | reject
    reason: str = ""


@dataclass
class SlackAction:
    """A Slack interaction, carried by the `slack_action` signal; exactly one payload is set."""

    interaction_id: str  # Slack user + action/view id + timestamp: retries repeat it
    actor: Actor
    action: str
    channel: str | None = None
    verification: VerificationInput | None = None
    decision: DecisionInput | None = None
    refusal: str | None = None  # the API refused it (missing role): record the attempt
    match_feedback: MatchFeedbackInput | None = None  # "is this the right debunk?"
    duplicate_feedback: DuplicateFeedbackInput | None = None  # "is this the same hoax?"


@dataclass
class ComposeInput:
    """Compose the draft anew from the templates, e.g. in English."""

    actor: Actor
    language: str


@dataclass
class RetryInput:
    """An admin's retry of failed publications: one channel, or every failed one."""

    actor: Actor
    reason: str
    channel: str | None = None


@dataclass
class CorrectionInput:
    """A corrected text for a published klarifikasi; it goes through approval again."""

    actor: Actor
    title: str
    body: str
    language: str
    reason: str


@dataclass
class ScheduleInput:
    """An embargo: publish the approved text at `publish_at` (None lifts the embargo)."""

    actor: Actor
    publish_at: datetime | None
    reason: str = ""


@dataclass
class MediaAdded:
    """A file of evidence was uploaded to the incident (its row is written): score again."""

    media_id: str


@dataclass
class DuplicateReport:
    incident_id: str
    claim: str
    similarity: float


@dataclass
class UpdateOutcome:
    incident_id: str
    stage: str
    draft_version: int | None
    draft_hash: str | None
    approvals: int
    approvals_needed: int
    message: str
