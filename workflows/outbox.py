"""The incident's way out: writes of the read model, then the notices each write allows.

One writer sends what changed, once per workflow task that changed the state, by an activity:
an activity runs only after the task that scheduled it is recorded, so the read model never
shows what the workflow has not durably recorded. People hear of a change only once it is in
the read model they will open: notices and card rewrites wait for their write, then go out one
at a time, in order, off the main path; a slow or rate-limited Slack never holds up the
lifecycle.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities import contract
    from activities.types import IncidentChanges, Notice
    from core.cards import APPROVAL_CARD_COLUMNS, joined_view, verification_view
    from core.domain import Audience, NoticeKind, Resolution, Stage
    from core.incident_row import report_row
    from workflows.state import IncidentState, match_json

# A card is rewritten only when what it shows changed (`core.cards.verification_view`).
CARDS_AS_SHOWN = "cards-rewritten-as-shown"
# The verification card shows the reports joined to the incident, with "is this the same
# hoax?" (`core.cards.joined_view`): a report joining or judged rewrites it.
JOINED_ON_CARD = "joined-reports-on-the-verification-card"
_VERIFICATION_CARD_COLUMNS_BEFORE = frozenset(
    {"stage", "resolution", "severity", "risk_score", "risk_factors", "verdict", "deadlines"}
)

STEP_TIMEOUT = timedelta(seconds=30)
# A write takes milliseconds; an attempt lost on its way (a worker gone, a task dropped under
# load) is retried after this, well inside the API's 20 s wait for an update's answer.
WRITE_TIMEOUT = timedelta(seconds=8)
# Writing the read model must never give up: a database outage only delays it.
WRITE_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1), maximum_interval=timedelta(seconds=30)
)
DELIVERY_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    maximum_interval=timedelta(seconds=60),
    maximum_attempts=10,
)


def row(state: IncidentState) -> dict[str, Any]:
    """The incident row as the state projects it (columns of `core.tables.Incident`)."""
    projected = report_row(state.id, state.report, state.reporter, state.reported_at)
    if (triage := state.triage) is not None:
        projected |= {
            "severity": triage.severity,
            "risk_score": triage.risk_score,
            "risk_factors": triage.factors,
            "topics": triage.topics,
            "normalized_claim": triage.normalized_claim,
            "language": state.report.language or triage.language,
        }
    verification = state.verification
    return projected | {
        "stage": state.stage.value,
        "resolution": state.resolution.value if state.resolution else None,
        "verdict": verification.verdict.value if verification else None,
        "verification": {
            "summary": verification.summary,
            "evidence_urls": verification.evidence_urls,
            "authority": verification.authority,
            "checklist": verification.checklist,
            "verified_by": verification.by.name,
            "media_authenticity": verification.media_authenticity,
        }
        if verification
        else None,
        "draft_version": state.draft.version if state.draft else None,
        "duplicate_of": state.duplicate_of,
        "archive_match": match_json(state.archived) if state.archived else None,
        "needs_attention": state.needs_attention,
        "notification_error": state.notification_error,
        "publish_at": state.publish_at,
        # A start and a length: the write spells out the reminder and the due moment.
        "deadlines": {stage.value: due.started() for stage, due in state.deadlines.items()},
        "closed_at": state.closed_at,
    }


class Outbox:
    def __init__(self, state: IncidentState) -> None:
        self.state = state
        self.revision = 0  # of the read model: one per write
        self.taken = 0  # `state.changes` as of the write under way (or the last one)
        self.written = 0  # `state.changes` up to which the read model is written
        self.refused: list[tuple[int, int]] = []  # change ranges the database refused
        self.queue: list[Notice] = []  # delivered in order
        self.ended = False  # the workflow changes nothing more
        self.writer_done = False
        # The row as the read model has it after the last write: at first, as the report's
        # writer stored it (`core.reports`); each write carries only what differs.
        self._row = report_row(state.id, state.report, state.reporter, state.reported_at)
        self._verification_shown: tuple[Any, ...] = ()  # as the last rewrite asked shows it
        self._patched: bool | None = None
        self._joined_patched: bool | None = None
        self._joined_written: tuple[Any, ...] = ()  # the joined reports as of `_row`
        self.unreported = False  # the read model has no row for it (`write` explains)

    @property
    def dirty(self) -> bool:
        return self.state.changes > self.taken

    def refused_change(self, mark: int) -> bool:
        return any(low < mark <= high for low, high in self.refused)

    async def write(self) -> None:
        """Once per workflow task that changed the state: one write of what changed."""
        state = self.state
        while True:
            # After the end, a notice that failed still has its failure written.
            await workflow.wait_condition(lambda: self.dirty or (self.ended and not self.queue))
            if not self.dirty:
                self.writer_done = True
                return
            if self.unreported:  # nothing can be written, nor told: the changes are dropped
                self.taken = self.written = state.changes
                state.pending = type(state.pending)()
                continue
            before = self.taken
            changes, notices = self._take()
            try:
                await workflow.execute_activity(
                    contract.write_incident,
                    changes,
                    start_to_close_timeout=WRITE_TIMEOUT,
                    retry_policy=WRITE_RETRY,
                )
            except ActivityError as exc:
                if _refused(exc, "NoRow"):
                    # Nobody reported it, so nobody can ever see it or act on it: it ends here.
                    workflow.logger.error(
                        "%s has no row in the read model: an incident's workflow is started by"
                        " whoever writes its report (core.reports); closed as failed",
                        state.id,
                    )
                    self.unreported = True
                    self.taken = self.written = state.changes
                    if not state.closed:
                        state.close(Resolution.FAILED, reason="no report row")
                    continue
                if not _refused(exc, "BadData"):
                    raise
                # No retry can store these rows: the incident asks for attention and goes on;
                # an update that brought them fails (`refused_change`).
                workflow.logger.error("read model refused %s r%s", state.id, changes.revision)
                self.refused.append((before, self.taken))
                self.written = self.taken
                state.persist_failed(changes.revision)
                continue
            self.written = self.taken
            self.queue.extend(self._card_rewrites(changes))
            self.queue.extend(notices)

    async def deliver(self) -> None:
        """One notice at a time, in order. A Slack that refuses for good is recorded on the
        timeline and flagged, and the incident carries on (decisions via the API)."""
        while True:
            await workflow.wait_condition(lambda: bool(self.queue) or self.writer_done)
            if not self.queue:
                return
            notice = self.queue[0]
            try:
                await workflow.execute_activity(
                    contract.deliver_notice,
                    notice,
                    start_to_close_timeout=STEP_TIMEOUT,
                    retry_policy=DELIVERY_RETRY,
                )
            except ActivityError as exc:
                cause = exc.cause
                reason = cause.message if isinstance(cause, ApplicationError) else "delivery failed"
                self.state.notification_failed(notice, reason)
            self.queue.pop(0)

    def _take(self) -> tuple[IncidentChanges, list[Notice]]:
        state = self.state
        self.revision += 1
        self.taken = state.changes
        now = row(state)
        changed = {name: value for name, value in now.items() if self._row[name] != value}
        if "deadlines" in changed:
            # Deadlines only ever join or replace: the write merges the stages that changed.
            before = self._row["deadlines"]
            changed["deadlines"] = {
                stage: due for stage, due in now["deadlines"].items() if before.get(stage) != due
            }
        self._row = now
        self._joined_written = joined_view(state.linked, state.duplicates_judged)
        pending = state.pending
        state.pending = type(pending)()
        at = workflow.now()
        changes = IncidentChanges(
            incident_id=state.id,
            revision=self.revision,
            at=at,
            columns={k: _jsonable(v) for k, v in changed.items()},
            # An entry of this moment takes the write's: its own need not travel.
            events=[replace(e, at=None) if e.at == at else e for e in pending.events],
            drafts=pending.drafts,
            decisions=pending.decisions,
            publications=pending.publications,
            archive=state.closed and state.resolution == Resolution.PUBLISHED,
        )
        return changes, pending.notices

    def _card_rewrites(self, changes: IncidentChanges) -> list[Notice]:
        """A card post or rewrite wherever the write changed what a card shows; the delivery
        builds the card from the read model (`core.cards`), so no card enters the history."""
        if not self._cards_as_shown():
            return self._card_rewrites_by_column(changes)
        written = self._row  # as this write left the read model: a card shows no more
        if Stage.VERIFICATION.value not in written["deadlines"]:
            return []  # nobody has been asked yet: no card
        touched = changes.columns.keys()
        audiences = []
        view = verification_view(written)
        if self._joined_on_card():
            view += self._joined_written
        if view != self._verification_shown:
            self._verification_shown = view
            audiences.append(Audience.VERIFICATION)
        if written["draft_version"] is not None and (
            touched & APPROVAL_CARD_COLUMNS or changes.drafts or changes.decisions
        ):
            audiences.append(Audience.APPROVAL)
        # A rewrite still waiting reads the read model when it goes out, so it shows this
        # write too: a second one for the same card would send the same card again.
        waiting = {n.audience for n in self.queue[1:] if n.kind == NoticeKind.CARD}
        return [
            self.state.new_notice(audience, "", NoticeKind.CARD)
            for audience in audiences
            if audience not in waiting
        ]

    def _cards_as_shown(self) -> bool:
        """Incidents started before this change rewrite cards by the columns a write touched
        (and may rewrite one twice); their histories replay only on that path."""
        if self._patched is None:
            self._patched = workflow.patched(CARDS_AS_SHOWN)
        return self._patched

    def _joined_on_card(self) -> bool:
        """Incidents started before this change do not rewrite the card for joined reports."""
        if self._joined_patched is None:
            self._joined_patched = workflow.patched(JOINED_ON_CARD)
        return self._joined_patched

    def _card_rewrites_by_column(self, changes: IncidentChanges) -> list[Notice]:
        # Deprecated with CARDS_AS_SHOWN: remove once no incident started before it runs.
        state = self.state
        if Stage.VERIFICATION not in state.deadlines:
            return []
        touched = changes.columns.keys()
        audiences = []
        if touched & _VERIFICATION_CARD_COLUMNS_BEFORE:
            audiences.append(Audience.VERIFICATION)
        if state.draft and (touched & APPROVAL_CARD_COLUMNS or changes.drafts or changes.decisions):
            audiences.append(Audience.APPROVAL)
        return [state.new_notice(audience, "", NoticeKind.CARD) for audience in audiences]


def _jsonable(value: Any) -> Any:
    """Datetimes as ISO text: the write turns them back by the column's type."""
    return value.isoformat() if isinstance(value, datetime) else value


def _refused(exc: ActivityError, kind: str) -> bool:
    return isinstance(exc.cause, ApplicationError) and exc.cause.type == kind
