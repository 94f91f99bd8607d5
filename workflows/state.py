"""An incident's state inside its workflow: every transition of SPEC §2 is a method here, and
only these methods change it.

The state also knows what changed since the read model was last written (`take_changes`): the
workflow's writer sends that delta, once per workflow task, by an activity that runs only after
the task that made the change is recorded. Nothing here does I/O or reads the clock but through
`workflow.now()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.types import (
        ArchiveMatch,
        DecisionEntry,
        DraftVersion,
        Entry,
        IncidentChanges,
        Notice,
        PublicationResult,
        Report,
        TriageResult,
    )
    from core.domain import (
        SYSTEM,
        Actor,
        Audience,
        NoticeKind,
        Resolution,
        Stage,
        Verdict,
    )
    from core.drafting import draft_changes
    from core.incident_row import report_row
    from workflows.types import IncidentInput


@dataclass
class Verification:
    verdict: Verdict
    summary: str
    evidence_urls: list[str]
    authority: str
    checklist: list[str]
    by: Actor

    def row(self) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "evidence_urls": self.evidence_urls,
            "authority": self.authority,
            "checklist": self.checklist,
            "verified_by": self.by.name,
        }


@dataclass
class Deadline:
    started_at: datetime
    sla_minutes: int
    reminder_at: datetime
    due_at: datetime

    def row(self) -> dict[str, Any]:
        return {
            "started_at": self.started_at.isoformat(),
            "sla_minutes": self.sla_minutes,
            "reminder_at": self.reminder_at.isoformat(),
            "due_at": self.due_at.isoformat(),
        }


@dataclass
class Pending:
    """What the read model has not been told yet."""

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
        self.stage = Stage.REPORTED
        self.resolution: Resolution | None = None
        self.closed_at: datetime | None = None
        self.triage: TriageResult | None = None
        self.archived: ArchiveMatch | None = None  # the klarifikasi this claim recycles
        self.duplicate_of: str | None = None
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
        self.seen_interactions: set[str] = set()  # Slack retries and double clicks
        self.epoch = 0  # bumped at every stage change; SLA watchers stop when it moves
        self.revision = 0  # of the read model: one per write
        self.changes = 0  # transitions so far
        self.taken = 0  # `changes` as of the last `take_changes`
        self._notice_seq = 0
        self._pending = Pending()
        # The row as the API wrote it from the same projection: later writes carry only changes.
        self._row = report_row(self.id, self.report, self.reporter, self.reported_at)
        # The API wrote this event already (same id): it is never sent again.
        self._seq = 1

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
    def severity(self) -> str | None:
        return self.triage.severity if self.triage else None

    @property
    def language(self) -> str | None:
        return self.report.language or (self.triage.language if self.triage else None)

    # -- transitions --------------------------------------------------------------------------

    def enter(self, stage: Stage, *, actor: Actor = SYSTEM, reason: str | None = None) -> None:
        previous, self.stage = self.stage, stage
        self.epoch += 1
        data: dict[str, Any] = {"from": previous.value, "to": stage.value}
        if reason:
            data["reason"] = reason
        self._event("stage_changed", f"{previous.value} → {stage.value}", actor=actor, data=data)

    def set_deadline(self, stage: Stage, deadline: Deadline) -> None:
        self.deadlines[stage] = deadline
        self._touch()

    def triaged(self, result: TriageResult) -> None:
        self.triage = result
        self._event(
            "triaged",
            f"Risk {result.risk_score}/100, severity {result.severity}",
            data={
                "risk_score": result.risk_score,
                "severity": result.severity,
                "topics": result.topics,  # the factors are the incident's `risk_factors`
            },
        )
        if result.archive_match is not None:
            self.archived = match = result.archive_match
            self._event(
                "archive_match",
                f"Recycled hoax (HLBK): matches the earlier klarifikasi {match.title!r}",
                data=_match_row(match),
            )

    def duplicate(self, original: str, similarity: float) -> None:
        self.duplicate_of = original
        self._event(
            "duplicate_detected",
            f"Duplicate of open incident {original}",
            data={"duplicate_of": original, "similarity": similarity},
        )
        self.close(Resolution.DUPLICATE, reason=f"duplicate of {original}")

    def duplicate_linked(self, incident_id: str, claim: str, similarity: float) -> None:
        self._event(
            "duplicate_linked",
            f"Same claim reported again as {incident_id}",
            data={"incident_id": incident_id, "claim": claim, "similarity": similarity},
        )

    def verified(self, verification: Verification) -> None:
        self.verification = verification
        self._event(
            "verified",
            f"Verdict: {verification.verdict.value}",
            actor=verification.by,
            data={
                "verdict": verification.verdict.value,
                "summary": verification.summary,
                "evidence_urls": verification.evidence_urls,
                "checklist": verification.checklist,
            },
        )

    def add_draft(
        self,
        title: str,
        body: str,
        language: str,
        author: Actor,
        hash_: str,
        *,
        composed: bool = False,
    ) -> DraftVersion:
        version = DraftVersion(
            version=len(self.drafts) + 1,
            hash=hash_,
            title=title,
            body=body,
            language=language,
            author=author,
            created_at=workflow.now(),
        )
        previous = self.draft
        self.drafts.append(version)
        if composed:
            self.composed_versions.add(version.version)
        self._pending.drafts.append(version)
        data: dict[str, Any] = {"version": version.version, "hash": hash_, "language": language}
        summary = f"Draft v{version.version}: {title}"
        if previous is not None:  # what changed, so the timeline shows what was approved
            changes = draft_changes(
                previous.title, previous.body, previous.language, title, body, language
            )
            data["changes"] = changes
            summary += f" (+{changes['lines_added']}/-{changes['lines_removed']} lines)"
        self._event("draft_version", summary, actor=author, data=data)
        return version

    def approvals_voided(self, version: DraftVersion, count: int, actor: Actor) -> None:
        self._event(
            "approvals_voided",
            f"{count} approval(s) of v{version.version} voided",
            actor=actor,
            data={"voided_hash": version.hash, "count": count},
        )

    def decided(self, entry: DecisionEntry) -> None:
        self.decisions.append(entry)
        self._pending.decisions.append(entry)
        self._touch()

    def schedule(self, publish_at: datetime | None, actor: Actor, reason: str) -> None:
        self.publish_at = publish_at
        self.embargo_by = actor if publish_at is not None else None
        if publish_at is None:
            self._event(
                "embargo_lifted",
                f"Embargo lifted: {reason or 'publish when approved'}",
                actor=actor,
                data={"reason": reason},
            )
        else:
            self._event(
                "embargo_set",
                f"Publication scheduled for {publish_at.isoformat()}",
                actor=actor,
                data={"publish_at": publish_at.isoformat(), "reason": reason},
            )

    def embargo_ended(self) -> None:
        self.embargo_over = True
        self._event("embargo_ended", "Embargo over: publishing now")

    def published(self, result: PublicationResult) -> None:
        self.publications[result.channel] = result
        self._pending.publications.append(result)
        if result.status == "published":
            self.live[result.channel] = result
        elif result.status == "retracted":
            self.live.pop(result.channel, None)
        ok = result.status in ("published", "retracted")
        outcome = (result.url or result.status) if ok else (result.error or "failed")
        self._event(
            f"{result.operation}_" + ("succeeded" if ok else "failed"),
            f"{result.channel}: {outcome}",
            data={
                "channel": result.channel,
                "operation": result.operation,
                "draft_version": result.draft_version,
                "url": result.url,
                "external_id": result.external_id,
                "error": result.error,
                "idempotency_key": result.idempotency_key,
            },
        )

    def attention(self, summary: str, channels: list[str]) -> None:
        """Something only a person can fix: flagged on the row and named on the timeline."""
        self.needs_attention = True
        self._event("needs_attention", summary + ", ".join(channels), data={"channels": channels})

    def attended(self) -> None:
        if self.needs_attention:
            self.needs_attention = False
            self._touch()

    def retry_asked(self, channel: str | None, reason: str, actor: Actor) -> None:
        self.retry_requested, self.retry_only = True, channel
        self._event(
            "publication_retry",
            f"Retry requested ({channel or 'all failed channels'}): {reason}",
            actor=actor,
            data={"reason": reason, "channel": channel},
        )

    def retry_taken(self) -> str | None:
        """The retry is under way: returns the one channel it is for, if any."""
        self.retry_requested = False
        channel, self.retry_only = self.retry_only, None
        return channel

    def correction_proposed(self, reason: str, actor: Actor, version: int) -> None:
        self.correction_reason = reason
        self._event(
            "correction_proposed",
            f"Correction proposed (v{version}): {reason}",
            actor=actor,
            data={"version": version, "reason": reason},
        )

    def retraction_asked(self, actor: Actor, reason: str) -> None:
        self.retraction = (actor, reason)
        self._event(
            "retraction_requested",
            f"Retraction: {reason}",
            actor=actor,
            data={"reason": reason, "channels": sorted(self.live)},
        )

    def notification_failed(self, notice: Notice, reason: str) -> None:
        self.notification_error = reason
        self._event(
            "notification_failed",
            f"Notification not delivered: {reason}",
            data={"notice": notice.id, "kind": notice.kind, "error": reason},
        )

    def persist_failed(self, revision: int) -> None:
        self.needs_attention = True
        self._event(
            "persist_failed",
            "Sebagian perubahan tidak dapat disimpan ke basis data; periksa riwayat alur kerja"
            " di Temporal.",
            data={"revision": revision},
        )

    def close(self, resolution: Resolution, *, actor: Actor = SYSTEM, reason: str = "") -> None:
        self.resolution = resolution
        self.closed_at = workflow.now()
        self.enter(Stage.CLOSED, actor=actor, reason=reason or None)
        self._event(
            "closed",
            f"Closed: {resolution.value}",
            actor=actor,
            data={"resolution": resolution.value},
        )

    def log(
        self, type: str, summary: str, *, actor: Actor = SYSTEM, data: dict[str, Any] | None = None
    ) -> None:
        """A timeline entry that changes nothing else (an SLA reminder, a refusal, a decision)."""
        self._event(type, summary, actor=actor, data=data)

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
        self._pending.notices.append(
            self._new_notice(audience, text, kind=kind, user=user, channel=channel)
        )
        self._touch()

    def card_notice(self, audience: Audience) -> Notice:
        """A card post or rewrite, for the writer: the delivery builds the card from what was
        written (`core.cards`), so the card itself never enters the history."""
        return self._new_notice(audience, "", kind=NoticeKind.CARD)

    def _new_notice(
        self,
        audience: Audience,
        text: str,
        *,
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

    # -- the read model -----------------------------------------------------------------------

    def row(self) -> dict[str, Any]:
        """The incident row as this state projects it (columns of `core.tables.Incident`)."""
        row = report_row(self.id, self.report, self.reporter, self.reported_at)
        triage = self.triage
        if triage is not None:
            row.update(
                severity=triage.severity,
                risk_score=triage.risk_score,
                risk_factors=triage.factors,
                topics=triage.topics,
                normalized_claim=triage.normalized_claim,
                language=self.language,
            )
        row.update(
            stage=self.stage.value,
            resolution=self.resolution.value if self.resolution else None,
            verdict=self.verification.verdict.value if self.verification else None,
            verification=self.verification.row() if self.verification else None,
            draft_version=self.draft.version if self.draft else None,
            duplicate_of=self.duplicate_of,
            archive_match=_match_row(self.archived) if self.archived else None,
            needs_attention=self.needs_attention,
            notification_error=self.notification_error,
            publish_at=self.publish_at,
            deadlines={stage.value: d.row() for stage, d in self.deadlines.items()},
            closed_at=self.closed_at,
        )
        return row

    @property
    def dirty(self) -> bool:
        return self.changes > self.taken

    def take_changes(self) -> tuple[IncidentChanges, list[Notice]]:
        """What the read model lacks, as one write, and the notices that tell of it."""
        self.revision += 1
        self.taken = self.changes
        row = self.row()
        changed = {name: value for name, value in row.items() if self._row.get(name) != value}
        self._row = row
        pending, self._pending = self._pending, Pending()
        changes = IncidentChanges(
            incident_id=self.id,
            revision=self.revision,
            at=workflow.now(),
            columns=_jsonable(changed),
            events=pending.events,
            drafts=pending.drafts,
            decisions=pending.decisions,
            publications=pending.publications,
            archive=self.closed and self.resolution == Resolution.PUBLISHED,
        )
        return changes, pending.notices

    def _touch(self) -> None:
        self.changes += 1

    def _event(
        self,
        type: str,
        summary: str,
        *,
        actor: Actor = SYSTEM,
        data: dict[str, Any] | None = None,
        at: datetime | None = None,
    ) -> None:
        self._pending.events.append(
            Entry(
                seq=self._seq,
                at=at or workflow.now(),
                type=type,
                stage=self.stage.value,
                summary=summary,
                actor=None if actor == SYSTEM else actor,
                data=data or {},
            )
        )
        self._seq += 1
        self._touch()


def _match_row(match: ArchiveMatch) -> dict[str, Any]:
    return {
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


def _jsonable(columns: dict[str, Any]) -> dict[str, Any]:
    """Datetimes as ISO text: the write turns them back by the column's type."""
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in columns.items()}
