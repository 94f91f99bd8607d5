"""What people do to an incident: verdict, draft edits, decisions, cancel, publication retry."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header

from api.deps import ServicesDep, allowed
from api.schemas import (
    DecisionCreate,
    DecisionOutcome,
    DraftUpdate,
    ReasonCreate,
    VerificationCreate,
)
from api.updates import send_update
from core.domain import Actor
from core.roles import Action
from workflows.incident import IncidentWorkflow
from workflows.types import CancelInput, DecisionInput, DraftEditInput, VerificationInput

router = APIRouter(prefix="/incidents/{incident_id}", tags=["actions"])
IdempotencyKey = Annotated[str | None, Header(max_length=200)]


@router.post("/verification", response_model=DecisionOutcome)
async def record_verdict(
    incident_id: str,
    body: VerificationCreate,
    services: ServicesDep,
    actor: Annotated[Actor, allowed(Action.VERIFY)],
    idempotency_key: IdempotencyKey = None,
) -> DecisionOutcome:
    arg = VerificationInput(
        actor=actor,
        verdict=body.verdict.value,
        summary=body.summary,
        evidence_urls=list(body.evidence_urls),
        authority=body.authority,
        checklist=list(body.checklist),
    )
    return await send_update(services, incident_id, IncidentWorkflow.verify, arg, idempotency_key)


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
    body: ReasonCreate,
    services: ServicesDep,
    actor: Annotated[Actor, allowed(Action.ADMINISTER)],
    idempotency_key: IdempotencyKey = None,
) -> DecisionOutcome:
    arg = CancelInput(actor=actor, reason=body.reason)
    return await send_update(
        services, incident_id, IncidentWorkflow.retry_publishing, arg, idempotency_key
    )
