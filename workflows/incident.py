"""IncidentWorkflow: one misinformation incident, from report to closure (SPEC §2).

`run` reads top to bottom like the lifecycle: triage, verification, drafting, approval,
publishing, monitoring, closed. People act through Updates whose validators refuse what the
rules forbid (`checks`), so the API can answer at once; each handler is a check and a transition
of the state (`state.IncidentState`). The SLA watcher reminds and escalates, and never decides.

The read model is written by one writer, once per workflow task that changed the state, by an
activity: it runs only after the task that made the change is recorded, so the read model never
shows what the workflow has not. An update answers once its change is written; notices and card
rewrites go out after the write, in order, off the main path.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities import contract
    from activities.types import (
        ComposedDraft,
        ComposeRequest,
        DraftVersion,
        IncidentChanges,
        IncidentRules,
        Notice,
        SeverityRules,
        TriageRequest,
    )
    from core.approval import Tally, tally
    from core.cards import APPROVAL_CARD_COLUMNS, VERIFICATION_CARD_COLUMNS
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
    from core.drafting import draft_hash
    from workflows import checks, sla
    from workflows.publishing import publish_approved, retract_published, retry_one_channel
    from workflows.state import IncidentState, Verification
    from workflows.types import (
        CancelInput,
        ComposeInput,
        CorrectionInput,
        DecisionInput,
        DraftEditInput,
        DuplicateReport,
        IncidentInput,
        Rejection,
        RetryInput,
        ScheduleInput,
        SlackAction,
        UpdateOutcome,
        VerificationInput,
    )

STEP_TIMEOUT = timedelta(seconds=30)
# Writing the read model must never give up: a database outage only delays it.
WRITE_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1), maximum_interval=timedelta(seconds=30)
)
DELIVERY_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    maximum_interval=timedelta(seconds=60),
    maximum_attempts=10,
)


@workflow.defn(name="Incident")
class IncidentWorkflow:
    @workflow.init
    def __init__(self, inp: IncidentInput) -> None:
        self.state = IncidentState(inp)
        self.rules: IncidentRules | None = None
        self.finished = False
        self.written = 0  # `state.changes` up to which the read model is written
        self.refused: list[tuple[int, int]] = []  # change ranges the database refused
        self.outbox: list[Notice] = []  # delivered in order by the notice pump
        self.writer_done = False
        self.watches: list[asyncio.Task[None]] = []

    @workflow.run
    async def run(self, inp: IncidentInput) -> str:
        state = self.state
        writer = asyncio.create_task(self._write_changes())
        pump = asyncio.create_task(self._deliver_notices())
        self.rules = await workflow.execute_activity(
            contract.load_rules, start_to_close_timeout=STEP_TIMEOUT
        )
        if not state.closed:
            await self._triage()
        if not state.closed:
            await self._verify_and_draft()
        # Publication, then monitoring; a correction comes back through approval to here.
        while not state.closed:
            await workflow.wait_condition(
                lambda: state.closed or state.stage == Stage.PUBLISHING or bool(state.retraction)
            )
            if state.retraction is not None:
                await self._retract(*state.retraction)
                break
            if state.closed:
                break
            await publish_approved(state, self._rules(), self._embargo_ended)
            if state.closed:
                break
            corrected = any(p.operation == "correction" for p in state.live.values())
            title = state.draft.title if state.draft else state.claim[:120]
            word = "Koreksi" if corrected else "Klarifikasi"
            state.notice(Audience.ANNOUNCE, f"{word} terbit: {title}", kind=NoticeKind.ANNOUNCE)
            self._enter(Stage.MONITORING)
            await self._monitor()
        await workflow.wait_condition(workflow.all_handlers_finished)
        self.finished = True
        # Every change is written and every notice (the closing card rewrite too) goes out
        # before the end.
        await asyncio.gather(writer, pump)
        return state.resolution.value if state.resolution else Resolution.FAILED.value

    # -- stages -------------------------------------------------------------------------------

    async def _triage(self) -> None:
        state = self.state
        self._enter(Stage.TRIAGE)
        report = state.report
        result = await workflow.execute_activity(
            contract.triage_incident,
            TriageRequest(
                state.id,
                report.claim,
                report.reach,
                report.media_type,
                report.source_urls,
                report.growth_per_hour,
            ),
            start_to_close_timeout=STEP_TIMEOUT,
        )
        if state.closed:
            return
        state.triaged(result)
        if result.duplicate_of:
            await self._link_duplicate(result.duplicate_of, result.duplicate_similarity)
            return
        self._enter(Stage.VERIFICATION)
        match = result.archive_match
        if match is not None:  # the card shows the rest
            state.notice(
                Audience.VERIFICATION,
                f"Verifikasi diperlukan ({result.severity}): {state.claim}\n"
                f"Mirip klarifikasi terdahulu: {match.title} {match.url or ''}".rstrip(),
            )

    async def _link_duplicate(self, original: str, similarity: float) -> None:
        state = self.state
        report = DuplicateReport(state.id, state.claim, similarity)
        try:
            await workflow.get_external_workflow_handle(original).signal(
                IncidentWorkflow.link_duplicate, report
            )
        except Exception as exc:  # the original closed meanwhile: the link stays on this side
            workflow.logger.warning("could not link %s to %s: %s", state.id, original, exc)
        state.duplicate(original, similarity)

    async def _verify_and_draft(self) -> None:
        state = self.state
        await workflow.wait_condition(lambda: state.closed or state.stage == Stage.DRAFTING)
        if state.closed:
            return
        if state.archived is not None:
            # A recycled hoax starts from the counter-statement already approved once.
            archived = state.archived
            composed = ComposedDraft(archived.title, archived.body, archived.language)
        else:
            language = "en" if state.report.language == "en" else self._rules().language
            composed = await self._compose(language)
        if state.closed or state.draft is not None:
            return
        self._add_draft(composed, self._composer(), composed=True)
        self._enter(Stage.APPROVAL)  # the approval card follows from the state change

    async def _monitor(self) -> None:
        """Closes as published after the window, unless a correction or retraction came.

        An admin may retry a failed optional channel meanwhile; the window keeps its end.
        """
        state = self.state
        minutes = self._severity_rules().monitoring_minutes
        if minutes:
            ends = workflow.now() + timedelta(minutes=minutes)
            while (remaining := ends - workflow.now()) > timedelta(0):
                try:
                    await workflow.wait_condition(
                        lambda: (
                            state.closed
                            or state.stage != Stage.MONITORING
                            or state.retraction is not None
                            or state.retry_requested
                        ),
                        timeout=remaining,
                    )
                except TimeoutError:
                    break
                if not state.retry_requested or state.closed or state.retraction:
                    return
                await retry_one_channel(state, self._rules())
        if not state.closed and state.retraction is None:
            state.close(Resolution.PUBLISHED)

    async def _retract(self, actor: Actor, reason: str) -> None:
        state = self.state
        await retract_published(state, self._rules(), reason)
        left = sorted(state.live)
        if left:  # what could not be withdrawn must be taken down by hand
            state.attention("Retraction failed on: ", left)
            state.notice(
                Audience.APPROVAL,
                f"Pencabutan gagal ({', '.join(left)}): {state.id}",
                kind=NoticeKind.ESCALATION,
            )
        state.close(Resolution.RETRACTED, actor=actor, reason=reason)

    # -- people acting: updates (validated before they are accepted) and signals -------------

    @workflow.update
    async def verify(self, inp: VerificationInput) -> UpdateOutcome:
        return await self._verify(inp)

    @verify.validator
    def _validate_verify(self, inp: VerificationInput) -> None:
        checks.verification(self.state, self.rules, inp)

    @workflow.update
    async def edit_draft(self, inp: DraftEditInput) -> UpdateOutcome:
        checks.draft_edit(self.state, inp)
        return await self._new_version(inp)

    @edit_draft.validator
    def _validate_edit_draft(self, inp: DraftEditInput) -> None:
        checks.draft_edit(self.state, inp)

    @workflow.update
    async def recompose(self, inp: ComposeInput) -> UpdateOutcome:
        checks.recompose(self.state, inp)
        composed = await self._compose(inp.language)
        checks.recompose(self.state, inp)  # the incident may have moved on meanwhile
        edit = DraftEditInput(self._composer(), composed.title, composed.body, composed.language)
        return await self._new_version(edit, composed=True)

    @recompose.validator
    def _validate_recompose(self, inp: ComposeInput) -> None:
        checks.recompose(self.state, inp)

    @workflow.update
    async def decide(self, inp: DecisionInput) -> UpdateOutcome:
        return await self._decide(inp)

    @decide.validator
    def _validate_decide(self, inp: DecisionInput) -> None:
        checks.decision(self.state, inp)

    @workflow.update
    async def cancel(self, inp: CancelInput) -> UpdateOutcome:
        checks.cancel(self.state, inp)
        state = self.state
        state.log(
            "cancelled", f"Cancelled: {inp.reason}", actor=inp.actor, data={"reason": inp.reason}
        )
        # Cancelling a correction leaves the published klarifikasi standing: it was published.
        resolution = Resolution.PUBLISHED if state.live else Resolution.CANCELLED
        state.close(resolution, actor=inp.actor, reason=inp.reason)
        return await self._answer("cancelled")

    @cancel.validator
    def _validate_cancel(self, inp: CancelInput) -> None:
        checks.cancel(self.state, inp)

    @workflow.update
    async def retry_publishing(self, inp: RetryInput) -> UpdateOutcome:
        checks.retry_publishing(self.state, self.rules, inp)
        self.state.retry_asked(inp.channel, inp.reason, inp.actor)
        return await self._answer("publication retry requested")

    @retry_publishing.validator
    def _validate_retry_publishing(self, inp: RetryInput) -> None:
        checks.retry_publishing(self.state, self.rules, inp)

    @workflow.update
    async def schedule_publication(self, inp: ScheduleInput) -> UpdateOutcome:
        checks.schedule(self.state, inp, workflow.now())
        self.state.schedule(inp.publish_at, inp.actor, inp.reason)
        return await self._answer("publication scheduled" if inp.publish_at else "embargo lifted")

    @schedule_publication.validator
    def _validate_schedule_publication(self, inp: ScheduleInput) -> None:
        checks.schedule(self.state, inp, workflow.now())

    @workflow.update
    async def propose_correction(self, inp: CorrectionInput) -> UpdateOutcome:
        checks.correction(self.state, inp)
        state = self.state
        new_hash = draft_hash(inp.title, inp.body, inp.language)
        version = state.add_draft(inp.title, inp.body, inp.language, inp.actor, new_hash)
        state.correction_proposed(inp.reason, inp.actor, version.version)
        self._enter(Stage.APPROVAL)
        return await self._answer(f"correction v{version.version} awaits approval")

    @propose_correction.validator
    def _validate_propose_correction(self, inp: CorrectionInput) -> None:
        checks.correction(self.state, inp)

    @workflow.update
    async def retract(self, inp: CancelInput) -> UpdateOutcome:
        checks.retraction(self.state, inp)
        self.state.retraction_asked(inp.actor, inp.reason)
        return await self._answer("retraction under way")

    @retract.validator
    def _validate_retract(self, inp: CancelInput) -> None:
        checks.retraction(self.state, inp)

    @workflow.signal
    def link_duplicate(self, report: DuplicateReport) -> None:
        self.state.duplicate_linked(report.incident_id, report.claim, report.similarity)

    @workflow.signal
    async def slack_action(self, action: SlackAction) -> None:
        """A click or modal from Slack. A signal, not an update: Slack must be answered within
        3 s even while no worker runs, and the server keeps the signal until one does."""
        state = self.state
        if action.interaction_id in state.seen_interactions:
            return  # Slack's retry of a request we already took, or a double click
        state.seen_interactions.add(action.interaction_id)
        try:
            if action.refusal:
                raise ApplicationError(action.refusal, type=Rejection.FORBIDDEN.value)
            if action.verification is not None:
                await self._verify(action.verification)
            elif action.decision is not None:
                await self._decide(action.decision)
        except ApplicationError as refused:
            state.log(
                "slack_refused",
                f"Refused {action.action} from Slack: {refused.message}",
                actor=action.actor,
                data={"action": action.action, "reason": refused.message},
            )
            if not action.refusal:  # the API already told the user about a missing role
                state.notice(
                    Audience.APPROVAL,
                    refused.message,
                    kind=NoticeKind.EPHEMERAL,
                    user=action.actor.id,
                    channel=action.channel,
                )

    # -- what handlers share ------------------------------------------------------------------

    async def _verify(self, inp: VerificationInput) -> UpdateOutcome:
        checks.verification(self.state, self.rules, inp)
        state = self.state
        state.verified(
            Verification(
                Verdict(inp.verdict),
                inp.summary,
                inp.evidence_urls,
                inp.authority,
                inp.checklist,
                inp.actor,
            )
        )
        if inp.verdict == Verdict.TRUE:
            state.close(Resolution.CLAIM_TRUE, actor=inp.actor, reason="the claim is true")
        else:
            self._enter(Stage.DRAFTING, actor=inp.actor)
        return await self._answer(f"verdict {inp.verdict} recorded")

    async def _decide(self, inp: DecisionInput) -> UpdateOutcome:
        checks.decision(self.state, inp)
        state = self.state
        draft = state.draft
        assert draft is not None
        if checks.already_approved(state, inp):
            return self._outcome("already approved by you")
        state.decided(checks.decision_entry(state, inp, workflow.now()))
        if inp.decision == Decision.APPROVE:
            result = self._tally()
            state.log(
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
                state.log(
                    "approval_complete",
                    f"v{draft.version} approved for publication",
                    data={"draft_hash": draft.hash, "version": draft.version},
                )
                # Under embargo the publishing SLA starts when the embargo ends.
                self._enter(Stage.PUBLISHING, sla=state.publish_at is None)
        else:
            label = "Rejected" if inp.decision == Decision.REJECT else "Changes requested"
            state.log(
                inp.decision,
                f"{label}: {inp.reason}",
                actor=inp.actor,
                data={"draft_hash": draft.hash, "reason": inp.reason},
            )
            self._enter(Stage.DRAFTING, actor=inp.actor, reason=inp.reason)
            state.notice(Audience.APPROVAL, f"{label} oleh {inp.actor.name}: {inp.reason}")
        return await self._answer(f"{inp.decision} recorded")

    async def _new_version(self, inp: DraftEditInput, *, composed: bool = False) -> UpdateOutcome:
        """A new draft version; it voids the approvals of the one it replaces."""
        state = self.state
        current = state.draft
        assert current is not None
        if draft_hash(inp.title, inp.body, inp.language) == current.hash:
            return self._outcome("unchanged: the draft already has this text")
        voided = self._tally().approvals
        draft = self._add_draft(
            ComposedDraft(inp.title, inp.body, inp.language), inp.actor, composed=composed
        )
        if voided:
            state.approvals_voided(current, voided, inp.actor)
        if state.stage == Stage.DRAFTING:
            self._enter(Stage.APPROVAL)
        else:
            state.notice(
                Audience.APPROVAL, f"Draft diubah menjadi v{draft.version} oleh {inp.actor.name}"
            )
        return await self._answer(f"draft v{draft.version} saved")

    def _add_draft(self, text: ComposedDraft, author: Actor, *, composed: bool) -> DraftVersion:
        return self.state.add_draft(
            text.title,
            text.body,
            text.language,
            author,
            draft_hash(text.title, text.body, text.language),
            composed=composed,
        )

    async def _compose(self, language: str) -> ComposedDraft:
        state = self.state
        verification = state.verification
        return await workflow.execute_activity(
            contract.compose_draft,
            ComposeRequest(
                incident_id=state.id,
                claim=state.claim,
                platform=state.report.platform,
                reported_at=state.reported_at,
                verdict=verification.verdict.value if verification else "",
                summary=verification.summary if verification else "",
                evidence_urls=verification.evidence_urls if verification else [],
                authority=verification.authority if verification else "",
                language=language,
            ),
            start_to_close_timeout=STEP_TIMEOUT,
        )

    def _composer(self) -> Actor:
        """Who authors a composed draft: the verifier whose verdict and summary it carries, so
        they cannot also approve it."""
        verification = self.state.verification
        return verification.by if verification else SYSTEM

    def _embargo_ended(self) -> None:
        self.state.embargo_ended()
        # The publishing SLA runs from now: the embargo's wait is nobody's delay.
        self._watch(Stage.PUBLISHING)

    def _enter(
        self, stage: Stage, *, sla: bool = True, actor: Actor = SYSTEM, reason: str | None = None
    ) -> None:
        self.state.enter(stage, actor=actor, reason=reason)
        if sla:
            self._watch(stage)

    def _watch(self, stage: Stage) -> None:
        if self.rules is None:
            return
        due = sla.deadline(self.rules, stage, self.state.severity, workflow.now())
        if due is not None:
            self.state.set_deadline(stage, due)
            self.watches.append(asyncio.create_task(sla.watch(self.state, stage, due)))

    def _rules(self) -> IncidentRules:
        assert self.rules is not None, "rules load before any stage"
        return self.rules

    def _severity_rules(self) -> SeverityRules:
        return self._rules().severities[self.state.severity or "critical"]

    def _tally(self) -> Tally:
        draft = self.state.draft
        assert draft is not None
        return tally(self.state.decisions, draft, self._severity_rules())

    async def _answer(self, message: str) -> UpdateOutcome:
        """The outcome of an update, once its change is in the read model (and refused if the
        database refused it: the change is in the workflow, but nobody could see it)."""
        mark = self.state.changes
        await workflow.wait_condition(lambda: self.written >= mark)
        if any(low < mark <= high for low, high in self.refused):
            raise ApplicationError(
                "the read model refused this change; see the incident's timeline",
                type=Rejection.INVALID.value,
                non_retryable=True,
            )
        return self._outcome(message)

    def _outcome(self, message: str) -> UpdateOutcome:
        state, draft = self.state, self.state.draft
        counted = self._tally() if draft and self.rules and state.severity else None
        return UpdateOutcome(
            incident_id=state.id,
            stage=state.stage.value,
            draft_version=draft.version if draft else None,
            draft_hash=draft.hash if draft else None,
            approvals=counted.approvals if counted else 0,
            approvals_needed=counted.needed if counted else 0,
            message=message,
        )

    # -- the writer and the notice pump -------------------------------------------------------

    async def _write_changes(self) -> None:
        """Once per workflow task that changed the state: one write of what changed."""
        state = self.state
        while True:
            # After the end, a notice that failed still has its failure written.
            await workflow.wait_condition(
                lambda: state.dirty or (self.finished and not self.outbox)
            )
            if not state.dirty:
                self.writer_done = True
                return
            before = self.written
            changes, notices = state.take_changes()
            try:
                await workflow.execute_activity(
                    contract.write_incident,
                    changes,
                    start_to_close_timeout=STEP_TIMEOUT,
                    retry_policy=WRITE_RETRY,
                )
            except ActivityError as exc:
                cause = exc.cause
                if not (isinstance(cause, ApplicationError) and cause.type == "BadData"):
                    raise
                # No retry can store these rows: the incident asks for attention and goes on.
                workflow.logger.error("read model refused %s r%s", state.id, changes.revision)
                self.refused.append((before, state.taken))
                self.written = state.taken
                state.persist_failed(changes.revision)
                continue
            self.written = state.taken
            # People hear of a change only once it is in the read model they will open.
            self.outbox.extend(self._card_rewrites(changes))
            self.outbox.extend(notices)

    def _card_rewrites(self, changes: IncidentChanges) -> list[Notice]:
        """A card post or rewrite wherever the write changed what a card shows."""
        state = self.state
        if Stage.VERIFICATION not in state.deadlines:
            return []  # nobody has been asked yet: no card
        touched = changes.columns.keys()
        rewrites = []
        if touched & VERIFICATION_CARD_COLUMNS:
            rewrites.append(state.card_notice(Audience.VERIFICATION))
        if state.draft and (touched & APPROVAL_CARD_COLUMNS or changes.drafts or changes.decisions):
            rewrites.append(state.card_notice(Audience.APPROVAL))
        return rewrites

    async def _deliver_notices(self) -> None:
        """One notice at a time, in order. A slow or rate-limited Slack never holds up the
        lifecycle; a Slack that refuses for good is recorded on the timeline and flagged, and
        the incident carries on (decisions via the API)."""
        while True:
            await workflow.wait_condition(lambda: bool(self.outbox) or self.writer_done)
            if not self.outbox:
                return
            notice = self.outbox[0]
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
            self.outbox.pop(0)
