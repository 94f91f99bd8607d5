"""What people do to an incident, as Updates validated before they are accepted, plus the
state helpers the lifecycle shares with them. `IncidentWorkflow` (incident.py) inherits these.
"""

from __future__ import annotations

import asyncio

from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.types import (
        IncidentRules,
        SeverityRules,
    )
    from core.approval import Tally, count_approvals
    from core.domain import Decision, Resolution, Stage, Verdict
    from core.drafting import draft_hash
    from workflows.legacy import checks
    from workflows.legacy.record import IncidentRecord
    from workflows.legacy.sla import start_sla
    from workflows.types import (
        CancelInput,
        DecisionInput,
        DraftEditInput,
        DuplicateReport,
        Rejection,
        RetryInput,
        SlackAction,
        UpdateOutcome,
        VerificationInput,
    )


class IncidentActions:
    record: IncidentRecord
    rules: IncidentRules | None
    sla_watch: asyncio.Task[None] | None

    # -- shared steps -------------------------------------------------------------------------

    def _rules(self) -> IncidentRules:
        assert self.rules is not None, "rules load before any stage"
        return self.rules

    def _severity_rules(self) -> SeverityRules:
        return self._rules().severities[self.record.snapshot.severity or "critical"]

    def _tally(self) -> Tally:
        draft = self.record.draft
        assert draft is not None
        return count_approvals(
            self.record.decisions,
            draft,
            self._severity_rules(),
            self.record.per_version_approvals,
        )

    def _request_approval(self) -> None:
        self._enter(Stage.APPROVAL)  # the approval card follows from the state change

    def _enter(self, stage: Stage, *, sla: bool = True, **kwargs: object) -> None:
        self.record.enter(stage, **kwargs)  # type: ignore[arg-type]
        if self.rules is not None and sla:
            self.sla_watch = start_sla(self.record, self.rules, stage)

    async def _new_version(self, inp: DraftEditInput) -> UpdateOutcome:
        """A new draft version; it voids the approvals of the one it replaces."""
        record = self.record
        new_hash = draft_hash(inp.title, inp.body, inp.language)
        current = record.draft
        assert current is not None
        if new_hash == current.hash:
            return self._outcome("unchanged: the draft already has this text")
        voided = self._tally().approvals
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
            record.notice(
                "approval", f"Draft diubah menjadi v{len(record.drafts)} oleh {inp.actor.name}"
            )
        await record.persist()
        return self._outcome(f"draft v{len(record.drafts)} saved")

    # -- people acting: updates (validated before they are accepted) and a signal -------------

    @workflow.update
    async def verify(self, inp: VerificationInput) -> UpdateOutcome:
        return await self._verify(inp)

    async def _verify(self, inp: VerificationInput) -> UpdateOutcome:
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
        record.verifier = inp.actor
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
        return await self._new_version(inp)

    @edit_draft.validator
    def _validate_edit_draft(self, inp: DraftEditInput) -> None:
        checks.draft_edit(self.record, inp)

    @workflow.update
    async def decide(self, inp: DecisionInput) -> UpdateOutcome:
        return await self._decide(inp)

    async def _decide(self, inp: DecisionInput) -> UpdateOutcome:
        checks.decision(self.record, inp)
        record = self.record
        draft = record.draft
        assert draft is not None
        # Incidents decided before approvals bound to versions replay by the rule of then.
        per_version = workflow.patched("approval-per-version-per-person")
        record.per_version_approvals = per_version
        if checks.already_approved(record, inp, per_version=per_version):
            return self._outcome("already approved by you")
        record.add_decision(checks.decision_entry(record, inp, workflow.now()))
        if inp.decision == Decision.APPROVE:
            result = self._tally()
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
                # Under embargo the publishing SLA starts when the embargo ends.
                self._enter(Stage.PUBLISHING, sla=record.snapshot.publish_at is None)
        else:
            label = "Rejected" if inp.decision == Decision.REJECT else "Changes requested"
            record.event(
                inp.decision,
                f"{label}: {inp.reason}",
                actor=inp.actor,
                data={"draft_hash": draft.hash, "reason": inp.reason},
            )
            self._enter(Stage.DRAFTING, actor=inp.actor, reason=inp.reason)
            record.notice("approval", f"{label} oleh {inp.actor.name}: {inp.reason}")
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
        # Cancelling a correction leaves the published klarifikasi standing: it was published.
        resolution = Resolution.PUBLISHED if self.record.live else Resolution.CANCELLED
        self.record.close(resolution, actor=inp.actor, reason=inp.reason)
        await self.record.persist()
        return self._outcome("cancelled")

    @cancel.validator
    def _validate_cancel(self, inp: CancelInput) -> None:
        checks.cancel(self.record, inp)

    @workflow.update
    async def retry_publishing(self, inp: RetryInput) -> UpdateOutcome:
        checks.retry_publishing(self.record, self.rules, inp)
        self.record.retry_requested = True
        self.record.retry_only = inp.channel
        which = inp.channel or "all failed channels"
        self.record.event(
            "publication_retry",
            f"Retry requested ({which}): {inp.reason}",
            actor=inp.actor,
            data={"reason": inp.reason, "channel": inp.channel},
        )
        await self.record.persist()
        return self._outcome("publication retry requested")

    @retry_publishing.validator
    def _validate_retry_publishing(self, inp: RetryInput) -> None:
        checks.retry_publishing(self.record, self.rules, inp)

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

    @workflow.signal
    async def slack_action(self, action: SlackAction) -> None:
        """A click or modal from Slack. A signal, not an update: Slack must be answered within
        3 s even while no worker runs, and the server keeps the signal until one does."""
        record = self.record
        if action.interaction_id in record.seen_interactions:
            return  # Slack's retry of a request we already took, or a double click
        record.seen_interactions.add(action.interaction_id)
        try:
            if action.refusal:
                raise ApplicationError(action.refusal, type=Rejection.FORBIDDEN.value)
            if action.verification is not None:
                await self._verify(action.verification)
            elif action.decision is not None:
                await self._decide(action.decision)
        except ApplicationError as refused:
            record.event(
                "slack_refused",
                f"Refused {action.action} from Slack: {refused.message}",
                actor=action.actor,
                data={"action": action.action, "reason": refused.message},
            )
            if not action.refusal:  # the API already told the user about a missing role
                record.notice(
                    "approval",
                    refused.message,
                    kind="ephemeral",
                    user=action.actor.id,
                    channel=action.channel,
                )
            await record.persist()

    def _outcome(self, message: str) -> UpdateOutcome:
        record, draft = self.record, self.record.draft
        counted = self._tally() if draft and self.rules and record.snapshot.severity else None
        return UpdateOutcome(
            incident_id=record.id,
            stage=record.stage.value,
            draft_version=draft.version if draft else None,
            draft_hash=draft.hash if draft else None,
            approvals=counted.approvals if counted else 0,
            approvals_needed=counted.needed if counted else 0,
            message=message,
        )
