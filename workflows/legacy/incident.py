"""IncidentWorkflow as before issue 19, frozen (see workflows/legacy/__init__.py): one
misinformation incident, from report to closure (SPEC §2).

Reads top to bottom like the lifecycle: triage, verification, drafting, approval, publishing,
monitoring, closed. People act through Updates whose validators refuse what the rules forbid,
so the API can answer at once; the SLA watcher reminds and escalates, and never decides.
"""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.types import (
        ArchiveMatch,
        ComposedDraft,
        IncidentRules,
        TriageRequest,
        TriageResult,
    )
    from core.domain import Actor, Resolution, Stage
    from core.drafting import draft_hash
    from workflows.legacy.cards import build_cards
    from workflows.legacy.follow_up import FollowUpActions
    from workflows.legacy.notices import pump_notices
    from workflows.legacy.publishing import publish_approved, retract_published, retry_one_channel
    from workflows.legacy.record import IncidentRecord
    from workflows.types import (
        DuplicateReport,
        IncidentInput,
    )

STEP_TIMEOUT = timedelta(seconds=30)


@workflow.defn(name="IncidentWorkflow")
class LegacyIncidentWorkflow(FollowUpActions):  # <- ComposingActions <- IncidentActions
    @workflow.init
    def __init__(self, inp: IncidentInput) -> None:
        self.record = IncidentRecord(inp)
        self.rules: IncidentRules | None = None
        self.sla_watch: asyncio.Task[None] | None = None
        self.finished = False
        # An archived counter-statement this claim recycles: the starting draft.
        self.archived: ArchiveMatch | None = None

    @workflow.run
    async def run(self, inp: IncidentInput) -> str:
        record = self.record
        pump = asyncio.create_task(pump_notices(record, lambda: self.finished))
        await record.persist()
        self.rules = await workflow.execute_activity(
            "load_rules", start_to_close_timeout=STEP_TIMEOUT, result_type=IncidentRules
        )
        record.card_builder = lambda: build_cards(record, self._rules())
        if not record.closed:
            await self._triage(inp)
        if not record.closed:
            await self._verify_and_draft(inp)
        # Publication, then monitoring; a correction comes back through approval to here.
        while not record.closed:
            await workflow.wait_condition(
                lambda: (
                    record.closed
                    or record.stage == Stage.PUBLISHING
                    or record.retraction is not None
                )
            )
            if record.retraction is not None:
                await self._retract(*record.retraction)
                break
            if record.closed:
                break
            await publish_approved(record, self._rules())
            if record.closed:
                break
            corrected = any(p.operation == "correction" for p in record.live.values())
            title = record.draft.title if record.draft else record.snapshot.claim[:120]
            word = "Koreksi" if corrected else "Klarifikasi"
            record.notice("announce", f"{word} terbit: {title}", kind="announce")
            self._enter(Stage.MONITORING)
            await record.persist()
            await self._monitor()
        await workflow.wait_condition(workflow.all_handlers_finished)
        self.finished = True
        await pump  # every notice (the closing card rewrite too) goes out before the end
        return record.snapshot.resolution or Resolution.FAILED.value

    # -- stages -------------------------------------------------------------------------------

    async def _triage(self, inp: IncidentInput) -> None:
        record = self.record
        self._enter(Stage.TRIAGE)
        await record.persist()
        result: TriageResult = await workflow.execute_activity(
            "triage_incident",
            TriageRequest(
                inp.incident_id,
                inp.report.claim,
                inp.report.reach,
                inp.report.media_type,
                inp.report.source_urls,
                inp.report.growth_per_hour,
            ),
            start_to_close_timeout=STEP_TIMEOUT,
            result_type=TriageResult,
        )
        if record.closed:
            return
        snap = record.snapshot
        snap.risk_score, snap.severity = result.risk_score, result.severity
        snap.risk_factors, snap.topics = result.factors, result.topics
        snap.normalized_claim = result.normalized_claim
        snap.language = snap.language or result.language
        record.event(
            "triaged",
            f"Risk {result.risk_score}/100, severity {result.severity}",
            data={
                "risk_score": result.risk_score,
                "severity": result.severity,
                "factors": result.factors,
                "topics": result.topics,
            },
        )
        if result.duplicate_of:
            await self._link_duplicate(result.duplicate_of, result.duplicate_similarity)
            return
        notice = f"Verifikasi diperlukan ({snap.severity}): {snap.claim}"
        if result.archive_match is not None:
            self.archived = match = result.archive_match
            snap.archive_match = dataclasses.asdict(match)
            record.event(
                "archive_match",
                f"Recycled hoax (HLBK): matches the earlier klarifikasi {match.title!r}",
                data=dataclasses.asdict(match),
            )
            notice += f"\nMirip klarifikasi terdahulu: {match.title} {match.url or ''}".rstrip()
        self._enter(Stage.VERIFICATION)
        if result.archive_match is not None:  # the card shows the rest
            record.notice("verification", notice)
        await record.persist()

    async def _link_duplicate(self, original: str, similarity: float) -> None:
        record = self.record
        report = DuplicateReport(record.id, record.snapshot.claim, similarity)
        try:
            await workflow.get_external_workflow_handle(original).signal(
                LegacyIncidentWorkflow.link_duplicate, report
            )
        except Exception as exc:  # the original closed meanwhile: the link stays on this side
            workflow.logger.warning("could not link %s to %s: %s", record.id, original, exc)
        record.snapshot.duplicate_of = original
        record.event(
            "duplicate_detected",
            f"Duplicate of open incident {original}",
            data={"duplicate_of": original, "similarity": similarity},
        )
        record.close(Resolution.DUPLICATE, reason=f"duplicate of {original}")
        await record.persist()

    async def _verify_and_draft(self, inp: IncidentInput) -> None:
        record = self.record
        await workflow.wait_condition(lambda: record.closed or record.stage == Stage.DRAFTING)
        if record.closed:
            return
        if self.archived is not None:
            # A recycled hoax starts from the counter-statement already approved once.
            archived = self.archived
            if record.draft is None:
                self._start_draft(ComposedDraft(archived.title, archived.body, archived.language))
                await record.persist()
            return
        language = "en" if inp.report.language == "en" else self._rules().language
        composed = await self._compose(language)
        if record.closed or record.draft is not None:
            return
        self._start_draft(composed)
        await record.persist()

    def _start_draft(self, composed: ComposedDraft) -> None:
        record = self.record
        record.add_draft(
            composed.title,
            composed.body,
            composed.language,
            self._composer(),
            draft_hash(composed.title, composed.body, composed.language),
        )
        record.composed_versions.add(len(record.drafts))
        self._request_approval()

    async def _monitor(self) -> None:
        """Closes as published after the window, unless a correction or retraction came.

        An admin may retry a failed optional channel meanwhile; the window keeps its end.
        """
        record = self.record
        minutes = self._severity_rules().monitoring_minutes
        if minutes:
            ends = workflow.now() + timedelta(minutes=minutes)
            while (remaining := ends - workflow.now()) > timedelta(0):
                try:
                    await workflow.wait_condition(
                        lambda: (
                            record.closed
                            or record.stage != Stage.MONITORING
                            or record.retraction is not None
                            or record.retry_requested
                        ),
                        timeout=remaining,
                    )
                except TimeoutError:
                    break
                if not record.retry_requested or record.closed or record.retraction:
                    return
                await retry_one_channel(record, self._rules())
        if not record.closed and record.retraction is None:
            record.close(Resolution.PUBLISHED)
            await record.persist()

    async def _retract(self, actor: Actor, reason: str) -> None:
        record = self.record
        await retract_published(record, self._rules(), reason)
        left = sorted(record.live)
        record.snapshot.needs_attention = bool(left)
        if left:  # what could not be withdrawn must be taken down by hand
            record.event(
                "needs_attention",
                "Retraction failed on: " + ", ".join(left),
                data={"channels": left},
            )
            record.notice(
                "approval", f"Pencabutan gagal ({', '.join(left)}): {record.id}", kind="escalation"
            )
        record.close(Resolution.RETRACTED, actor=actor, reason=reason)
        await record.persist()
