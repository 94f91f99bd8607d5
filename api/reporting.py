"""Reporting a claim: shared by `POST /incidents` and Slack's `/tangkal lapor`."""

from __future__ import annotations

import hashlib
import logging

from starlette.concurrency import run_in_threadpool

from api import intake, store
from api.deps import Services
from api.problems import Problem
from api.schemas import IncidentCreate, IncidentPublic
from api.starter import start_incident
from core.domain import Actor, Stage
from core.incident_ids import derived_incident_id, random_incident_id

log = logging.getLogger(__name__)


async def report_claim(
    services: Services, body: IncidentCreate, actor: Actor, idempotency_key: str | None
) -> tuple[IncidentPublic, bool]:
    """The stored incident, and whether it was an idempotent replay of an earlier report."""
    request_hash = hashlib.sha256(body.model_dump_json().encode()).hexdigest()
    scope = actor.id[:32]
    if idempotency_key is not None:
        existing = await run_in_threadpool(
            intake.find_idempotent, services.engine, scope, idempotency_key, request_hash
        )
        if existing is not None:
            incident = await run_in_threadpool(store.get_incident, services.engine, existing)
            if incident.stage == Stage.REPORTED and services.temporal is not None:
                await start_incident(services, existing)
            return incident, True
    # With an Idempotency-Key the id is derived from it, so two racing retries share one id.
    incident_id = (
        derived_incident_id(scope, idempotency_key) if idempotency_key else random_incident_id()
    )
    idempotency = (scope, idempotency_key, request_hash) if idempotency_key else None
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
    return await run_in_threadpool(store.get_incident, services.engine, incident_id), False
