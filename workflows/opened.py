"""Starting the workflow of an incident another workflow reported (`activities.types.
OpenedIncident`: its row and entry 0 are written), abandoned when that one ends: an incident
outlives the poll that found it or the incident that split it off."""

from __future__ import annotations

from temporalio import workflow
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

with workflow.unsafe.imports_passed_through():
    from activities.types import OpenedIncident
    from workflows.types import IncidentInput


async def start_opened(opened: OpenedIncident) -> bool:
    """False if its workflow had started already (a retry, or the API's reconciler, which
    starts any stored report whose start was lost)."""
    try:
        await workflow.start_child_workflow(
            "Incident",
            IncidentInput(opened.incident_id, opened.report, opened.reporter, opened.reported_at),
            id=opened.incident_id,
            parent_close_policy=workflow.ParentClosePolicy.ABANDON,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
        )
    except WorkflowAlreadyStartedError:
        workflow.logger.info("incident %s already running", opened.incident_id)
        return False
    return True
