"""Sending an Update to an incident's workflow and translating its refusal into HTTP."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from starlette.concurrency import run_in_threadpool
from temporalio.client import (
    WorkflowExecutionStatus,
    WorkflowHandle,
    WorkflowUpdateFailedError,
    WorkflowUpdateRPCTimeoutOrCancelledError,
)
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from api import action_keys, store
from api.deps import Services, read_now, temporal_of
from api.incident_ids import check_incident_id
from api.problems import Problem
from api.schemas import DecisionOutcome, IncidentPublic
from core.domain import Stage
from workflows.types import Rejection, UpdateOutcome

STATUS = {
    Rejection.WRONG_STAGE: 409,
    Rejection.STALE_DRAFT: 409,
    Rejection.UNKNOWN_DRAFT: 422,
    Rejection.FORBIDDEN: 403,
    Rejection.SELF_APPROVAL: 403,
    Rejection.INVALID: 422,
}
# Past this the worker is presumed down: the caller is told, and may retry with the same key.
UPDATE_WAIT_SECONDS = 20.0


async def send_update(
    services: Services, incident_id: str, update: Any, arg: Any, idempotency_key: str | None
) -> DecisionOutcome:
    check_incident_id(incident_id)  # before anything is sent or bound
    handle = temporal_of(services).get_workflow_handle(incident_id)
    # The same caller's same Idempotency-Key gives the same update id: applied once, and
    # answered with the first result; so the key is bound to this very request first.
    update_id = str(uuid.uuid4())
    if idempotency_key:
        update_id = f"{arg.actor.id}:{idempotency_key}"
        request_hash = action_keys.fingerprint(update.__name__, arg)
        await run_in_threadpool(
            action_keys.bind,
            services.engine,
            arg.actor.id,
            incident_id,
            idempotency_key,
            request_hash,
        )
    try:
        outcome: UpdateOutcome = await asyncio.wait_for(
            handle.execute_update(update, arg, id=update_id, result_type=UpdateOutcome),
            timeout=UPDATE_WAIT_SECONDS,
        )
    except WorkflowUpdateFailedError as exc:
        cause = exc.cause
        if isinstance(cause, ApplicationError) and cause.type in STATUS:
            raise Problem(STATUS[Rejection(cause.type)], cause.message, code=cause.type) from None
        raise Problem(409, "the incident refused this change", code="refused") from None
    except RPCError as exc:
        if exc.status == RPCStatusCode.NOT_FOUND:  # unknown, or its workflow has ended
            raise await _not_running(services, incident_id) from None
        raise Problem(
            503,
            "the workflow engine did not answer; retry with the same Idempotency-Key",
            code="temporal_unavailable",
            headers={"Retry-After": "5"},
        ) from None
    except (TimeoutError, WorkflowUpdateRPCTimeoutOrCancelledError):
        if await _has_ended(handle):
            # The incident closed while the update waited to be taken (the server does not
            # always answer such an update): it is closed, not unavailable.
            raise await _not_running(services, incident_id) from None
        raise Problem(
            503,
            "no worker answered in time; retry with the same Idempotency-Key",
            code="worker_unavailable",
            headers={"Retry-After": "5"},
        ) from None
    incident = await _read_back(services, incident_id)
    return DecisionOutcome(message=outcome.message, incident=incident)


async def _read_back(services: Services, incident_id: str) -> IncidentPublic:
    """The incident as the read model has it now: the update answers once its change is
    written there (`IncidentWorkflow._answer`); read as the status read is."""
    return await read_now(services, store.incident_public, incident_id)


async def _has_ended(handle: WorkflowHandle[Any, Any]) -> bool:
    try:
        described = await asyncio.wait_for(handle.describe(), timeout=5)
    except (RPCError, TimeoutError):
        return False
    return described.status not in (None, WorkflowExecutionStatus.RUNNING)


async def _not_running(services: Services, incident_id: str) -> Problem:
    """Why an incident's workflow took no update: 404 if there is no such incident; else it
    has ended (closed), which is read only now, off the path of every decision."""
    stage, resolution = await run_in_threadpool(store.stage_of, services.engine, incident_id)
    if stage == Stage.CLOSED:
        return Problem(
            409,
            f"incident {incident_id} is closed ({resolution})",
            code=Rejection.WRONG_STAGE.value,
        )
    return Problem(
        409, f"incident {incident_id} is no longer running", code=Rejection.WRONG_STAGE.value
    )
