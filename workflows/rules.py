"""The policy's rules for one incident, pure: the SLA deadline of each stage, and what each
update must satisfy. The checks run in the validator (to refuse before anything is recorded)
and again in the handler (another update may have changed the incident in between)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from temporalio import workflow
from temporalio.exceptions import ApplicationError
from temporalio.workflow import unsafe

with unsafe.imports_passed_through():
    from activities.types import DecisionEntry, IncidentRules
    from core.approval import has_standing_approval
    from core.domain import (
        MEDIA_CLAIMS,
        SLA_STAGES,
        Actor,
        Decision,
        MediaAuthenticity,
        Stage,
        Verdict,
    )
    from core.roles import Action, may, may_change_embargo, refusal
    from core.sla import Deadline
    from core.words import refusals as say
    from workflows.types import (
        CancelInput,
        ComposeInput,
        CorrectionInput,
        DecisionInput,
        DraftEditInput,
        DuplicateFeedbackInput,
        MatchFeedbackInput,
        Rejection,
        RetryInput,
        ScheduleInput,
        VerificationInput,
    )

if TYPE_CHECKING:
    from workflows.state import IncidentState

# An embargo longer than this is more likely a typo in the year than a plan.
MAX_EMBARGO = timedelta(days=60)


def deadline(
    rules: IncidentRules | None, stage: Stage, severity: str | None, now: datetime
) -> Deadline | None:
    if rules is None or stage not in SLA_STAGES:
        return None
    if severity:
        minutes = rules.severities[severity].sla_minutes[stage.value]
    else:  # triage runs before the severity is known: hold it to the strictest SLA
        minutes = min(s.sla_minutes[stage.value] for s in rules.severities.values())
    return Deadline.starting(now, minutes)


def _refuse(kind: Rejection, message: str) -> ApplicationError:
    """`message`: the catalogue's words (core/words/refusals.py), Indonesian first."""
    return ApplicationError(message, type=kind.value, non_retryable=True)


_both = say.bilingual


def _require(state: IncidentState, actor: Actor, action: Action, stages: tuple[Stage, ...]) -> None:
    if not may(actor, action):
        raise _refuse(Rejection.FORBIDDEN, refusal(action))
    if state.stage not in stages:
        allowed = tuple(stage.value for stage in stages)
        raise _refuse(Rejection.WRONG_STAGE, say.wrong_stage(action, state.stage.value, allowed))


def verification(state: IncidentState, inp: VerificationInput) -> None:
    _require(state, inp.actor, Action.VERIFY, (Stage.VERIFICATION,))
    if inp.verdict not in set(Verdict):
        raise _refuse(Rejection.INVALID, _both(say.BAD_VERDICT, values=", ".join(Verdict)))
    if not inp.summary.strip():
        raise _refuse(Rejection.INVALID, _both(say.NO_SUMMARY))
    missing = [
        item
        for item in (state.rules.required_checklist if state.rules else [])
        if item not in inp.checklist
    ]
    if missing:
        raise _refuse(Rejection.INVALID, _both(say.CHECKLIST, items=", ".join(missing)))
    if inp.media_authenticity is not None:
        if inp.media_authenticity not in set(MediaAuthenticity):
            values = ", ".join(MediaAuthenticity)
            raise _refuse(Rejection.INVALID, _both(say.BAD_MEDIA_CATEGORY, values=values))
        # A text claim with a photo, video or audio file attached is carried by that media.
        if state.report.media_type not in MEDIA_CLAIMS and not state.media_seen:
            kind = state.report.media_type or "text"
            raise _refuse(Rejection.INVALID, _both(say.NOT_MEDIA, kind=kind))


def match_feedback(state: IncidentState, inp: MatchFeedbackInput) -> None:
    """Before the verdict, while the suggested debunk can still decide the starting draft."""
    _require(state, inp.actor, Action.VERIFY, (Stage.VERIFICATION,))
    if state.archived is None:
        raise _refuse(Rejection.WRONG_STAGE, _both(say.NO_ARCHIVE_MATCH))
    if inp.decision not in ("confirm", "reject"):
        raise _refuse(Rejection.INVALID, _both(say.BAD_FEEDBACK))
    if inp.decision == "reject" and not inp.reason.strip():
        raise _refuse(Rejection.INVALID, _both(say.REJECT_REASON))


