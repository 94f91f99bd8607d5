"""The policy's rules for one incident, pure: the SLA deadline of each stage, and what each
update must satisfy. The checks run in the validator (to refuse before anything is recorded)
and again in the handler (another update may have changed the incident in between)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from temporalio import workflow
from temporalio.exceptions import ApplicationError
from temporalio.workflow import unsafe

with unsafe.imports_passed_through():
    from activities.types import DecisionEntry, IncidentRules
    from core.approval import has_standing_approval
    from core.domain import SLA_STAGES, Actor, Decision, Stage, Verdict
    from core.roles import Action, may, may_change_embargo, refusal
    from workflows.types import (
        CancelInput,
        ComposeInput,
        CorrectionInput,
        DecisionInput,
        DraftEditInput,
        Rejection,
        RetryInput,
        ScheduleInput,
        VerificationInput,
    )

if TYPE_CHECKING:
    from workflows.state import IncidentState

# An embargo longer than this is more likely a typo in the year than a plan.
MAX_EMBARGO = timedelta(days=60)


@dataclass
class Deadline:
    """A stage's SLA: a reminder half-way, an escalation when due. Silence decides nothing."""

    started_at: datetime
    sla_minutes: int
    reminder_at: datetime
    due_at: datetime


def deadline(
    rules: IncidentRules | None, stage: Stage, severity: str | None, now: datetime
) -> Deadline | None:
    if rules is None or stage not in SLA_STAGES:
        return None
    if severity:
        minutes = rules.severities[severity].sla_minutes[stage.value]
    else:  # triage runs before the severity is known: hold it to the strictest SLA
        minutes = min(s.sla_minutes[stage.value] for s in rules.severities.values())
    half = timedelta(minutes=minutes / 2)
    return Deadline(now, minutes, now + half, now + 2 * half)


def _refuse(kind: Rejection, message: str) -> ApplicationError:
    return ApplicationError(message, type=kind.value, non_retryable=True)


def _require(
    state: IncidentState, actor: Actor, action: Action, stages: tuple[Stage, ...], doing: str
) -> None:
    if not may(actor, action):
        raise _refuse(Rejection.FORBIDDEN, refusal(action))
    if state.stage not in stages:
        allowed = " or ".join(stage.value for stage in stages)
        raise _refuse(
            Rejection.WRONG_STAGE,
            f"cannot {doing}: incident is in stage {state.stage.value}, this needs {allowed}",
        )


def verification(state: IncidentState, inp: VerificationInput) -> None:
    _require(state, inp.actor, Action.VERIFY, (Stage.VERIFICATION,), "record a verdict")
    if inp.verdict not in set(Verdict):
        raise _refuse(Rejection.INVALID, f"verdict must be one of {', '.join(Verdict)}")
    if not inp.summary.strip():
        raise _refuse(Rejection.INVALID, "summary: the facts found must be stated")
    missing = [
        item
        for item in (state.rules.required_checklist if state.rules else [])
        if item not in inp.checklist
    ]
    if missing:
        raise _refuse(Rejection.INVALID, "checklist: the policy requires " + ", ".join(missing))


def _valid_text(title: str, body: str, language: str) -> None:
    if not title.strip() or not body.strip():
        raise _refuse(Rejection.INVALID, "title and body must not be empty")
    if language not in ("id", "en"):
        raise _refuse(Rejection.INVALID, "language must be id or en")


def draft_edit(state: IncidentState, inp: DraftEditInput) -> None:
    _require(
        state, inp.actor, Action.EDIT_DRAFT, (Stage.DRAFTING, Stage.APPROVAL), "edit the draft"
    )
    if state.draft is None:
        raise _refuse(Rejection.WRONG_STAGE, "the first draft is still being composed")
    _valid_text(inp.title, inp.body, inp.language)


def recompose(state: IncidentState, inp: ComposeInput) -> None:
    stages = (Stage.DRAFTING, Stage.APPROVAL)
    _require(state, inp.actor, Action.EDIT_DRAFT, stages, "compose the draft")
    if state.draft is None:
        raise _refuse(Rejection.WRONG_STAGE, "the first draft is still being composed")
    if inp.language not in ("id", "en"):
        raise _refuse(Rejection.INVALID, "language must be id or en")


def decision(state: IncidentState, inp: DecisionInput) -> None:
    _require(state, inp.actor, Action.DECIDE, (Stage.APPROVAL,), "decide")
    if inp.decision not in set(Decision):
        raise _refuse(Rejection.INVALID, f"decision must be one of {', '.join(Decision)}")
    draft = state.draft
    assert draft is not None
    if inp.draft_hash != draft.hash:
        if any(old.hash == inp.draft_hash for old in state.drafts):
            raise _refuse(
                Rejection.STALE_DRAFT,
                f"draft_hash is of an older version; the current draft is "
                f"v{draft.version} ({draft.hash})",
            )
        raise _refuse(Rejection.UNKNOWN_DRAFT, "draft_hash matches no version of this draft")
    if inp.decision != Decision.APPROVE and not (inp.reason or "").strip():
        raise _refuse(Rejection.INVALID, f"reason: a {inp.decision} needs a reason")
    if inp.decision == Decision.APPROVE and draft.author.who == inp.actor.who:
        if draft.version in state.composed_versions:
            raise _refuse(
                Rejection.SELF_APPROVAL,
                f"draf v{draft.version} disusun dari verifikasi Anda; orang lain yang harus "
                f"menyetujuinya (you verified what draft v{draft.version} says; someone else "
                "must approve it)",
            )
        raise _refuse(
            Rejection.SELF_APPROVAL,
            f"you wrote draft v{draft.version}; someone else must approve it",
        )


