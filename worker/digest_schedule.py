"""The Temporal Schedule of the daily digest, created or updated at every worker start.

Not a workflow module (it talks to the Temporal service): the worker calls it.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleCalendarSpec,
    ScheduleRange,
    ScheduleSpec,
    ScheduleUpdate,
    ScheduleUpdateInput,
)
from temporalio.service import RPCError, RPCStatusCode

from activities.digest_types import DigestInput
from core.policy import Policy
from workflows.digest import DailyDigestWorkflow

log = logging.getLogger(__name__)


def digest_schedule_id(task_queue: str) -> str:
    return f"{task_queue}-daily-digest"


def digest_schedule(task_queue: str, policy: Policy) -> Schedule:
    hour, minute, second = policy.digest.hour_minute_second
    return Schedule(
        action=ScheduleActionStartWorkflow(
            DailyDigestWorkflow.run,
            DigestInput(hours=24),
            id=digest_schedule_id(task_queue),
            task_queue=task_queue,
            execution_timeout=timedelta(hours=2),
        ),
        spec=ScheduleSpec(
            calendars=[
                ScheduleCalendarSpec(
                    hour=[ScheduleRange(hour)],
                    minute=[ScheduleRange(minute)],
                    second=[ScheduleRange(second)],
                    comment="Tangkal daily digest",
                )
            ],
            time_zone_name=policy.organization.timezone,
        ),
    )


async def ensure_digest_schedule(client: Client, task_queue: str, policy: Policy) -> bool:
    """Create the schedule, or bring an existing one in line with the policy. False when the
    digest is disabled (an existing schedule is then removed) or the server has no schedules."""
    schedule_id = digest_schedule_id(task_queue)
    handle = client.get_schedule_handle(schedule_id)
    try:
        if not policy.digest.enabled:
            try:
                await handle.delete()
            except RPCError as exc:
                if exc.status != RPCStatusCode.NOT_FOUND:
                    raise
            return False
        wanted = digest_schedule(task_queue, policy)
        try:
            await client.create_schedule(schedule_id, wanted)
        except ScheduleAlreadyRunningError:

            def replace(_: ScheduleUpdateInput) -> ScheduleUpdate:
                return ScheduleUpdate(schedule=wanted)

            await handle.update(replace)
    except RPCError as exc:
        if exc.status != RPCStatusCode.UNIMPLEMENTED:
            raise
        # The time-skipping test server implements no schedules; incidents still run.
        log.warning("this Temporal server has no schedules: the daily digest is off")
        return False
    return True
