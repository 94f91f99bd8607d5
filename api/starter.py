"""Starting an incident's workflow from its stored report, and restarting any that never began."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from starlette.concurrency import run_in_threadpool
from temporalio.client import WorkflowHandle
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from activities.types import Report
from api import intake
from api.deps import Services, temporal_of
from core.db import utc
from core.domain import Actor, ActorKind, Role
from core.tables import Incident
from workflows.incident import IncidentWorkflow
from workflows.types import IncidentInput

log = logging.getLogger(__name__)


def incident_input(row: Incident) -> IncidentInput:
    reporter = row.reporter or {"kind": "system", "id": "unknown", "name": "unknown"}
    return IncidentInput(
        incident_id=row.id,
        report=Report(
            claim=row.claim,
            source_urls=row.source_urls or [],
            platform=row.platform,
            reach=row.reach,
            media_type=row.media_type,
            language=row.language,
            notes=row.notes,
            growth_per_hour=row.growth_per_hour,
            first_seen_at=utc(row.first_seen_at) if row.first_seen_at else None,
        ),
        reporter=Actor(
            ActorKind(reporter["kind"]),
            reporter["id"],
            reporter["name"],
            tuple(Role(r) for r in reporter.get("roles", [])),
        ),
        reported_at=utc(row.created_at),
    )


def _load(services: Services, incident_id: str) -> Incident | None:
    from sqlmodel import Session

    with Session(services.engine) as session:
        return session.get(Incident, incident_id)


async def start_incident(services: Services, incident_id: str) -> None:
    row = await run_in_threadpool(_load, services, incident_id)
    if row is None:
        return
    client = temporal_of(services)
    try:
        handle: WorkflowHandle[IncidentWorkflow, str] = await client.start_workflow(
            IncidentWorkflow.run,
            incident_input(row),
            id=incident_id,
            task_queue=services.settings.task_queue,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
        )
        log.info("started workflow %s", handle.id)
    except WorkflowAlreadyStartedError:
        pass  # already ran to completion; nothing to do


async def reconcile_forever(services: Services, every: timedelta) -> None:
    """Start the workflow of any stored report whose start was lost (API died, Temporal down)."""
    while True:
        try:
            cutoff = intake.utcnow() - every
            for row in await run_in_threadpool(intake.unstarted_incidents, services.engine, cutoff):
                await start_incident(services, row.id)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("reconciler: %s", type(exc).__name__)
        await asyncio.sleep(every.total_seconds())
