"""What each update must satisfy. Used by the validator (to refuse before anything is recorded)
and again by the handler (another update may have changed the incident in between)."""

from __future__ import annotations

from datetime import datetime

from temporalio.exceptions import ApplicationError
from temporalio.workflow import unsafe

with unsafe.imports_passed_through():
    from activities.types import DecisionEntry, IncidentRules
    from core.domain import Actor, Decision, Stage, Verdict
    from core.roles import Action, may, refusal
    from workflows.record import IncidentRecord
    from workflows.types import (
        CancelInput,
        DecisionInput,
        DraftEditInput,
        Rejection,
        VerificationInput,
    )


def _refuse(kind: Rejection, message: str) -> ApplicationError:
    return ApplicationError(message, type=kind.value, non_retryable=True)


def _require(
    record: IncidentRecord, actor: Actor, action: Action, stages: tuple[Stage, ...], doing: str
) -> None:
    if not may(actor, action):
        raise _refuse(Rejection.FORBIDDEN, refusal(action))
    if record.stage not in stages:
        allowed = " or ".join(stage.value for stage in stages)
        raise _refuse(
            Rejection.WRONG_STAGE,
            f"cannot {doing}: incident is in stage {record.stage.value}, this needs {allowed}",
        )


def verification(
    record: IncidentRecord, rules: IncidentRules | None, inp: VerificationInput
) -> None:
    _require(record, inp.actor, Action.VERIFY, (Stage.VERIFICATION,), "record a verdict")
    if inp.verdict not in set(Verdict):
        raise _refuse(Rejection.INVALID, f"verdict must be one of {', '.join(Verdict)}")
    if not inp.summary.strip():
        raise _refuse(Rejection.INVALID, "summary: the facts found must be stated")
    missing = [
        item for item in (rules.required_checklist if rules else []) if item not in inp.checklist
    ]
    if missing:
        raise _refuse(Rejection.INVALID, "checklist: the policy requires " + ", ".join(missing))


def draft_edit(record: IncidentRecord, inp: DraftEditInput) -> None:
    _require(
        record, inp.actor, Action.EDIT_DRAFT, (Stage.DRAFTING, Stage.APPROVAL), "edit the draft"
    )
    if record.draft is None:
        raise _refuse(Rejection.WRONG_STAGE, "the first draft is still being composed")
    if not inp.title.strip() or not inp.body.strip():
        raise _refuse(Rejection.INVALID, "title and body must not be empty")
    if inp.language not in ("id", "en"):
        raise _refuse(Rejection.INVALID, "language must be id or en")


def decision(record: IncidentRecord, inp: DecisionInput) -> None:
    _require(record, inp.actor, Action.DECIDE, (Stage.APPROVAL,), "decide")
    if inp.decision not in set(Decision):
        raise _refuse(Rejection.INVALID, f"decision must be one of {', '.join(Decision)}")
    draft = record.draft
    assert draft is not None
    if inp.draft_hash != draft.hash:
        if any(old.hash == inp.draft_hash for old in record.drafts):
            raise _refuse(
                Rejection.STALE_DRAFT,
                f"draft_hash is of an older version; the current draft is "
                f"v{draft.version} ({draft.hash})",
            )
        raise _refuse(Rejection.UNKNOWN_DRAFT, "draft_hash matches no version of this draft")
    if inp.decision != Decision.APPROVE and not (inp.reason or "").strip():
        raise _refuse(Rejection.INVALID, f"reason: a {inp.decision} needs a reason")
    if inp.decision == Decision.APPROVE and draft.author.who == inp.actor.who:
        raise _refuse(
            Rejection.SELF_APPROVAL,
            f"you wrote draft v{draft.version}; someone else must approve it",
        )


def already_approved(record: IncidentRecord, inp: DecisionInput) -> bool:
    return inp.decision == Decision.APPROVE and any(
        d.decision == Decision.APPROVE
        and d.draft_hash == inp.draft_hash
        and d.actor.who == inp.actor.who
        for d in record.decisions
    )


def decision_entry(record: IncidentRecord, inp: DecisionInput, at: datetime) -> DecisionEntry:
    draft = record.draft
    assert draft is not None
    return DecisionEntry(
        id=f"{record.id}:d{len(record.decisions) + 1:04d}",
        draft_version=draft.version,
        draft_hash=draft.hash,
        decision=inp.decision,
        reason=inp.reason,
        actor=inp.actor,
        at=at,
    )


def cancel(record: IncidentRecord, inp: CancelInput) -> None:
    open_stages = tuple(stage for stage in Stage if stage != Stage.CLOSED)
    _require(record, inp.actor, Action.CANCEL, open_stages, "cancel")
    if not inp.reason.strip():
        raise _refuse(Rejection.INVALID, "reason: a cancellation needs a reason")


def retry_publishing(record: IncidentRecord, inp: CancelInput) -> None:
    _require(record, inp.actor, Action.ADMINISTER, (Stage.PUBLISHING,), "retry publishing")
    if not record.snapshot.needs_attention:
        raise _refuse(Rejection.WRONG_STAGE, "publishing has not failed; nothing to retry")
