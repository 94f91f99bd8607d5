"""Reporting and reading incidents: POST/GET /incidents, GET /incidents/{id}[/timeline]."""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response
from starlette.concurrency import run_in_threadpool

from api import intake, store
from api.deps import CurrentActor, ServicesDep, allowed
from api.problems import Problem
from api.schemas import IncidentCreate, IncidentPage, IncidentPublic, TimelineEventPublic
from api.starter import start_incident
from core.domain import Actor, Severity, Stage
from core.roles import Action

log = logging.getLogger(__name__)
router = APIRouter(prefix="/incidents", tags=["incidents"])


def _new_id(api_key_id: str, idempotency_key: str | None) -> str:
    # With an Idempotency-Key the id is derived from it, so two racing retries share one id.
    seed = (
        f"{api_key_id}\0{idempotency_key}".encode() if idempotency_key else secrets.token_bytes(16)
    )
    digest = hashlib.sha256(seed).digest()
    return "TK-" + base64.b32encode(digest).decode()[:10]


@router.post("", status_code=201, response_model=IncidentPublic)
async def report_incident(
    body: IncidentCreate,
    services: ServicesDep,
    response: Response,
    actor: Annotated[Actor, allowed(Action.REPORT)],
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> IncidentPublic:
    request_hash = hashlib.sha256(body.model_dump_json().encode()).hexdigest()
    if idempotency_key is not None:
        existing = await run_in_threadpool(
            intake.find_idempotent, services.engine, actor.id, idempotency_key, request_hash
        )
        if existing is not None:
            response.headers["Idempotent-Replayed"] = "true"
            incident = await run_in_threadpool(store.get_incident, services.engine, existing)
            if incident.stage == Stage.REPORTED and services.temporal is not None:
                await start_incident(services, existing)
            return incident
    incident_id = _new_id(actor.id, idempotency_key)
    idempotency = (actor.id, idempotency_key, request_hash) if idempotency_key else None
    created = await run_in_threadpool(
        intake.record_report,
        services.engine,
        incident_id,
        body,
        actor,
        idempotency,
        intake.utcnow(),
    )
    if not created and idempotency_key is None:
        raise Problem(409, "incident id collision; retry the request", code="conflict")
    try:
        await start_incident(services, incident_id)
    except Exception:
        # The report is stored: the reconciler starts its workflow once Temporal answers again.
        log.warning("workflow start for %s deferred: Temporal unavailable", incident_id)
    response.headers["Location"] = f"/incidents/{incident_id}"
    return await run_in_threadpool(store.get_incident, services.engine, incident_id)


@router.get("", response_model=IncidentPage)
def list_incidents(
    services: ServicesDep,
    _: Annotated[Actor, allowed(Action.READ)],
    stage: Stage | None = None,
    severity: Severity | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> IncidentPage:
    return store.list_incidents(
        services.engine, stage=stage, severity=severity, q=q, limit=limit, cursor=cursor
    )


@router.get("/{incident_id}", response_model=IncidentPublic)
def get_incident(incident_id: str, services: ServicesDep, _: CurrentActor) -> IncidentPublic:
    return store.get_incident(services.engine, incident_id)


@router.get("/{incident_id}/timeline", response_model=list[TimelineEventPublic])
def get_timeline(
    incident_id: str, services: ServicesDep, _: CurrentActor
) -> list[TimelineEventPublic]:
    return store.timeline(services.engine, incident_id)
