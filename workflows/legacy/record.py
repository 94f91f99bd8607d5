"""The incident's state inside its workflow, and how changes reach the read model.

Changes are buffered (events, drafts, decisions, publications, notices) and flushed by one
`persist_incident` activity; ids are deterministic, so a retried flush writes nothing twice.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.types import (
        Card,
        DecisionEntry,
        DraftVersion,
        Event,
        Notice,
        PersistRequest,
        PublicationResult,
        Snapshot,
    )
    from core.domain import SYSTEM, Actor, Audience, NoticeKind, Resolution, Stage, event_id
    from core.drafting import draft_changes
    from workflows.types import IncidentInput

# Writing the read model must never give up: a database outage only delays it.
PERSIST_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1), maximum_interval=timedelta(seconds=30)
)
PERSIST_TIMEOUT = timedelta(seconds=30)


class IncidentRecord:
    def __init__(self, inp: IncidentInput) -> None:
        self.id = inp.incident_id
        self.snapshot = Snapshot(
            id=inp.incident_id,
            revision=0,
            stage=Stage.REPORTED.value,
            claim=inp.report.claim,
            report=inp.report,
            reporter=inp.reporter,
            created_at=inp.reported_at,
            updated_at=inp.reported_at,
            language=inp.report.language,
        )
        self.seq = 0
        self.drafts: list[DraftVersion] = []
        self.decisions: list[DecisionEntry] = []
        self.publications: dict[str, PublicationResult] = {}
        # What each channel shows readers now (the last successful publication or correction).
        self.live: dict[str, PublicationResult] = {}
        self.retry_requested = False  # an admin asked to retry failed publications
        self.outbox: list[Notice] = []  # delivered in order by the notice pump
        self.notice_seq = 0
        self.card_builder: Callable[[], list[Card]] | None = None
        self._shown_cards: dict[str, Card] = {}
        self._pending_notices: list[Notice] = []
        self.seen_interactions: set[str] = set()  # Slack retries and double clicks
        self.retry_only: str | None = None  # ... of this one channel
        self.retraction: tuple[Actor, str] | None = None  # who asked to retract, and why
        self.embargo_over = False  # publishing began: a schedule cannot change any more
        self.correction_reason = ""  # why the version being approved corrects the last one
        # Who recorded the verdict: the author of every draft composed from it.
        self.verifier: Actor | None = None
        self.composed_versions: set[int] = set()  # drafts composed from the verification
        self.embargo_by: Actor | None = None  # who set the embargo now in force
        # False only in incidents whose first decision predates approvals bound to versions
        # (`workflow.patched("approval-per-version-per-person")`): their replay counts as then.
        self.per_version_approvals = True
        self.epoch = 0  # bumped at every stage change; SLA watchers stop when it moves
        self._pending = PersistRequest(snapshot=self.snapshot)
        self._lock = asyncio.Lock()
        # Same id and time as the row the API wrote, so the two never make two events.
        self.event(
            "reported",
            "Claim reported",
            actor=inp.reporter,
            at=inp.reported_at,
            data={
                "platform": inp.report.platform,
                "reach": inp.report.reach,
                "media_type": inp.report.media_type,
            },
        )

    @property
    def stage(self) -> Stage:
        return Stage(self.snapshot.stage)

    @property
    def closed(self) -> bool:
        return self.stage == Stage.CLOSED

    @property
    def draft(self) -> DraftVersion | None:
        return self.drafts[-1] if self.drafts else None

    def event(
        self,
        type: str,
        summary: str,
        *,
        actor: Actor = SYSTEM,
        data: dict[str, Any] | None = None,
        at: datetime | None = None,
    ) -> Event:
        created = Event(
            id=event_id(self.id, self.seq),
            incident_id=self.id,
            seq=self.seq,
            at=at or workflow.now(),
            type=type,
            stage=self.snapshot.stage,
            actor=actor,
            summary=summary,
            data=data or {},
        )
        self.seq += 1
        self._pending.events.append(created)
        return created

    def notice(
        self,
        audience: str,
        text: str,
        *,
        kind: str = "thread",
        card: Card | None = None,
        user: str | None = None,
        channel: str | None = None,
    ) -> None:
        self._pending_notices.append(
            self._notice(audience, text, kind=kind, card=card, user=user, channel=channel)
        )

    def _notice(
        self,
        audience: str,
        text: str,
        *,
        kind: str,
        card: Card | None = None,
        user: str | None = None,
        channel: str | None = None,
    ) -> Notice:
        self.notice_seq += 1
        return Notice(
            id=f"{self.id}:n{self.notice_seq:04d}:{kind}:{audience}",
            incident_id=self.id,
            audience=Audience(audience),
            text=text,
            at=workflow.now(),
            kind=NoticeKind(kind),
            card=card,
            stage=self.snapshot.stage,
            user=user,
            channel=channel,
        )

    def _changed_cards(self) -> list[Notice]:
        """A card post or rewrite wherever what a card shows has changed."""
        changed: list[Notice] = []
        for card in self.card_builder() if self.card_builder else []:
            if self._shown_cards.get(card.audience) != card:
                self._shown_cards[card.audience] = card
                changed.append(self._notice(card.audience, card.status, kind="card", card=card))
        return changed

    def add_draft(self, title: str, body: str, language: str, author: Actor, hash_: str) -> None:
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
        self._pending.drafts.append(version)
        self.snapshot.draft_version = version.version
        data: dict[str, Any] = {"version": version.version, "hash": hash_, "language": language}
        summary = f"Draft v{version.version}: {title}"
        if previous is not None:  # what changed, so the timeline shows what was approved
            changes = draft_changes(
                previous.title, previous.body, previous.language, title, body, language
            )
            data["changes"] = changes
            summary += f" (+{changes['lines_added']}/-{changes['lines_removed']} lines)"
        self.event("draft_version", summary, actor=author, data=data)

    def add_decision(self, entry: DecisionEntry) -> None:
        self.decisions.append(entry)
        self._pending.decisions.append(entry)

    def add_publication(self, result: PublicationResult) -> None:
        self.publications[result.channel] = result
        self._pending.publications.append(result)
        if result.status == "published":
            self.live[result.channel] = result
        elif result.status == "retracted":
            self.live.pop(result.channel, None)

    def enter(self, stage: Stage, *, actor: Actor = SYSTEM, reason: str | None = None) -> None:
        previous = self.snapshot.stage
        self.snapshot.stage = stage.value
        self.epoch += 1
        data: dict[str, Any] = {"from": previous, "to": stage.value}
        if reason:
            data["reason"] = reason
        self.event("stage_changed", f"{previous} → {stage.value}", actor=actor, data=data)

    def close(self, resolution: Resolution, *, actor: Actor = SYSTEM, reason: str = "") -> None:
        self.snapshot.resolution = resolution.value
        self.snapshot.closed_at = workflow.now()
        self.enter(Stage.CLOSED, actor=actor, reason=reason or None)
        self.event(
            "closed",
            f"Closed: {resolution.value}",
            actor=actor,
            data={"resolution": resolution.value},
        )

    async def persist(self) -> None:
        async with self._lock:
            self.snapshot.revision += 1
            self.snapshot.updated_at = workflow.now()
            request, self._pending = self._pending, PersistRequest(snapshot=self.snapshot)
            request.snapshot = copy.deepcopy(self.snapshot)
            notices, self._pending_notices = self._pending_notices, []
            # A local activity: the write runs in this worker without a round trip through the
            # server, so an Update (a decision) answers as soon as its row is in the database.
            try:
                await workflow.execute_local_activity(
                    "persist_incident",
                    request,
                    start_to_close_timeout=PERSIST_TIMEOUT,
                    retry_policy=PERSIST_RETRY,
                )
            except (ActivityError, ApplicationError) as exc:
                if not _refused_as_data(exc):
                    raise
                # No retry can store these rows: the incident asks for attention and goes on.
                # An update that brought them fails; the lifecycle itself must not.
                workflow.logger.error(
                    "read model refused %s r%s", self.id, request.snapshot.revision
                )
                self.snapshot.needs_attention = True
                self.event(
                    "persist_failed",
                    "Sebagian perubahan tidak dapat disimpan ke basis data; periksa riwayat"
                    " alur kerja di Temporal.",
                    data={"revision": request.snapshot.revision},
                )
                if workflow.current_update_info() is not None:
                    raise
                return
            # People hear of a change only once it is in the read model they will open.
            self.outbox.extend(self._changed_cards())
            self.outbox.extend(notices)


def _refused_as_data(exc: ActivityError | ApplicationError) -> bool:
    # A local activity's failure reaches the workflow as the ApplicationError itself or, by
    # other paths, wrapped in an ActivityError.
    cause = exc.cause if isinstance(exc, ActivityError) else exc
    return isinstance(cause, ApplicationError) and cause.type == "BadData"
