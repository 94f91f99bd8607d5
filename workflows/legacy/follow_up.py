"""What people do around publication: schedule it (embargo), correct it, retract it.

A correction is a new draft version that goes through approval again; the channels then update
what they show. A retraction withdraws the klarifikasi everywhere and closes the incident.
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from core.drafting import draft_hash
    from workflows.legacy import checks
    from workflows.legacy.composing import ComposingActions
    from workflows.types import CancelInput, CorrectionInput, ScheduleInput, UpdateOutcome


class FollowUpActions(ComposingActions):
    @workflow.update
    async def schedule_publication(self, inp: ScheduleInput) -> UpdateOutcome:
        # Histories from before an approver's embargo was kept from officers replay as then.
        guard = workflow.patched("embargo-kept-by-its-approver")
        checks.schedule(self.record, inp, workflow.now(), guard_embargo=guard)
        record = self.record
        record.snapshot.publish_at = inp.publish_at
        record.embargo_by = inp.actor if inp.publish_at is not None else None
        if inp.publish_at is None:
            record.event(
                "embargo_lifted",
                f"Embargo lifted: {inp.reason or 'publish when approved'}",
                actor=inp.actor,
                data={"reason": inp.reason},
            )
        else:
            record.event(
                "embargo_set",
                f"Publication scheduled for {inp.publish_at.isoformat()}",
                actor=inp.actor,
                data={"publish_at": inp.publish_at.isoformat(), "reason": inp.reason},
            )
        await record.persist()
        return self._outcome("publication scheduled" if inp.publish_at else "embargo lifted")

    @schedule_publication.validator
    def _validate_schedule_publication(self, inp: ScheduleInput) -> None:
        checks.schedule(self.record, inp, workflow.now())

    @workflow.update
    async def propose_correction(self, inp: CorrectionInput) -> UpdateOutcome:
        checks.correction(self.record, inp)
        record = self.record
        record.correction_reason = inp.reason
        new_hash = draft_hash(inp.title, inp.body, inp.language)
        record.add_draft(inp.title, inp.body, inp.language, inp.actor, new_hash)
        record.event(
            "correction_proposed",
            f"Correction proposed (v{len(record.drafts)}): {inp.reason}",
            actor=inp.actor,
            data={"version": len(record.drafts), "reason": inp.reason},
        )
        self._request_approval()
        await record.persist()
        return self._outcome(f"correction v{len(record.drafts)} awaits approval")

    @propose_correction.validator
    def _validate_propose_correction(self, inp: CorrectionInput) -> None:
        checks.correction(self.record, inp)

    @workflow.update
    async def retract(self, inp: CancelInput) -> UpdateOutcome:
        checks.retraction(self.record, inp)
        self.record.retraction = (inp.actor, inp.reason)
        self.record.event(
            "retraction_requested",
            f"Retraction: {inp.reason}",
            actor=inp.actor,
            data={"reason": inp.reason, "channels": sorted(self.record.live)},
        )
        await self.record.persist()
        return self._outcome("retraction under way")

    @retract.validator
    def _validate_retract(self, inp: CancelInput) -> None:
        checks.retraction(self.record, inp)
