"""Splitting a wrongly joined duplicate off: "is this the same hoax?" answered no.

The report is written again as an incident of its own (`activities.splitting`), whose workflow
this one starts and abandons: the new incident outlives the one that judged it.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities import contract
    from activities.types import SplitRequest
    from core.incident_ids import derived_incident_id
    from workflows.opened import start_opened

STEP_TIMEOUT = timedelta(seconds=30)


def split_id(duplicate_id: str) -> str:
    """The new incident's id, derived from the report: a retry splits nothing twice."""
    return derived_incident_id("split", duplicate_id)


async def split_off(duplicate_id: str, incident_id: str) -> None:
    """The joined report `duplicate_id`, reported again as the incident `incident_id` of its
    own, and its workflow started: it outlives this one."""
    request = SplitRequest(duplicate_id, incident_id)
    opened = await workflow.execute_activity(
        contract.split_duplicate, request, start_to_close_timeout=STEP_TIMEOUT
    )
    await start_opened(opened)
