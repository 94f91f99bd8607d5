"""Incidents started before the upgrade to the `Incident` workflow type (docs/deploy.md) run
to their end on today's worker, driven through today's API and pages as before."""

from __future__ import annotations

from datetime import UTC, datetime

from temporalio.testing import WorkflowEnvironment

from activities.types import Report
from core.db import engine_for, session_scope
from core.domain import Actor, ActorKind, Role
from core.reports import new_incident
from tests.fakes.webhook import WebhookReceiver
from tests.flow import CRITICAL_CLAIM, decide, timeline, verify, wait_for
from tests.support import Stack
from workflows.legacy.incident import LegacyIncidentWorkflow
from workflows.types import IncidentInput


async def test_an_incident_of_the_old_workflow_type_runs_to_publication(
    sqlite_stack: Stack, temporal: WorkflowEnvironment, receiver: WebhookReceiver
) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    incident_id = "TK-BEFOREUPGR"
    officer = Actor(ActorKind.API_KEY, "key_officer_old", "Petugas", (Role.OFFICER,))
    report = Report(str(CRITICAL_CLAIM["claim"]), reach=90000, media_type="video")
    now = datetime.now(UTC)
    row, first = new_incident(incident_id, report, officer, now)
    with session_scope(engine_for(sqlite_stack.settings.effective_database_url)) as session:
        session.add(row)
        session.flush()
        session.add(first)
    handle = await temporal.client.start_workflow(  # as the API started incidents before
        LegacyIncidentWorkflow.run,
        IncidentInput(incident_id, report, officer, now),
        id=incident_id,
        task_queue=sqlite_stack.settings.task_queue,
    )
    await wait_for(http, keys.officer, incident_id, stage="verification")
    await verify(http, keys.verifier, incident_id)
    draft = (await wait_for(http, keys.officer, incident_id, stage="approval"))["draft"]
    for key in (keys.approver, keys.leader):
        assert (await decide(http, key, incident_id, draft["hash"])).status_code == 200
    closed = await wait_for(http, keys.leader, incident_id, stage="closed")
    assert closed["resolution"] == "published" and len(closed["approvals"]) == 2
    assert await handle.result() == "published"
    assert (await handle.describe()).workflow_type == "IncidentWorkflow"
    assert f"{incident_id}:v1:website" in receiver.published
    types = [e["type"] for e in await timeline(http, keys.leader, incident_id)]
    assert types.count("reported") == 1 and types.count("approved") == 2
