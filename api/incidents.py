"""Reporting and reading incidents: POST/GET /incidents, GET /incidents/{id}[/timeline]."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response

from api import store
from api.deps import CurrentActor, ServicesDep, allowed
from api.reporting import report_claim
from api.schemas import IncidentCreate, IncidentPage, IncidentPublic, TimelineEventPublic
from core.domain import Actor, Severity, Stage
from core.roles import Action

log = logging.getLogger(__name__)
router = APIRouter(prefix="/incidents", tags=["incidents"])


@router.post("", status_code=201, response_model=IncidentPublic)
async def report_incident(
    body: IncidentCreate,
    services: ServicesDep,
    response: Response,
    actor: Annotated[Actor, allowed(Action.REPORT)],
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> IncidentPublic:
    incident, replayed = await report_claim(services, body, actor, idempotency_key)
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    response.headers["Location"] = f"/incidents/{incident.id}"
    return incident


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
