"""One Temporal Schedule per monitored source of the policy, created or updated at worker start.

Not a workflow module (never loaded in the sandbox): it talks to the Temporal service.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleIntervalSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleSpec,
    ScheduleUpdate,
    ScheduleUpdateInput,
)
from temporalio.service import RPCError

from activities.types import PollRequest
from core.policy import Policy, Source
from workflows.source_poll import SourcePollWorkflow

log = logging.getLogger(__name__)


def schedule_id(task_queue: str, source: str) -> str:
    return f"{task_queue}:source:{source}"


def _schedule(source: Source, task_queue: str) -> Schedule:
    return Schedule(
        action=ScheduleActionStartWorkflow(
            SourcePollWorkflow.run,
            PollRequest(source.name),
            id=f"{task_queue}:poll:{source.name}",
            task_queue=task_queue,
        ),
        spec=ScheduleSpec(
            intervals=[ScheduleIntervalSpec(every=timedelta(minutes=source.every_minutes))]
        ),
        # A slow poll is never doubled; a failed one does not pause the schedule.
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP, pause_on_failure=False),
    )


async def ensure_source_schedules(client: Client, policy: Policy, task_queue: str) -> None:
    await _drop_removed(client, policy, task_queue)
    for source in policy.sources:
        wanted = _schedule(source, task_queue)
        sid = schedule_id(task_queue, source.name)
        try:
            await client.create_schedule(sid, wanted)
            log.info("schedule %s created (every %d min)", sid, source.every_minutes)
        except ScheduleAlreadyRunningError:

            def replace(_: ScheduleUpdateInput, schedule: Schedule = wanted) -> ScheduleUpdate:
                return ScheduleUpdate(schedule=schedule)

            await client.get_schedule_handle(sid).update(replace)
            log.info("schedule %s updated", sid)


async def _drop_removed(client: Client, policy: Policy, task_queue: str) -> None:
    """A source taken out of the policy stops being polled."""
    prefix = schedule_id(task_queue, "")
    wanted = {schedule_id(task_queue, source.name) for source in policy.sources}
    try:
        async for listed in await client.list_schedules():
            if listed.id.startswith(prefix) and listed.id not in wanted:
                await client.get_schedule_handle(listed.id).delete()
                log.info("schedule %s deleted: its source left the policy", listed.id)
    except RPCError as exc:  # listing needs visibility; a stale schedule only fails its polls
        log.warning("could not list schedules: %s", exc.message)
