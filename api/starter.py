"""Starting an incident's workflow from its stored report, and restarting any that never began."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from starlette.concurrency import run_in_threadpool
from temporalio.client import WorkflowHandle
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from api import intake
from api.deps import Services, temporal_of
from core.db import utc
from core.reports import stored_report
from core.tables import Incident
from workflows.incident import IncidentWorkflow
from workflows.types import IncidentInput

log = logging.getLogger(__name__)


def incident_input(row: Incident) -> IncidentInput:
    report, reporter = stored_report(row)
    return IncidentInput(row.id, report, reporter, utc(row.created_at))


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
