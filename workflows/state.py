"""An incident's state inside its workflow. Every transition of SPEC §2 is a method here and
only these methods change it; each records its timeline entries and notices as it goes.

What the read model has not been told yet waits in `pending` until the writer
(`workflows/outbox.py`) takes it. Nothing here does I/O; the clock is `workflow.now()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.types import (
        ArchiveMatch,
        DecisionEntry,
        DraftVersion,
        Entry,
        IncidentRules,
        Notice,
        PublicationResult,
        Report,
        TriageResult,
    )
    from core.approval import Tally
    from core.domain import (
        SYSTEM,
        Actor,
        Audience,
        Decision,
        NoticeKind,
        Resolution,
        Stage,
        Verdict,
    )
    from core.drafting import draft_changes
    from core.sla import Deadline
    from core.words import notices
    from workflows.rules import deadline
    from workflows.types import IncidentInput


@dataclass
class Verification:
    verdict: Verdict
    summary: str
    evidence_urls: list[str]
    authority: str
    checklist: list[str]
    by: Actor
    media_authenticity: str | None = None


@dataclass
class Pending:
    """What the read model has not been told yet, and the notices that wait on it."""

    events: list[Entry] = field(default_factory=list)
    drafts: list[DraftVersion] = field(default_factory=list)
    decisions: list[DecisionEntry] = field(default_factory=list)
    publications: list[PublicationResult] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


class IncidentState:
    def __init__(self, inp: IncidentInput) -> None:
        self.id = inp.incident_id
        self.report: Report = inp.report
        self.reporter = inp.reporter
        self.reported_at = inp.reported_at
        self.rules: IncidentRules | None = None  # the policy's slice, loaded first
        self.stage = Stage.REPORTED
        self.resolution: Resolution | None = None
        self.closed_at: datetime | None = None
        self.triage: TriageResult | None = None
        self.archived: ArchiveMatch | None = None  # the klarifikasi this claim recycles
        self.duplicate_of: str | None = None
        self.linked: dict[str, float] = {}  # reports joined to this one as duplicates
        self.duplicates_judged: dict[str, str] = {}  # of those: confirm | reject
        self.verification: Verification | None = None
        self.drafts: list[DraftVersion] = []
        self.composed_versions: set[int] = set()  # drafts composed from the verification
        self.decisions: list[DecisionEntry] = []
        self.publications: dict[str, PublicationResult] = {}
        # What each channel shows readers now (the last successful publication or correction).
        self.live: dict[str, PublicationResult] = {}
        self.publish_at: datetime | None = None  # embargo: the approved text waits until then
        self.embargo_by: Actor | None = None  # who set the embargo now in force
        self.embargo_over = False  # publishing began: a schedule cannot change any more
        self.correction_reason = ""  # why the version being approved corrects the last one
        self.retraction: tuple[Actor, str] | None = None  # who asked to retract, and why
        self.retry_requested = False  # an admin asked to retry failed publications
        self.retry_only: str | None = None  # ... of this one channel
        self.needs_attention = False
        self.notification_error: str | None = None
        self.deadlines: dict[Stage, Deadline] = {}
        self.clock: tuple[Stage, Deadline] | None = None  # the SLA running now, if any
        self.epoch = 0  # moves whenever the clock is set or stopped: the watcher restarts
        self.seen_interactions: set[str] = set()  # Slack retries and double clicks
        self.media_seen: set[str] = set()  # media files the incident was scored with
        self.changes = 0  # transitions so far: the writer writes up to a count of these
        # Entry 0 and the row are written with the report (core.reports), before the workflow.
        self.pending = Pending()
        self._seq = 1
        self._notice_seq = 0

    # -- reading ------------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self.stage == Stage.CLOSED

    @property
    def draft(self) -> DraftVersion | None:
        return self.drafts[-1] if self.drafts else None

    @property
    def claim(self) -> str:
        return self.report.claim

    @property
    def language(self) -> str:
        """What the notices to the organisation's people are written in."""
        return self.rules.language if self.rules else "id"

    @property
    def severity(self) -> str | None:
        return self.triage.severity if self.triage else None

    # -- transitions --------------------------------------------------------------------------

    def enter(
        self, stage: Stage, *, actor: Actor = SYSTEM, reason: str | None = None, sla: bool = True
    ) -> None:
        """A new stage; its SLA clock starts unless `sla` is False (publishing under embargo
        starts it when the embargo ends: the wait is nobody's delay)."""
        previous, self.stage = self.stage, stage
        data: dict[str, Any] = {"from": previous.value, "to": stage.value}
        if reason:
            data["reason"] = reason
        self._log("stage_changed", actor, data)
        self.start_clock(stage if sla else None)

    def start_clock(self, stage: Stage | None) -> None:
        due = deadline(self.rules, stage, self.severity, workflow.now()) if stage else None
        self.epoch += 1
        self.clock = (stage, due) if stage and due else None
        if stage and due:
            self.deadlines[stage] = due

    def triaged(self, result: TriageResult) -> None:
        self.triage = result
        # The factors are the incident's `risk_factors`: not repeated here.
        data = {"risk_score": result.risk_score, "severity": result.severity}
        self._log("triaged", data=data | {"topics": result.topics})
        if result.archive_match is not None:
            self.archived = match = result.archive_match
            # The archived text is the incident's `archive_match`; the entry names it.
            named = ("archive_id", "title", "similarity", "verdict", "url", "published_at")
            self._log("archive_match", data={k: match_json(match)[k] for k in named})
        elif (template := result.archive_template) is not None:
            # The same hoax template with another bank, official or flight: the verifier
            # decides whether that klarifikasi applies; it is not offered as the draft.
            data = {"archive_id": template.archive_id, "title": template.title}
            data |= {"similarity": template.similarity, "differs": template.entity_differs}
            self._log("archive_template", data=data)
        if result.duplicate_template_of:  # not a duplicate: another entity on one template
            self._log("duplicate_template", data={"of": result.duplicate_template_of})

    def rescored(self, result: TriageResult, media_id: str) -> None:
        """Scored again with the incident's media: the risk never drops (a file adds what it
        shows), and a recycled file offers its klarifikasi while no verdict is in."""
        before = self.triage
        assert before is not None
        risk = max(before.risk_score, result.risk_score)
        severity = before.severity if risk == before.risk_score else result.severity
        self.triage = replace(before, risk_score=risk, severity=severity, factors=result.factors)
        data = {"media_id": media_id, "risk_score": risk, "severity": severity}
        self._log("media_rescored", data=data | {"previous": before.risk_score})
        match = result.archive_match
        early = self.stage in (Stage.TRIAGE, Stage.VERIFICATION)
        why = ""
        if match is not None and self.archived is None and early:
            self.archived = match
            named = {k: match_json(match)[k] for k in ("archive_id", "title", "similarity")}
            self._log("media_archive_match", data=named | {"media_id": match.media_id})
            url = match.url or ""
            why = notices.MEDIA_RECYCLED.in_(self.language, title=match.title, url=url).rstrip()
        if risk > before.risk_score or why:  # the verifier's thread hears what changed
            text = notices.MEDIA_RESCORED.in_(self.language, id=media_id, risk=risk, why=why)
            self.notice(Audience.VERIFICATION, text)

    def archive_match_judged(self, actor: Actor, decision: str, reason: str) -> None:
        """The verifier confirms the suggested debunk, or rejects it: the incident then goes
        on as a hoax of its own, its draft composed afresh."""
        match = self.archived
        assert match is not None  # `rules.match_feedback`
        data = {"archive_id": match.archive_id, "title": match.title}
        data |= {"similarity": match.similarity, "reason": reason}
        if decision == "reject":
            self.archived = None
        else:
            self.archived = replace(match, confirmed_by=actor.name)
        self._log(f"archive_match_{decision}ed", actor, data)

    def duplicate(self, original: str, similarity: float) -> None:
        self.duplicate_of = original
        data = {"duplicate_of": original, "similarity": similarity}
        self._log("duplicate_detected", data=data)
        self.close(Resolution.DUPLICATE, reason=f"duplicate of {original}")

    def duplicate_linked(self, incident_id: str, claim: str, similarity: float) -> None:
        self.linked[incident_id] = similarity
        data = {"incident_id": incident_id, "claim": claim, "similarity": similarity}
        self._log("duplicate_linked", data=data)

    def duplicate_judged(
        self, actor: Actor, duplicate_id: str, decision: str, reason: str, split_into: str | None
    ) -> None:
        """The verifier says whether a joined report is the same hoax; one that is not has been
        reported again as `split_into`, an incident of its own."""
        self.duplicates_judged[duplicate_id] = decision
        data: dict[str, Any] = {"incident_id": duplicate_id, "reason": reason}
        data |= {"similarity": self.linked[duplicate_id], "split_into": split_into}
        self._log(f"duplicate_{decision}ed", actor, data)

    def verified(self, verification: Verification) -> None:
        self.verification = v = verification
        data: dict[str, Any] = {"verdict": v.verdict.value, "summary": v.summary}
        data |= {"evidence_urls": v.evidence_urls, "checklist": v.checklist}
        self._log("verified", v.by, data)
        if v.verdict == Verdict.TRUE:
            self.close(Resolution.CLAIM_TRUE, actor=v.by, reason="the claim is true")
        else:
            self.enter(Stage.DRAFTING, actor=v.by)

    def add_draft(
        self, title: str, body: str, language: str, author: Actor, hash_: str, *, composed: bool
    ) -> DraftVersion:
        """A new version; `composed`: from the templates and the verification, so its
        verifier is its author."""
        version = DraftVersion(
            len(self.drafts) + 1, hash_, title, body, language, author, workflow.now()
        )
        previous = self.draft
        self.drafts.append(version)
        self.pending.drafts.append(version)
        if composed:
            self.composed_versions.add(version.version)
        data: dict[str, Any] = {"version": version.version, "hash": hash_, "language": language}
        if previous is not None:  # what changed, so the timeline shows what was approved
            changes = draft_changes(
                previous.title, previous.body, previous.language, title, body, language
            )
            data["changes"] = changes
        self._log("draft_version", author, data)
        return version

    def approvals_voided(self, version: DraftVersion, count: int, actor: Actor) -> None:
        data = {"voided_hash": version.hash, "count": count}
        self._log("approvals_voided", actor, data)

    def decided(self, entry: DecisionEntry, counted: Tally) -> None:
        """A decision on the current draft; enough approvals send it to publishing, a
        rejection or a request for changes back to drafting."""
        self.decisions.append(entry)
        self.pending.decisions.append(entry)
        draft, actor = self.drafts[-1], entry.actor
        bound = {"draft_hash": draft.hash, "version": draft.version}
        if entry.decision != Decision.APPROVE:
            refusal = {"draft_hash": draft.hash, "reason": entry.reason}
            self._log(entry.decision, actor, refusal)
            self.enter(Stage.DRAFTING, actor=actor, reason=entry.reason)
            text = notices.sent_back(entry.decision, actor.name, entry.reason, self.language)
            self.notice(Audience.APPROVAL, text)
            return
        data: dict[str, Any] = {**bound, "approvals": counted.approvals, "needed": counted.needed}
        if counted.required_roles and not counted.required_role_present:
            data["waiting_for"] = list(counted.required_roles)
        self._log("approved", actor, data)
        if counted.satisfied:
            self._log("approval_complete", data=bound)
            self.enter(Stage.PUBLISHING, sla=self.publish_at is None)

    def schedule(self, publish_at: datetime | None, actor: Actor, reason: str) -> None:
        self.publish_at = publish_at
        self.embargo_by = actor if publish_at is not None else None
        if publish_at is None:
            self._log("embargo_lifted", actor, {"reason": reason})
        else:
            data = {"publish_at": publish_at.isoformat(), "reason": reason}
            self._log("embargo_set", actor, data)

    def embargo_ended(self) -> None:
        self.embargo_over = True
        self._log("embargo_ended")
        self.start_clock(Stage.PUBLISHING)

    def published(self, result: PublicationResult) -> None:
        self.publications[result.channel] = result
        self.pending.publications.append(result)
        # A post waiting for the web editor is on the channel (a retraction takes it down)
        # but not public: "pending", never "published".
        if result.status in ("published", "pending"):
            self.live[result.channel] = result
        elif result.status == "retracted":
            self.live.pop(result.channel, None)
        ok = result.status in ("published", "retracted")
        data: dict[str, Any] = {"channel": result.channel, "operation": result.operation}
        data |= {"draft_version": result.draft_version, "url": result.url}
        data |= {"external_id": result.external_id, "error": result.error}
        data |= {"idempotency_key": result.idempotency_key}
        if result.warning:
            data |= {"warning": result.warning}
        ending = "succeeded" if ok else "pending" if result.status == "pending" else "failed"
        self._log(f"{result.operation}_{ending}", data=data)

    def attention(
        self, operation: str, channels: list[str], notice: str, *, waiting: bool = False
    ) -> None:
        """Something only a person can fix (`operation` failed on `channels`, or `waiting` for
        the web editor there): flagged, named on the timeline, and escalated."""
        self.needs_attention = True
        data: dict[str, Any] = {"operation": operation, "channels": channels}
        if waiting:
            data["waiting"] = True
        self._log("needs_attention", data=data)
        self.notice(Audience.APPROVAL, notice, kind=NoticeKind.ESCALATION)

    def attended(self) -> None:
        if self.needs_attention:
            self.needs_attention = False
            self.changes += 1

    def retry_asked(self, channel: str | None, reason: str, actor: Actor) -> None:
        self.retry_requested, self.retry_only = True, channel
        self._log("publication_retry", actor, {"reason": reason, "channel": channel})

    def retry_taken(self) -> str | None:
        """The retry is under way: returns the one channel it is for, if any."""
        self.retry_requested = False
        channel, self.retry_only = self.retry_only, None
        return channel

    def correction_proposed(self, reason: str, actor: Actor, version: int) -> None:
        self.correction_reason = reason
        self._log("correction_proposed", actor, {"version": version, "reason": reason})
        self.enter(Stage.APPROVAL)

    def retraction_asked(self, actor: Actor, reason: str) -> None:
        self.retraction = (actor, reason)
        data = {"reason": reason, "channels": sorted(self.live)}
        self._log("retraction_requested", actor, data)

    def cancelled(self, actor: Actor, reason: str) -> None:
        self._log("cancelled", actor, {"reason": reason})
        # Cancelling a correction leaves the published klarifikasi standing: it was published.
        resolution = Resolution.PUBLISHED if self.live else Resolution.CANCELLED
        self.close(resolution, actor=actor, reason=reason)

    def overdue(self, kind: NoticeKind, stage: Stage, due: Deadline) -> None:
        """The SLA's reminder (half-way) or escalation (past due): people are told, nothing
        is decided."""
        data = {"stage": stage.value, "sla_minutes": due.sla_minutes}
        self._log(f"sla_{kind.value}", data=data)
        waits_on_approvers = stage in (Stage.APPROVAL, Stage.PUBLISHING)
        audience = Audience.APPROVAL if waits_on_approvers else Audience.VERIFICATION
        claim = self.claim[:120]
        text = notices.overdue(kind, stage, due.sla_minutes, claim, self.language)
        self.notice(audience, text, kind=kind)

    def notification_failed(self, notice: Notice, reason: str) -> None:
        self.notification_error = reason
        data = {"notice": notice.id, "kind": notice.kind, "error": reason}
        self._log("notification_failed", data=data)

    def persist_failed(self, revision: int) -> None:
        self.needs_attention = True
        self._log("persist_failed", data={"revision": revision})

    def close(self, resolution: Resolution, *, actor: Actor = SYSTEM, reason: str = "") -> None:
        self.resolution = resolution
        self.closed_at = workflow.now()
        self.enter(Stage.CLOSED, actor=actor, reason=reason or None)
        self._log("closed", actor, {"resolution": resolution.value})

    def refused(self, action: str, reason: str, actor: Actor) -> None:
        data = {"action": action, "reason": reason}
        self._log("slack_refused", actor, data)

    def notice(
        self,
        audience: Audience,
        text: str,
        *,
        kind: NoticeKind = NoticeKind.THREAD,
        user: str | None = None,
        channel: str | None = None,
    ) -> None:
        """A message for people; it goes out once the change it tells of is written."""
        self.pending.notices.append(self.new_notice(audience, text, kind, user, channel))
        self.changes += 1

    def new_notice(
        self,
        audience: Audience,
        text: str,
        kind: NoticeKind,
        user: str | None = None,
        channel: str | None = None,
    ) -> Notice:
        self._notice_seq += 1
        return Notice(
            id=f"{self.id}:n{self._notice_seq:04d}:{kind.value}:{audience.value}",
            incident_id=self.id,
            audience=audience,
            text=text,
            at=workflow.now(),
            kind=kind,
            stage=self.stage.value,
            user=user,
            channel=channel,
        )

    def _log(self, type: str, actor: Actor = SYSTEM, data: dict[str, Any] | None = None) -> None:
        """A timeline entry. It carries no prose: its summary is said from `type` and `data`
        when it is read, in the reader's language (`core.words.events`)."""
        at, stage = workflow.now(), self.stage.value
        # The timeline keeps who it was (kind, id, name); roles and person stay on decisions.
        who = None if actor == SYSTEM else Actor(actor.kind, actor.id, actor.name)
        self.pending.events.append(Entry(self._seq, type, stage, "", who, data or {}, at))
        self._seq += 1
        self.changes += 1


def match_json(match: ArchiveMatch) -> dict[str, Any]:
    return (
        {
            "archive_id": match.archive_id,
            "claim": match.claim,
            "title": match.title,
            "body": match.body,
            "language": match.language,
            "similarity": match.similarity,
            "verdict": match.verdict,
            "url": match.url,
            "published_at": match.published_at,
        }
        | ({"media_id": match.media_id} if match.media_id else {})
        | ({"confirmed_by": match.confirmed_by} if match.confirmed_by else {})
    )