def already_approved(state: IncidentState, inp: DecisionInput) -> bool:
    """The person's approval of this version still stands: a second click changes nothing."""
    if inp.decision != Decision.APPROVE:
        return False
    draft = state.draft
    assert draft is not None
    return has_standing_approval(state.decisions, draft, inp.actor.who)


def decision_entry(state: IncidentState, inp: DecisionInput, at: datetime) -> DecisionEntry:
    draft = state.draft
    assert draft is not None
    return DecisionEntry(
        id=f"{state.id}:d{len(state.decisions) + 1:04d}",
        draft_version=draft.version,
        draft_hash=draft.hash,
        decision=inp.decision,
        reason=inp.reason,
        actor=inp.actor,
        at=at,
    )


def cancel(state: IncidentState, inp: CancelInput) -> None:
    open_stages = tuple(stage for stage in Stage if stage != Stage.CLOSED)
    _require(state, inp.actor, Action.CANCEL, open_stages, "cancel")
    if not inp.reason.strip():
        raise _refuse(Rejection.INVALID, "reason: a cancellation needs a reason")


def retry_publishing(state: IncidentState, inp: RetryInput) -> None:
    """While publishing: after required channels failed. After it: one named channel. During a
    retraction a channel could not confirm: that retraction, on every such channel or one."""
    retracting = state.retraction is not None and state.needs_attention
    stages: tuple[Stage, ...] = (Stage.PUBLISHING, Stage.MONITORING)
    if retracting:  # asked for in monitoring, or while a correction waited for approval
        stages += (Stage.DRAFTING, Stage.APPROVAL)
    _require(state, inp.actor, Action.ADMINISTER, stages, "retry publishing")
    if state.stage == Stage.PUBLISHING and not state.needs_attention:
        raise _refuse(Rejection.WRONG_STAGE, "publishing has not failed; nothing to retry")
    if state.stage == Stage.MONITORING and inp.channel is None and not retracting:
        raise _refuse(Rejection.INVALID, "channel: name the failed channel to retry")
    if state.retry_requested:
        raise _refuse(Rejection.WRONG_STAGE, "a retry is already under way")
    if inp.channel is None:
        return
    names = [channel.name for channel in (state.rules.channels if state.rules else [])]
    if inp.channel not in names:
        raise _refuse(
            Rejection.INVALID, f"channel: {inp.channel!r} is not one of {', '.join(names)}"
        )
    done = state.publications.get(inp.channel)
    if done is None or done.status not in ("failed", "pending"):
        raise _refuse(Rejection.INVALID, f"channel: {inp.channel} has not failed")


def correction(state: IncidentState, inp: CorrectionInput) -> None:
    _require(state, inp.actor, Action.CORRECT, (Stage.MONITORING,), "correct the klarifikasi")
    if not state.live:
        raise _refuse(Rejection.WRONG_STAGE, "nothing is published that could be corrected")
    if not inp.reason.strip():
        raise _refuse(Rejection.INVALID, "reason: a correction needs a reason readers can see")
    _valid_text(inp.title, inp.body, inp.language)
    current = state.draft
    assert current is not None
    if (inp.title, inp.body, inp.language) == (current.title, current.body, current.language):
        raise _refuse(Rejection.INVALID, "body: the correction does not change the text")


def retraction(state: IncidentState, inp: CancelInput) -> None:
    stages = (Stage.MONITORING, Stage.DRAFTING, Stage.APPROVAL)
    _require(state, inp.actor, Action.RETRACT, stages, "retract the klarifikasi")
    if not state.live:
        raise _refuse(Rejection.WRONG_STAGE, "nothing is published that could be retracted")
    if state.retraction is not None:
        raise _refuse(Rejection.WRONG_STAGE, "the retraction is already under way")
    if not inp.reason.strip():
        raise _refuse(Rejection.INVALID, "reason: a retraction needs a reason readers can see")


def schedule_now(state: IncidentState, inp: ScheduleInput) -> None:
    """`schedule` at the workflow's clock."""
    schedule(state, inp, workflow.now())


def schedule(state: IncidentState, inp: ScheduleInput, now: datetime) -> None:
    stages = (Stage.VERIFICATION, Stage.DRAFTING, Stage.APPROVAL, Stage.PUBLISHING)
    _require(state, inp.actor, Action.SCHEDULE, stages, "schedule the publication")
    set_by = state.embargo_by
    if set_by is not None and not may_change_embargo(inp.actor, set_by):
        raise _refuse(
            Rejection.FORBIDDEN,
            f"embargo ditetapkan oleh penyetuju {set_by.name}; hanya penyetuju yang dapat "
            "mengubah atau mencabutnya (an approver set this embargo; only an approver may "
            "change or lift it)",
        )
    waiting = state.publish_at is not None and not state.embargo_over
    if state.stage == Stage.PUBLISHING and not waiting:
        raise _refuse(Rejection.WRONG_STAGE, "publication has already begun")
    if state.live:
        raise _refuse(Rejection.WRONG_STAGE, "the klarifikasi is already published")
    if inp.publish_at is not None and not now < inp.publish_at <= now + MAX_EMBARGO:
        raise _refuse(Rejection.INVALID, "publish_at: must be in the future, at most 60 days ahead")
