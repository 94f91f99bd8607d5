"""Dataclasses crossing the activity boundary. IDs and plain values only, never table objects.

No `from __future__ import annotations` here (nor in `core.domain`): Temporal's converter calls
`typing.get_type_hints` on every dataclass it decodes, and string annotations would be compiled
again on each call, several times over the cost of the activity that receives them.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.domain import Actor, Audience, NoticeKind


@dataclass
class Report:
    claim: str
    source_urls: list[str] = field(default_factory=list)
    platform: str | None = None
    reach: int | None = None
    media_type: str | None = None
    language: str | None = None
    notes: str | None = None
    growth_per_hour: int | None = None
    first_seen_at: datetime | None = None  # when the claim began to circulate, if known
    # Reported again from this incident, a duplicate a verifier judged not the same hoax.
    split_from: str | None = None


@dataclass
class Event:
    id: str
    incident_id: str
    seq: int
    at: datetime
    type: str
    stage: str
    actor: Actor
    summary: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class DraftVersion:
    version: int
    hash: str
    title: str
    body: str
    language: str
    author: Actor
    created_at: datetime


@dataclass
class DecisionEntry:
    id: str
    draft_version: int
    draft_hash: str
    decision: str
    reason: str | None
    actor: Actor
    at: datetime


@dataclass
class PublicationResult:
    channel: str
    idempotency_key: str
    draft_version: int
    status: str  # published | pending (not public yet: the web editor's) | retracted | failed
    url: str | None = None
    external_id: str | None = None
    error: str | None = None
    attempts: int = 1
    operation: str = "publication"  # publication | correction | retraction
    warning: str | None = None  # done, but not wholly as asked (the channel says what)


@dataclass
class JoinedReport:
    """A report joined to an incident as its duplicate, as the incident's own timeline has it,
    and what a verifier said of it: `judged` confirm or reject (then `split_into`), or None."""

    incident_id: str
    claim: str
    similarity: float
    judged: str | None = None
    split_into: str | None = None
    at: datetime | None = None  # when it was joined


@dataclass
class Card:
    """What a Slack card (or its console rendering) shows; built by the workflow from its state."""

    incident_id: str
    audience: Audience  # verification | approval
    stage: str
    claim: str
    open: bool  # buttons shown: the card still asks for a decision
    status: str  # one line: what happened last, who decided
    platform: str | None = None
    reach: int | None = None
    source_urls: list[str] = field(default_factory=list)
    risk_score: int | None = None
    severity: str | None = None
    factors: list[dict[str, Any]] = field(default_factory=list)
    due_at: str | None = None
    verdict: str | None = None
    summary: str | None = None
    evidence_urls: list[str] = field(default_factory=list)
    draft_title: str | None = None
    draft_body: str | None = None
    draft_version: int | None = None
    draft_hash: str | None = None
    draft_language: str | None = None
    approved_by: list[str] = field(default_factory=list)
    approvals_needed: int = 0
    tally: str = ""
    # The earlier klarifikasi this claim seems to recycle: "is this the right debunk?"
    archive_title: str | None = None
    archive_similarity: float | None = None
    archive_url: str | None = None
    archive_confirmed_by: str | None = None
    # Reports triage joined to this one as the same claim: "is this the same hoax?"
    joined: list[JoinedReport] = field(default_factory=list)


@dataclass
class Notice:
    """A message for people: a card to post or rewrite, a thread reply, a reminder, an
    escalation, an announcement, or an ephemeral refusal. Slack when configured, else the
    console outbox."""

    id: str
    incident_id: str
    audience: Audience
    text: str
    at: datetime
    kind: NoticeKind = NoticeKind.THREAD
    card: Card | None = None
    stage: str | None = None
    user: str | None = None  # ephemeral: the Slack user who must see it
    channel: str | None = None  # ephemeral: where they clicked


@dataclass
class Snapshot:
    """The incident row as the workflow sees it; written only if newer than the stored one."""

    id: str
    revision: int
    stage: str
    claim: str
    report: Report
    reporter: Actor
    created_at: datetime
    updated_at: datetime
    resolution: str | None = None
    severity: str | None = None
    risk_score: int | None = None
    risk_factors: list[dict[str, Any]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    normalized_claim: str = ""
    language: str | None = None
    verdict: str | None = None
    verification: dict[str, Any] | None = None
    draft_version: int | None = None
    duplicate_of: str | None = None
    needs_attention: bool = False
    notification_error: str | None = None
    publish_at: datetime | None = None  # embargo: the approved text waits until then
    deadlines: dict[str, Any] = field(default_factory=dict)
    closed_at: datetime | None = None
    archive_match: dict[str, Any] | None = None


@dataclass
class PersistRequest:
    snapshot: Snapshot
    events: list[Event] = field(default_factory=list)
    drafts: list[DraftVersion] = field(default_factory=list)
    decisions: list[DecisionEntry] = field(default_factory=list)
    publications: list[PublicationResult] = field(default_factory=list)


@dataclass
class Entry:
    """A timeline event as an `Incident` workflow sends it: its id follows from the incident
    and `seq` (`core.domain.event_id`); no actor is the system's."""

    seq: int
    type: str
    stage: str
    summary: str = ""  # `Incident` workflows write none: it is said from `type` and `data`
    actor: Actor | None = None
    data: dict[str, Any] = field(default_factory=dict)
    at: datetime | None = None  # None: the moment of the write that carries it


