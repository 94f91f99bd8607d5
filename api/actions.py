"""What people do to an incident: verdict, draft edits, decisions, cancel, publication retry,
and around publication: schedule (embargo), correction, retraction."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header

from api.deps import ServicesDep, allowed
from api.incident_ids import check_incident_id
from api.problems import problem_responses
from api.schemas import (
    ArchiveMatchFeedback,
    ComposeCreate,
    CorrectionCreate,
    DecisionCreate,
    DecisionOutcome,
    DraftUpdate,
    DuplicateFeedback,
    PublicationRetry,
    ReasonCreate,
    ScheduleCreate,
    VerificationCreate,
)
from api.updates import send_update
from core.domain import Actor
from core.roles import Action
from workflows.incident import IncidentWorkflow
from workflows.types import (
    CancelInput,
    ComposeInput,
    CorrectionInput,
    DecisionInput,
    DraftEditInput,
    DuplicateFeedbackInput,
    MatchFeedbackInput,
    RetryInput,
    ScheduleInput,
    VerificationInput,
)

# 409: wrong stage or stale draft; 503: no worker answered (retry with the same key).
router = APIRouter(
    prefix="/incidents/{incident_id}",
    tags=["actions"],
    responses=problem_responses(401, 403, 409, 503),
)
# Bound to the action and its body on this incident: reused for another request, it is a 422.
IdempotencyKey = Annotated[str | None, Header(max_length=200)]


@router.post("/verification", response_model=DecisionOutcome)
async def record_verdict(
    incident_id: str,
    body: VerificationCreate,
    services: ServicesDep,
    actor: Annotated[Actor, allowed(Action.VERIFY)],
    idempotency_key: IdempotencyKey = None,
) -> DecisionOutcome:
    arg = verification_input(body, actor)
    return await send_update(services, incident_id, IncidentWorkflow.verify, arg, idempotency_key)


def verification_input(body: VerificationCreate, actor: Actor) -> VerificationInput:
    """The verdict as the workflow takes it, from the API's body (and the verifier's page)."""
    return VerificationInput(
        actor=actor,
        verdict=body.verdict.value,
        summary=body.summary,
        evidence_urls=list(body.evidence_urls),
        authority=body.authority,
        checklist=list(body.checklist),
        media_authenticity=body.media_authenticity.value if body.media_authenticity else None,
    )


@router.put("/draft", response_model=DecisionOutcome)
async def edit_draft(
    incident_id: str,
    body: DraftUpdate,
    services: ServicesDep,
    actor: Annotated[Actor, allowed(Action.EDIT_DRAFT)],
    idempotency_key: IdempotencyKey = None,
) -> DecisionOutcome:
    arg = DraftEditInput(actor=actor, title=body.title, body=body.body, language=body.language)
    return await send_update(
        services, incident_id, IncidentWorkflow.edit_draft, arg, idempotency_key
    )


@router.post("/draft/compose", response_model=DecisionOutcome)
async def compose_draft(
    incident_id: str,
    body: ComposeCreate,
    services: ServicesDep,
    actor: Annotated[Actor, allowed(Action.EDIT_DRAFT)],
    idempotency_key: IdempotencyKey = None,
) -> DecisionOutcome:
    """A new draft version composed from the templates in `language` (e.g. English)."""
    arg = ComposeInput(actor=actor, language=body.language)
    return await send_update(
        services, incident_id, IncidentWorkflow.recompose, arg, idempotency_key
    )


@router.post("/decisions", response_model=DecisionOutcome)
async def decide(
    incident_id: str,
    body: DecisionCreate,
    services: ServicesDep,
    actor: Annotated[Actor, allowed(Action.DECIDE)],
    idempotency_key: IdempotencyKey = None,
) -> DecisionOutcome:
    arg = DecisionInput(
        actor=actor, decision=body.decision.value, draft_hash=body.draft_hash, reason=body.reason
    )
    return await send_update(services, incident_id, IncidentWorkflow.decide, arg, idempotency_key)


@router.post("/archive-match", response_model=DecisionOutcome)
async def judge_archive_match(
    incident_id: str,
    body: ArchiveMatchFeedback,
    services: ServicesDep,
    actor: Annotated[Actor, allowed(Action.VERIFY)],
    idempotency_key: IdempotencyKey = None,
) -> DecisionOutcome:
    """The verifier confirms or rejects the archive match (before the verdict); a rejected one
    is unlinked and the starting draft composed afresh. Both are on the timeline and in
    `tangkal archive feedback export`."""
    arg = MatchFeedbackInput(actor=actor, decision=body.decision, reason=body.reason)
    update = IncidentWorkflow.judge_archive_match
    return await send_update(services, incident_id, update, arg, idempotency_key)


@router.post("/duplicates/{duplicate_id}", response_model=DecisionOutcome)
async def judge_duplicate(
    incident_id: str,
    duplicate_id: str,
    body: DuplicateFeedback,
    services: ServicesDep,
    actor: Annotated[Actor, allowed(Action.VERIFY)],
    idempotency_key: IdempotencyKey = None,
) -> DecisionOutcome:
    """The verifier confirms that a report joined to this incident is the same hoax, or
    rejects it: that report is then reported again as an incident of its own (its
    `split_from` names the report) and goes through triage without being joined here again.
    Both are on the timeline and in `tangkal archive feedback export`."""
    check_incident_id(duplicate_id)  # one that cannot exist is a 404, as in the path before it
    arg = DuplicateFeedbackInput(actor, duplicate_id, body.decision, body.reason)
    update = IncidentWorkflow.judge_duplicate
    return await send_update(services, incident_id, update, arg, idempotency_key)


@router.post("/cancel", response_model=DecisionOutcome)
async def cancel(
    incident_id: str,
    body: ReasonCreate,
    services: ServicesDep,
    actor: Annotated[Actor, allowed(Action.CANCEL)],
    idempotency_key: IdempotencyKey = None,
) -> DecisionOutcome:
    arg = CancelInput(actor=actor, reason=body.reason)
    return await send_update(services, incident_id, IncidentWorkflow.cancel, arg, idempotency_key)


@router.post("/publications/retry", response_model=DecisionOutcome)
async def retry_publishing(
    incident_id: str,
    body: PublicationRetry,
    services: ServicesDep,
    actor: Annotated[Actor, allowed(Action.ADMINISTER)],
    idempotency_key: IdempotencyKey = None,
) -> DecisionOutcome:
    """Retries the failed channels, or only `channel` when it is named."""
    arg = RetryInput(actor=actor, reason=body.reason, channel=body.channel)
    return await send_update(
        services, incident_id, IncidentWorkflow.retry_publishing, arg, idempotency_key
    )


@router.post("/schedule", response_model=DecisionOutcome)
async def schedule_publication(
    incident_id: str,
    body: ScheduleCreate,
    services: ServicesDep,
    actor: Annotated[Actor, allowed(Action.SCHEDULE)],
    idempotency_key: IdempotencyKey = None,
) -> DecisionOutcome:
    """Embargo: the approved klarifikasi is published at `publish_at` (null lifts it)."""
    arg = ScheduleInput(actor=actor, publish_at=body.publish_at, reason=body.reason)
    return await send_update(
        services, incident_id, IncidentWorkflow.schedule_publication, arg, idempotency_key
    )


@router.post("/correction", response_model=DecisionOutcome)
async def propose_correction(
    incident_id: str,
    body: CorrectionCreate,
    services: ServicesDep,
    actor: Annotated[Actor, allowed(Action.CORRECT)],
    idempotency_key: IdempotencyKey = None,
) -> DecisionOutcome:
    """A corrected text for the published klarifikasi; it needs approval again."""
    arg = CorrectionInput(
        actor=actor, title=body.title, body=body.body, language=body.language, reason=body.reason
    )
    return await send_update(
        services, incident_id, IncidentWorkflow.propose_correction, arg, idempotency_key
    )


@router.post("/retraction", response_model=DecisionOutcome)
async def retract(
    incident_id: str,
    body: ReasonCreate,
    services: ServicesDep,
    actor: Annotated[Actor, allowed(Action.RETRACT)],
    idempotency_key: IdempotencyKey = None,
) -> DecisionOutcome:
    """Withdraws the published klarifikasi from every channel and closes the incident."""
    arg = CancelInput(actor=actor, reason=body.reason)
    return await send_update(services, incident_id, IncidentWorkflow.retract, arg, idempotency_key)
