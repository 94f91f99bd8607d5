"""SourcePollWorkflow: one poll of one monitored source, started by that source's Schedule.

The poll activity writes each new item's incident row; this workflow then starts the incident's
own workflow (abandoned when the poll ends: an incident outlives the poll that found it). The
incident id is derived from the item, so a poll retried or repeated never starts a second one.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    import core.domain  # noqa: F401  (Actor's type hints resolve against the real module)
    from activities import contract
    from activities.types import PollRequest
    from workflows.opened import start_opened

POLL_TIMEOUT = timedelta(minutes=2)
# A few quick retries; past them the next scheduled poll tries again.
POLL_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=2),
    maximum_interval=timedelta(seconds=20),
    maximum_attempts=3,
)


@workflow.defn(name="SourcePollWorkflow")
class SourcePollWorkflow:
    @workflow.run
    async def run(self, request: PollRequest) -> list[str]:
        result = await workflow.execute_activity(
            contract.poll_source,
            request,
            start_to_close_timeout=POLL_TIMEOUT,
            heartbeat_timeout=timedelta(seconds=30),
            retry_policy=POLL_RETRY,
        )
        return [opened.incident_id for opened in result.opened if await start_opened(opened)]
