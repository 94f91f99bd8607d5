"""IncidentWorkflow: one misinformation incident, from report to closure (SPEC §2).

`run` reads top to bottom like the lifecycle: triage, verification, drafting, approval,
publishing, monitoring, closed (the steps: `stages`). People act through Updates and signals:
each handler is a check (`rules`) and a transition of the state (`state.IncidentState`), and
answers once its change is in the read model (`outbox`), so the API can answer at once and
nothing is shown that the workflow has not recorded. The validators run the same checks, so
a refusal reaches the caller before anything is recorded.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    # By their full names: `from workflows import rules` made the sandbox import both modules
    # afresh for every incident a worker loads (bench/sandbox_load.py).
    import workflows.rules as rules
    import workflows.splitting as splitting
    import workflows.stages as stages
    from activities import contract
    from activities.types import DecisionEntry
    from core.approval import Tally, tally
    from core.domain import Audience, NoticeKind, Resolution, Stage, Verdict
    from core.drafting import draft_hash
    from core.words import notices
    from workflows.outbox import Outbox
    from workflows.state import IncidentState, Verification
    from workflows.types import (
        CancelInput,
        ComposeInput,
        CorrectionInput,
        DecisionInput,
        DraftEditInput,
        DuplicateFeedbackInput,
        DuplicateReport,
        IncidentInput,
        MatchFeedbackInput,
        MediaAdded,
        Rejection,
        RetryInput,
        ScheduleInput,
        SlackAction,
        UpdateOutcome,
        VerificationInput,
    )


Arg = TypeVar("Arg")
Handler = Callable[["IncidentWorkflow", Arg], Awaitable[UpdateOutcome]]
Update = workflow.UpdateMethodMultiParam[["IncidentWorkflow", Arg], UpdateOutcome]


def checked_update(
    check: Callable[[IncidentState, Arg], None],
) -> Callable[[Handler[Arg]], Update[Arg]]:
    """An Update whose validator is `check`, run again when the handler starts: the validator
    refuses before anything is recorded, the handler because another update may have changed
    the incident in between."""

    def define(handler: Handler[Arg]) -> Update[Arg]:
        @functools.wraps(handler)
        async def checked(self: IncidentWorkflow, inp: Arg) -> UpdateOutcome:
            check(self.state, inp)
            return await handler(self, inp)

        @functools.wraps(handler)  # the handler's signature: the SDK compares the two
        def validate(self: IncidentWorkflow, inp: Arg) -> None:
            check(self.state, inp)

        update = workflow.update(checked)
        update.validator(validate)
        return update

    return define


@workflow.defn(name="Incident")
class IncidentWorkflow:
    @workflow.init
    def __init__(self, inp: IncidentInput) -> None:
        self.state = IncidentState(inp)
        self.outbox = Outbox(self.state)

    @workflow.run
    async def run(self, inp: IncidentInput) -> str:
        state, outbox = self.state, self.outbox
        writing = asyncio.gather(outbox.write(), outbox.deliver())
        watching = asyncio.create_task(stages.watch_deadlines(state))
        state.rules = await workflow.execute_activity(
            contract.load_rules, start_to_close_timeout=timedelta(seconds=30)
        )
        if not state.closed:
            await stages.triage(state)
        if not state.closed:
            await stages.first_draft(state)
        # Publication, then monitoring; a correction comes back through approval to here.
        while not state.closed:
            await workflow.wait_condition(
                lambda: state.closed or state.stage == Stage.PUBLISHING or bool(state.retraction)
            )
            if state.retraction is not None:
                await stages.retract(state, *state.retraction)
            if state.closed:
                break
            await stages.publish_approved(state)
            if state.closed:
                break
            corrected = any(p.operation == "correction" for p in state.live.values())
            title = state.draft.title if state.draft else state.claim[:120]
            words = notices.CORRECTED if corrected else notices.PUBLISHED
            text = words.in_(state.language, title=title)
            state.notice(Audience.ANNOUNCE, text, kind=NoticeKind.ANNOUNCE)
            state.enter(Stage.MONITORING)
            await stages.monitor(state)
        await workflow.wait_condition(workflow.all_handlers_finished)
        await watching  # closed: the clock stopped
        # Every change is written and every notice (the closing card rewrite too) goes out
        # before the end.
        outbox.ended = True
        await writing
        return state.resolution.value if state.resolution else Resolution.FAILED.value

    # -- updates: a check (also their validator), a transition, an answer once written ------

    @checked_update(rules.verification)
    async def verify(self, inp: VerificationInput) -> UpdateOutcome:
        return await self._verify(inp)

    @checked_update(rules.draft_edit)
    async def edit_draft(self, inp: DraftEditInput) -> UpdateOutcome:
        return await self._new_version(inp, composed=False)

    @checked_update(rules.recompose)
    async def recompose(self, inp: ComposeInput) -> UpdateOutcome:
        text = await stages.compose(self.state, inp.language)
        rules.recompose(self.state, inp)  # the incident may have moved on meanwhile
        author = stages.composer(self.state)
        edit = DraftEditInput(author, text.title, text.body, text.language)
        return await self._new_version(edit, composed=True)

    @checked_update(rules.decision)
    async def decide(self, inp: DecisionInput) -> UpdateOutcome:
        return await self._decide(inp)

    @checked_update(rules.match_feedback)
    async def judge_archive_match(self, inp: MatchFeedbackInput) -> UpdateOutcome:
        return await self._judge_match(inp)

    @checked_update(rules.duplicate_feedback)
    async def judge_duplicate(self, inp: DuplicateFeedbackInput) -> UpdateOutcome:
        return await self._judge_duplicate(inp)

    @checked_update(rules.cancel)
    async def cancel(self, inp: CancelInput) -> UpdateOutcome:
        self.state.cancelled(inp.actor, inp.reason)
        return await self._answer("cancelled")

    @checked_update(rules.retry_publishing)
    async def retry_publishing(self, inp: RetryInput) -> UpdateOutcome:
        self.state.retry_asked(inp.channel, inp.reason, inp.actor)
        return await self._answer("publication retry requested")

    @checked_update(rules.schedule_now)
    async def schedule_publication(self, inp: ScheduleInput) -> UpdateOutcome:
        self.state.schedule(inp.publish_at, inp.actor, inp.reason)
        return await self._answer("publication scheduled" if inp.publish_at else "embargo lifted")

    @checked_update(rules.correction)
    async def propose_correction(self, inp: CorrectionInput) -> UpdateOutcome:
        new_hash = draft_hash(inp.title, inp.body, inp.language)
        draft = self.state.add_draft(
            inp.title, inp.body, inp.language, inp.actor, new_hash, composed=False
        )
        self.state.correction_proposed(inp.reason, inp.actor, draft.version)
        return await self._answer(f"correction v{draft.version} awaits approval")

    @checked_update(rules.retraction)
    async def retract(self, inp: CancelInput) -> UpdateOutcome:
        self.state.retraction_asked(inp.actor, inp.reason)
        return await self._answer("retraction under way")

    # -- signals ------------------------------------------------------------------------------

    @workflow.signal
    def link_duplicate(self, report: DuplicateReport) -> None:
        self.state.duplicate_linked(report.incident_id, report.claim, report.similarity)

    @workflow.signal
    async def media_added(self, added: MediaAdded) -> None:
        await stages.rescore_with_media(self.state, added.media_id)

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
            elif action.match_feedback is not None:
                await self._judge_match(action.match_feedback)
            elif action.duplicate_feedback is not None:
                await self._judge_duplicate(action.duplicate_feedback)
        except ApplicationError as refused:
            state.refused(action.action, refused.message, action.actor)
            if not action.refusal:  # the API already told the user about a missing role
                state.notice(
                    Audience.APPROVAL,
                    refused.message,
                    kind=NoticeKind.EPHEMERAL,
                    user=action.actor.id,
                    channel=action.channel,
                )

    # -- what the handlers share --------------------------------------------------------------

    async def _verify(self, inp: VerificationInput) -> UpdateOutcome:
        rules.verification(self.state, inp)
        verdict = Verdict(inp.verdict)
        self.state.verified(
            Verification(
                verdict,
                inp.summary,
                inp.evidence_urls,
                inp.authority,
                inp.checklist,
                inp.actor,
                inp.media_authenticity,
            )
        )
        return await self._answer(f"verdict {inp.verdict} recorded")

    async def _judge_match(self, inp: MatchFeedbackInput) -> UpdateOutcome:
        rules.match_feedback(self.state, inp)
        self.state.archive_match_judged(inp.actor, inp.decision, inp.reason)
        return await self._answer(f"archive match {inp.decision}ed")

    async def _judge_duplicate(self, inp: DuplicateFeedbackInput) -> UpdateOutcome:
        """Whether a joined report is the same hoax; one that is not is reported again as an
        incident of its own (`workflows.splitting`), and its workflow started."""
        rules.duplicate_feedback(self.state, inp)
        # Recorded before anything is awaited, so a second judgement is refused by its check.
        split_into = splitting.split_id(inp.duplicate_id) if inp.decision == "reject" else None
        self.state.duplicate_judged(
            inp.actor, inp.duplicate_id, inp.decision, inp.reason, split_into
        )
        if split_into is not None:
            await splitting.split_off(inp.duplicate_id, split_into)
        said = f"handled as {split_into}" if split_into else "confirmed as the same hoax"
        return await self._answer(f"report {inp.duplicate_id} {said}")

    async def _decide(self, inp: DecisionInput) -> UpdateOutcome:
        state = self.state
        rules.decision(state, inp)
        if rules.already_approved(state, inp):
            return self._outcome("already approved by you")
        entry = rules.decision_entry(state, inp, workflow.now())
        state.decided(entry, self._tally([*state.decisions, entry]))
        return await self._answer(f"{inp.decision} recorded")

    async def _new_version(self, inp: DraftEditInput, *, composed: bool) -> UpdateOutcome:
        """A new draft version; it voids the approvals of the one it replaces."""
        state = self.state
        current = state.draft
        assert current is not None
        new_hash = draft_hash(inp.title, inp.body, inp.language)
        if new_hash == current.hash:
            return self._outcome("unchanged: the draft already has this text")
        voided = self._tally().approvals
        draft = state.add_draft(
            inp.title, inp.body, inp.language, inp.actor, new_hash, composed=composed
        )
        if voided:
            state.approvals_voided(current, voided, inp.actor)
        if state.stage == Stage.DRAFTING:
            state.enter(Stage.APPROVAL)
        else:
            by = inp.actor.name
            changed = notices.DRAFT_CHANGED.in_(state.language, version=draft.version, by=by)
            state.notice(Audience.APPROVAL, changed)
        return await self._answer(f"draft v{draft.version} saved")

    def _tally(self, decisions: list[DecisionEntry] | None = None) -> Tally:
        state = self.state
        draft, severity_rules = state.draft, stages.rules_of(state).severities
        assert draft is not None
        return tally(
            state.decisions if decisions is None else decisions,
            draft,
            severity_rules[state.severity or "critical"],
        )

    async def _answer(self, message: str) -> UpdateOutcome:
        """The outcome of an update once its change is in the read model; refused if the
        database refused it (the change is in the workflow, but nobody could see it)."""
        mark = self.state.changes
        await workflow.wait_condition(lambda: self.outbox.written >= mark)
        if self.outbox.refused_change(mark):
            raise ApplicationError(
                "the read model refused this change; see the incident's timeline",
                type=Rejection.INVALID.value,
                non_retryable=True,
            )
        return self._outcome(message)

    def _outcome(self, message: str) -> UpdateOutcome:
        state, draft = self.state, self.state.draft
        counted = self._tally() if draft and state.rules and state.severity else None
        return UpdateOutcome(
            incident_id=state.id,
            stage=state.stage.value,
            draft_version=draft.version if draft else None,
            draft_hash=draft.hash if draft else None,
            approvals=counted.approvals if counted else 0,
            approvals_needed=counted.needed if counted else 0,
            message=message,
        )