def duplicate_feedback(state: IncidentState, inp: DuplicateFeedbackInput) -> None:
    """While the incident is open, of a report joined to it, once."""
    open_stages = tuple(stage for stage in Stage if stage != Stage.CLOSED)
    _require(state, inp.actor, Action.VERIFY, open_stages)
    if inp.duplicate_id not in state.linked:
        raise _refuse(Rejection.WRONG_STAGE, _both(say.NOT_LINKED, id=inp.duplicate_id))
    if (judged := state.duplicates_judged.get(inp.duplicate_id)) is not None:
        raise _refuse(
            Rejection.WRONG_STAGE, _both(say.ALREADY_JUDGED, id=inp.duplicate_id, decision=judged)
        )
    if inp.decision not in ("confirm", "reject"):
        raise _refuse(Rejection.INVALID, _both(say.BAD_FEEDBACK))
    if inp.decision == "reject" and not inp.reason.strip():
        raise _refuse(Rejection.INVALID, _both(say.NOT_SAME_REASON))


def _valid_text(title: str, body: str, language: str) -> None:
    if not title.strip() or not body.strip():
        raise _refuse(Rejection.INVALID, _both(say.EMPTY_TEXT))
    if language not in ("id", "en"):
        raise _refuse(Rejection.INVALID, _both(say.BAD_LANGUAGE))


def draft_edit(state: IncidentState, inp: DraftEditInput) -> None:
    _require(state, inp.actor, Action.EDIT_DRAFT, (Stage.DRAFTING, Stage.APPROVAL))
    if state.draft is None:
        raise _refuse(Rejection.WRONG_STAGE, _both(say.STILL_COMPOSING))
    _valid_text(inp.title, inp.body, inp.language)


def recompose(state: IncidentState, inp: ComposeInput) -> None:
    stages = (Stage.DRAFTING, Stage.APPROVAL)
    _require(state, inp.actor, Action.EDIT_DRAFT, stages)
    if state.draft is None:
        raise _refuse(Rejection.WRONG_STAGE, _both(say.STILL_COMPOSING))
    if inp.language not in ("id", "en"):
        raise _refuse(Rejection.INVALID, _both(say.BAD_LANGUAGE))


def decision(state: IncidentState, inp: DecisionInput) -> None:
    _require(state, inp.actor, Action.DECIDE, (Stage.APPROVAL,))
    if inp.decision not in set(Decision):
        raise _refuse(Rejection.INVALID, _both(say.BAD_DECISION, values=", ".join(Decision)))
    draft = state.draft
    assert draft is not None
    if inp.draft_hash != draft.hash:
        if any(old.hash == inp.draft_hash for old in state.drafts):
            older = _both(say.OLDER_DRAFT, version=draft.version, hash=draft.hash)
            raise _refuse(Rejection.STALE_DRAFT, older)
        raise _refuse(Rejection.UNKNOWN_DRAFT, _both(say.UNKNOWN_DRAFT))
    if inp.decision != Decision.APPROVE and not (inp.reason or "").strip():
        raise _refuse(Rejection.INVALID, say.needs_reason(inp.decision))
    if inp.decision == Decision.APPROVE and draft.author.who == inp.actor.who:
        if draft.version in state.composed_versions:
            raise _refuse(Rejection.SELF_APPROVAL, _both(say.VERIFIED_IT, version=draft.version))
        raise _refuse(Rejection.SELF_APPROVAL, _both(say.WROTE_IT, version=draft.version))


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
    _require(state, inp.actor, Action.CANCEL, open_stages)
    if not inp.reason.strip():
        raise _refuse(Rejection.INVALID, _both(say.CANCEL_REASON))