@dataclass
class IncidentChanges:
    """One write of the read model: what changed since the last one (issue 19). `columns` holds
    only the incident row's changed columns (datetimes as ISO text; of `deadlines`, only the
    stages whose deadline changed); rows already written are never sent again."""

    incident_id: str
    revision: int
    at: datetime
    columns: dict[str, Any] = field(default_factory=dict)
    events: list[Entry] = field(default_factory=list)
    drafts: list[DraftVersion] = field(default_factory=list)
    decisions: list[DecisionEntry] = field(default_factory=list)
    publications: list[PublicationResult] = field(default_factory=list)
    archive: bool = False  # closed as published: the klarifikasi joins the archive


@dataclass
class SeverityRules:
    approvals: int
    approver_roles: list[str]
    sla_minutes: dict[str, int]
    monitoring_minutes: int


@dataclass
class ChannelRules:
    name: str
    kind: str
    required: bool
    max_attempts: int


@dataclass
class IncidentRules:
    """The slice of the policy an incident runs under, fixed when it is reported."""

    severities: dict[str, SeverityRules]
    channels: list[ChannelRules]
    required_checklist: list[str]
    language: str


@dataclass
class TriageRequest:
    incident_id: str
    claim: str
    reach: int | None
    media_type: str | None
    source_urls: list[str] = field(default_factory=list)
    growth_per_hour: int | None = None
    # Split off a wrong duplicate: the incident it was joined to is not its duplicate.
    split_from: str | None = None


@dataclass
class ArchiveMatch:
    """An earlier published counter-statement the claim recycles ("HLBK")."""

    archive_id: int
    claim: str
    title: str
    body: str
    language: str
    similarity: float
    verdict: str | None = None
    url: str | None = None
    published_at: str | None = None
    # Set on a template (same template, another entity): what differs, "bank: bri / bni".
    entity_differs: str | None = None
    # Set when an uploaded file is the same media as this klarifikasi's (issue 15).
    media_id: str | None = None
    # The verifier who answered "yes, this is the right debunk" (API, page or Slack).
    confirmed_by: str | None = None


@dataclass
class TriageResult:
    normalized_claim: str
    language: str
    risk_score: int
    severity: str
    factors: list[dict[str, Any]]
    topics: list[str]
    duplicate_of: str | None = None
    duplicate_similarity: float = 0.0
    archive_match: ArchiveMatch | None = None
    # Same template, another entity (another bank, Bupati, airline, company): no match, but
    # "same template as the debunk of ..." on the incident's timeline for the verifier.
    archive_template: ArchiveMatch | None = None
    duplicate_template_of: str | None = None


@dataclass
class ComposeRequest:
    incident_id: str
    claim: str
    platform: str | None
    reported_at: datetime
    verdict: str
    summary: str
    evidence_urls: list[str]
    authority: str
    language: str
    first_seen_at: datetime | None = None  # dates the narasi; `reported_at` never does
    recycles: ArchiveMatch | None = None  # the earlier klarifikasi of a recycled hoax


@dataclass
class ComposedDraft:
    title: str
    body: str
    language: str


@dataclass
class PublishRequest:
    """An `Incident` workflow names the approved version by number and hash and leaves the
    text out: the publisher reads it from the read model and checks the hash
    (`activities.publishing.approved_text`). The old workflow type still sends it."""

    incident_id: str
    channel: str
    draft_version: int
    draft_hash: str
    title: str = ""
    body: str = ""
    language: str = ""
    verdict: str = ""
    claim: str = ""
    operation: str = "publication"  # publication | correction | retraction
    reason: str = ""  # why a correction or retraction was made
    # What the channel published before (corrections and retractions act on it).
    previous_external_id: str | None = None
    previous_version: int | None = None
    previous_url: str | None = None
    source_urls: list[str] = field(default_factory=list)
    media_type: str | None = None
    media_authenticity: str | None = None  # the verifier's finding (MediaReview)
    first_seen_at: datetime | None = None  # when the claim first circulated
    # The incident's media files (kind, sha256, mime) for the MediaReview: filled in by the
    # publisher from the read model, never sent by the workflow.
    evidence: list[dict[str, str]] = field(default_factory=list)


@dataclass
class PollRequest:
    source: str


@dataclass
class SplitRequest:
    """Report the duplicate `duplicate_id` again, as the incident `incident_id` of its own."""

    duplicate_id: str
    incident_id: str


@dataclass
class OpenedIncident:
    """An incident a monitored item opened: its row is written, its workflow is to start."""

    incident_id: str
    report: Report
    reporter: Actor
    reported_at: datetime


@dataclass
class PollResult:
    source: str
    items: int
    opened: list[OpenedIncident] = field(default_factory=list)
