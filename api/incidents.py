"""Reporting and reading incidents: POST/GET /incidents, GET /incidents/{id}[/timeline]."""

from __future__ import annotations

import logging
import re
from typing import Annotated

import pydantic_core
from fastapi import APIRouter, Header, Query, Request, Response
from sqlalchemy import Connection

from api import store
from api.deps import (
    CurrentActor,
    Services,
    ServicesDep,
    allowed,
    bearer_key,
    live_key,
    read_now,
)
from api.incident_ids import check_incident_id
from api.problems import Problem, problem_responses
from api.reader import ReaderDep
from api.reporting import report_claim
from api.schemas import IncidentCreate, IncidentPage, IncidentPublic, TimelineEventPublic
from core.domain import Actor, Severity, Stage
from core.roles import Action

log = logging.getLogger(__name__)
# What a search may not contain (PostgreSQL refuses NUL in any text it compares).
CONTROL = "[\x00-\x08\x0a-\x1f\x7f]"
NO_CONTROL = "^[^\x00-\x08\x0a-\x1f\x7f]*$"
router = APIRouter(prefix="/incidents", tags=["incidents"], responses=problem_responses(401))
# The status read alone, matched first and with no router dependency (each costs a
# resolution per request): it checks its incident id itself.
status_router = APIRouter(prefix="/incidents", tags=["incidents"], responses=problem_responses(401))


@router.post(
    "", status_code=201, response_model=IncidentPublic, responses=problem_responses(403, 409)
)
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
    q: Annotated[
        str | None, Query(max_length=200, json_schema_extra={"pattern": NO_CONTROL})
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> IncidentPage:
    if q is not None and re.search(CONTROL, q):
        raise Problem(
            422,
            "q: control characters (U+0000 to U+001F but tab, and U+007F) are not searchable",
            code="invalid_request",
            errors=[{"field": "q", "message": "contains a control character"}],
        )
    return store.list_incidents(
        services.engine, stage=stage, severity=severity, q=q, limit=limit, cursor=cursor
    )


def _status(connection: Connection, key: str, incident_id: str) -> bytes:
    live_key(connection, key)  # any role may read: who holds it is not needed
    document = store.incident_document(connection, incident_id)
    # Serialised as built: it has IncidentPublic's fields and types by construction (its
    # test checks), so a model in between would only copy it twice.
    return pydantic_core.to_json(document)


@status_router.get("/{incident_id}", response_model=IncidentPublic)
async def get_incident(incident_id: str, request: Request) -> Response:
    # The API's hottest read (status polling): the caller's key and the incident are read on
    # one connection, in one snapshot. Any role may read. (The services straight from the app's
    # state: a dependency costs a resolution per request.)
    check_incident_id(incident_id)
    services: Services = request.app.state.services
    # SQLite: on the loop (a local file in WAL mode, read by primary keys and bounded index
    # ranges, cheaper than the thread hop: docs/benchmarks.md); PostgreSQL in a thread.
    body = await read_now(services, _status, bearer_key(request), incident_id)
    return Response(body, media_type="application/json")


@router.get("/{incident_id}/timeline", response_model=list[TimelineEventPublic])
def get_timeline(
    incident_id: str, services: ServicesDep, _: CurrentActor, clock: ReaderDep
) -> list[TimelineEventPublic]:
    """Each event's `summary` is said in the organisation's language (or `Accept-Language`)."""
    return store.timeline(services.engine, incident_id, clock)
