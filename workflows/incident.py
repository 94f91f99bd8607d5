"""IncidentWorkflow: one misinformation incident, from report to closure (SPEC §2).

Reads top to bottom like the lifecycle: triage, verification, drafting, approval, publishing,
monitoring, closed. People act through Updates whose validators refuse what the rules forbid,
so the API can answer at once; the SLA watcher reminds and escalates, and never decides.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.types import (
        ChannelRules,
        ComposedDraft,
        ComposeRequest,
        IncidentRules,
        PublicationResult,
        PublishRequest,
        SeverityRules,
        TriageRequest,
        TriageResult,
    )
    from core.domain import SLA_STAGES, SYSTEM, Decision, Resolution, Stage, Verdict
    from core.drafting import draft_hash
    from workflows import checks
    from workflows.approval import tally
    from workflows.record import IncidentRecord
    from workflows.types import (
        CancelInput,
        DecisionInput,
        DraftEditInput,
        DuplicateReport,
        IncidentInput,
        UpdateOutcome,
        VerificationInput,
    )

STEP_TIMEOUT = timedelta(seconds=30)
PUBLISH_TIMEOUT = timedelta(seconds=30)
# The publisher heartbeats during its HTTP call: a killed worker is noticed after this.
PUBLISH_HEARTBEAT = timedelta(seconds=5)


@workflow.defn(name="IncidentWorkflow")
class IncidentWorkflow:
    @workflow.init
    def __init__(self, inp: IncidentInput) -> None:
        self.record = IncidentRecord(inp)
        self.rules: IncidentRules | None = None
        self.retry_requested = False
        self.sla_watch: asyncio.Task[None] | None = None

    @workflow.run
    async def run(self, inp: IncidentInput) -> str:
        record = self.record
        await record.persist()
        self.rules = await workflow.execute_activity(
            "load_rules", start_to_close_timeout=STEP_TIMEOUT, result_type=IncidentRules
        )
        if not record.closed:
            await self._triage(inp)
        if not record.closed:
            await self._verify_and_draft(inp)
        if not record.closed:
            await workflow.wait_condition(lambda: record.closed or record.stage == Stage.PUBLISHING)
        if not record.closed:
            await self._publish()
        if not record.closed:
            await self._monitor()
        await workflow.wait_condition(workflow.all_handlers_finished)
        return record.snapshot.resolution or Resolution.FAILED.value

    # -- stages -------------------------------------------------------------------------------

    async def _triage(self, inp: IncidentInput) -> None:
        record = self.record
        self._enter(Stage.TRIAGE)
        await record.persist()
        result: TriageResult = await workflow.execute_activity(
            "triage_incident",
            TriageRequest(
                inp.incident_id, inp.report.claim, inp.report.reach, inp.report.media_type
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
        self._enter(Stage.VERIFICATION)
        record.notice("verification", f"Verifikasi diperlukan ({snap.severity}): {snap.claim}")
        await record.persist()

    async def _link_duplicate(self, original: str, similarity: float) -> None:
        record = self.record
        report = DuplicateReport(record.id, record.snapshot.claim, similarity)
        try:
            await workflow.get_external_workflow_handle(original).signal(
                IncidentWorkflow.link_duplicate, report
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
        verification = record.snapshot.verification or {}
        composed: ComposedDraft = await workflow.execute_activity(
            "compose_draft",
            ComposeRequest(
                incident_id=record.id,
                claim=record.snapshot.claim,
                platform=inp.report.platform,
                reported_at=inp.reported_at,
                verdict=str(record.snapshot.verdict),
                summary=verification.get("summary", ""),
                evidence_urls=verification.get("evidence_urls", []),
                authority=verification.get("authority", ""),
                language="en" if inp.report.language == "en" else self._rules().language,
            ),
            start_to_close_timeout=STEP_TIMEOUT,
            result_type=ComposedDraft,
        )
        if record.closed or record.draft is not None:
            return
        record.add_draft(
            composed.title,
            composed.body,
            composed.language,
            SYSTEM,
            draft_hash(composed.title, composed.body, composed.language),
        )
        self._request_approval()
        await record.persist()

    async def _publish(self) -> None:
        record = self.record
        draft = record.draft
        assert draft is not None
        while True:
            for channel in self._rules().channels:
                done = record.publications.get(channel.name)
                if done and done.status == "published" and done.draft_version == draft.version:
                    continue
                result = await self._publish_one(channel, draft.version)
                record.add_publication(result)
                ok = result.status == "published"
                record.event(
                    "publication_" + ("succeeded" if ok else "failed"),
                    f"{channel.name}: "
                    + (result.url or "published" if ok else result.error or "failed"),
                    data={
                        "channel": channel.name,
                        "url": result.url,
                        "external_id": result.external_id,
                        "error": result.error,
                        "idempotency_key": result.idempotency_key,
                    },
                )
                await record.persist()
                if record.closed:
                    return
            failed = [
                c.name
                for c in self._rules().channels
                if c.required and record.publications[c.name].status != "published"
            ]
            if not failed:
                break
            record.snapshot.needs_attention = True
            record.event(
                "needs_attention",
                "Required channels failed: " + ", ".join(failed),
                data={"channels": failed},
            )
            record.notice("escalation", f"Publikasi gagal ({', '.join(failed)}): {record.id}")
            await record.persist()
            await workflow.wait_condition(lambda: record.closed or self.retry_requested)
            if record.closed:
                return
            self.retry_requested = False
        record.snapshot.needs_attention = False
        record.notice("announce", f"Klarifikasi terbit: {draft.title}")
        self._enter(Stage.MONITORING)
        await record.persist()

    async def _publish_one(self, channel: ChannelRules, version: int) -> PublicationResult:
        record = self.record
        draft = record.drafts[version - 1]
        try:
            result: PublicationResult = await workflow.execute_activity(
                "publish_to_channel",
                PublishRequest(
                    record.id,
                    channel.name,
                    draft.version,
                    draft.hash,
                    draft.title,
                    draft.body,
                    draft.language,
                    str(record.snapshot.verdict),
                    record.snapshot.claim,
                ),
                start_to_close_timeout=PUBLISH_TIMEOUT,
                heartbeat_timeout=PUBLISH_HEARTBEAT,
                result_type=PublicationResult,
                retry_policy=RetryPolicy(
                    initial_interval=timedelta(seconds=2),
                    maximum_interval=timedelta(seconds=60),
                    maximum_attempts=channel.max_attempts,
                ),
            )
            return result
        except ActivityError as exc:
            cause = exc.cause.message if isinstance(exc.cause, ApplicationError) else str(exc)
            return PublicationResult(
                channel=channel.name,
                idempotency_key=f"{record.id}:v{version}:{channel.name}",
                draft_version=version,
                status="failed",
                error=cause,
                attempts=channel.max_attempts,
            )

    async def _monitor(self) -> None:
        record = self.record
        minutes = self._severity_rules().monitoring_minutes
        if minutes:
            try:
                await workflow.wait_condition(
                    lambda: record.closed, timeout=timedelta(minutes=minutes)
                )
            except TimeoutError:
                pass
        if not record.closed:
            record.close(Resolution.PUBLISHED)
            await record.persist()

    # -- shared steps -------------------------------------------------------------------------

    def _rules(self) -> IncidentRules:
        assert self.rules is not None, "rules load before any stage"
        return self.rules

    def _severity_rules(self) -> SeverityRules:
        return self._rules().severities[self.record.snapshot.severity or "critical"]

    def _request_approval(self) -> None:
        record = self.record
        self._enter(Stage.APPROVAL)
        draft = record.draft
        assert draft is not None
        needed = tally(record.decisions, draft.hash, self._severity_rules()).describe()
        record.notice("approval", f"Persetujuan diperlukan ({needed}): {draft.title}")

    def _enter(self, stage: Stage, **kwargs: object) -> None:
        self.record.enter(stage, **kwargs)  # type: ignore[arg-type]
        if stage in SLA_STAGES and self.rules is not None:
            if self.record.snapshot.severity:
                minutes = self._severity_rules().sla_minutes[stage.value]
            else:  # triage runs before the severity is known: hold it to the strictest SLA
                minutes = min(s.sla_minutes[stage.value] for s in self._rules().severities.values())
            now = workflow.now()
            self.record.snapshot.deadlines[stage.value] = {
                "started_at": now.isoformat(),
                "sla_minutes": minutes,
                "reminder_at": (now + timedelta(minutes=minutes / 2)).isoformat(),
                "due_at": (now + timedelta(minutes=minutes)).isoformat(),
            }
            self.sla_watch = asyncio.create_task(self._watch_sla(stage, self.record.epoch, minutes))

    async def _watch_sla(self, stage: Stage, epoch: int, minutes: int) -> None:
        """Reminder at 50 %, escalation at 100 %; silence never approves anything."""
        record = self.record
        half = timedelta(minutes=minutes / 2)
        for step, audience in (("reminder", "reminder"), ("escalation", "escalation")):
            try:
                await workflow.wait_condition(lambda: record.epoch != epoch, timeout=half)
                return  # the stage moved on in time
            except TimeoutError:
                pass
            record.event(
                f"sla_{step}",
                f"SLA {step}: {stage.value} "
                + ("half-way" if step == "reminder" else f"overdue ({minutes} min)"),
                data={"stage": stage.value, "sla_minutes": minutes},
            )
            record.notice(audience, f"SLA {step} — {stage.value}: {record.snapshot.claim[:120]}")
            await record.persist()

    # -- people acting: updates (validated before they are accepted) and a signal -------------

    @workflow.update
    async def verify(self, inp: VerificationInput) -> UpdateOutcome:
        checks.verification(self.record, self.rules, inp)
        record, snap = self.record, self.record.snapshot
        snap.verdict = inp.verdict
        snap.verification = {
            "summary": inp.summary,
            "evidence_urls": inp.evidence_urls,
            "authority": inp.authority,
            "checklist": inp.checklist,
            "verified_by": inp.actor.name,
        }
        record.event(
            "verified",
            f"Verdict: {inp.verdict}",
            actor=inp.actor,
            data={
                "verdict": inp.verdict,
                "summary": inp.summary,
                "evidence_urls": inp.evidence_urls,
                "checklist": inp.checklist,
            },
        )
        if inp.verdict == Verdict.TRUE:
            record.close(Resolution.CLAIM_TRUE, actor=inp.actor, reason="the claim is true")
        else:
            self._enter(Stage.DRAFTING, actor=inp.actor)
        await record.persist()
        return self._outcome(f"verdict {inp.verdict} recorded")

    @verify.validator
    def _validate_verify(self, inp: VerificationInput) -> None:
        checks.verification(self.record, self.rules, inp)

    @workflow.update
    async def edit_draft(self, inp: DraftEditInput) -> UpdateOutcome:
        checks.draft_edit(self.record, inp)
        record = self.record
        new_hash = draft_hash(inp.title, inp.body, inp.language)
        current = record.draft
        assert current is not None
        if new_hash == current.hash:
            return self._outcome("unchanged: the draft already has this text")
        voided = tally(record.decisions, current.hash, self._severity_rules()).approvals
        record.add_draft(inp.title, inp.body, inp.language, inp.actor, new_hash)
        if voided:
            record.event(
                "approvals_voided",
                f"{voided} approval(s) of v{current.version} voided",
                actor=inp.actor,
                data={"voided_hash": current.hash, "count": voided},
            )
        if record.stage == Stage.DRAFTING:
            self._request_approval()
        else:
            record.notice("approval", f"Draft diubah (v{len(record.drafts)}): {inp.title}")
        await record.persist()
        return self._outcome(f"draft v{len(record.drafts)} saved")

    @edit_draft.validator
    def _validate_edit_draft(self, inp: DraftEditInput) -> None:
        checks.draft_edit(self.record, inp)

    @workflow.update
    async def decide(self, inp: DecisionInput) -> UpdateOutcome:
        checks.decision(self.record, inp)
        record = self.record
        draft = record.draft
        assert draft is not None
        if checks.already_approved(record, inp):
            return self._outcome("already approved by you")
        record.add_decision(checks.decision_entry(record, inp, workflow.now()))
        if inp.decision == Decision.APPROVE:
            result = tally(record.decisions, draft.hash, self._severity_rules())
            record.event(
                "approved",
                f"Approved v{draft.version} ({result.describe()})",
                actor=inp.actor,
                data={
                    "draft_hash": draft.hash,
                    "version": draft.version,
                    "approvals": result.approvals,
                    "needed": result.needed,
                },
            )
            if result.satisfied:
                record.event(
                    "approval_complete",
                    f"v{draft.version} approved for publication",
                    data={"draft_hash": draft.hash, "version": draft.version},
                )
                self._enter(Stage.PUBLISHING)
        else:
            label = "Rejected" if inp.decision == Decision.REJECT else "Changes requested"
            record.event(
                inp.decision,
                f"{label}: {inp.reason}",
                actor=inp.actor,
                data={"draft_hash": draft.hash, "reason": inp.reason},
            )
            self._enter(Stage.DRAFTING, actor=inp.actor, reason=inp.reason)
            record.notice("approval", f"{label} ({record.id}): {inp.reason}")
        await record.persist()
        return self._outcome(f"{inp.decision} recorded")

    @decide.validator
    def _validate_decide(self, inp: DecisionInput) -> None:
        checks.decision(self.record, inp)

    @workflow.update
    async def cancel(self, inp: CancelInput) -> UpdateOutcome:
        checks.cancel(self.record, inp)
        self.record.event(
            "cancelled", f"Cancelled: {inp.reason}", actor=inp.actor, data={"reason": inp.reason}
        )
        self.record.close(Resolution.CANCELLED, actor=inp.actor, reason=inp.reason)
        await self.record.persist()
        return self._outcome("cancelled")

    @cancel.validator
    def _validate_cancel(self, inp: CancelInput) -> None:
        checks.cancel(self.record, inp)

    @workflow.update
    async def retry_publishing(self, inp: CancelInput) -> UpdateOutcome:
        checks.retry_publishing(self.record, inp)
        self.retry_requested = True
        self.record.event(
            "publication_retry",
            f"Retry requested: {inp.reason}",
            actor=inp.actor,
            data={"reason": inp.reason},
        )
        await self.record.persist()
        return self._outcome("publication retry requested")

    @retry_publishing.validator
    def _validate_retry_publishing(self, inp: CancelInput) -> None:
        checks.retry_publishing(self.record, inp)

    @workflow.signal
    async def link_duplicate(self, report: DuplicateReport) -> None:
        self.record.event(
            "duplicate_linked",
            f"Same claim reported again as {report.incident_id}",
            data={
                "incident_id": report.incident_id,
                "claim": report.claim,
                "similarity": report.similarity,
            },
        )
        await self.record.persist()

    def _outcome(self, message: str) -> UpdateOutcome:
        record, draft = self.record, self.record.draft
        counted = (
            tally(record.decisions, draft.hash, self._severity_rules())
            if draft and self.rules and record.snapshot.severity
            else None
        )
        return UpdateOutcome(
            incident_id=record.id,
            stage=record.stage.value,
            draft_version=draft.version if draft else None,
            draft_hash=draft.hash if draft else None,
            approvals=counted.approvals if counted else 0,
            approvals_needed=counted.needed if counted else 0,
            message=message,
        )