def retry_publishing(state: IncidentState, inp: RetryInput) -> None:
    """While publishing: after required channels failed. After it: one named channel. During a
    retraction a channel could not confirm: that retraction, on every such channel or one."""
    retracting = state.retraction is not None and state.needs_attention
    stages: tuple[Stage, ...] = (Stage.PUBLISHING, Stage.MONITORING)
    if retracting:  # asked for in monitoring, or while a correction waited for approval
        stages += (Stage.DRAFTING, Stage.APPROVAL)
    _require(state, inp.actor, Action.ADMINISTER, stages)
    if state.stage == Stage.PUBLISHING and not state.needs_attention:
        raise _refuse(Rejection.WRONG_STAGE, _both(say.NOTHING_FAILED))
    if state.stage == Stage.MONITORING and inp.channel is None and not retracting:
        raise _refuse(Rejection.INVALID, _both(say.NAME_CHANNEL))
    if state.retry_requested:
        raise _refuse(Rejection.WRONG_STAGE, _both(say.RETRYING))
    if inp.channel is None:
        return
    names = [channel.name for channel in (state.rules.channels if state.rules else [])]
    if inp.channel not in names:
        unknown = _both(say.UNKNOWN_CHANNEL, channel=inp.channel, names=", ".join(names))
        raise _refuse(Rejection.INVALID, unknown)
    done = state.publications.get(inp.channel)
    if done is None or done.status not in ("failed", "pending"):
        raise _refuse(Rejection.INVALID, _both(say.CHANNEL_FINE, channel=inp.channel))


def correction(state: IncidentState, inp: CorrectionInput) -> None:
    _require(state, inp.actor, Action.CORRECT, (Stage.MONITORING,))
    if not state.live:
        raise _refuse(Rejection.WRONG_STAGE, _both(say.NOTHING_TO_CORRECT))
    if not inp.reason.strip():
        raise _refuse(Rejection.INVALID, _both(say.CORRECTION_REASON))
    _valid_text(inp.title, inp.body, inp.language)
    current = state.draft
    assert current is not None
    if (inp.title, inp.body, inp.language) == (current.title, current.body, current.language):
        raise _refuse(Rejection.INVALID, _both(say.SAME_TEXT))


def retraction(state: IncidentState, inp: CancelInput) -> None:
    stages = (Stage.MONITORING, Stage.DRAFTING, Stage.APPROVAL)
    _require(state, inp.actor, Action.RETRACT, stages)
    if not state.live:
        raise _refuse(Rejection.WRONG_STAGE, _both(say.NOTHING_TO_RETRACT))
    if state.retraction is not None:
        raise _refuse(Rejection.WRONG_STAGE, _both(say.RETRACTING))
    if not inp.reason.strip():
        raise _refuse(Rejection.INVALID, _both(say.RETRACTION_REASON))


def schedule_now(state: IncidentState, inp: ScheduleInput) -> None:
    """`schedule` at the workflow's clock."""
    schedule(state, inp, workflow.now())


def schedule(state: IncidentState, inp: ScheduleInput, now: datetime) -> None:
    stages = (Stage.VERIFICATION, Stage.DRAFTING, Stage.APPROVAL, Stage.PUBLISHING)
    _require(state, inp.actor, Action.SCHEDULE, stages)
    set_by = state.embargo_by
    if set_by is not None and not may_change_embargo(inp.actor, set_by):
        raise _refuse(
            Rejection.FORBIDDEN,
            _both(say.APPROVERS_EMBARGO, name=set_by.name),
        )
    waiting = state.publish_at is not None and not state.embargo_over
    if state.stage == Stage.PUBLISHING and not waiting:
        raise _refuse(Rejection.WRONG_STAGE, _both(say.PUBLISHING_BEGUN))
    if state.live:
        raise _refuse(Rejection.WRONG_STAGE, _both(say.ALREADY_PUBLISHED))
    if inp.publish_at is not None and not now < inp.publish_at <= now + MAX_EMBARGO:
        raise _refuse(Rejection.INVALID, _both(say.BAD_PUBLISH_AT))
