"""Records the history of one `Incident` workflow (issue 19) for the replay test: a verdict
clicked in Slack (the `slack_action` signal), the approval SLA's reminder and escalation timers
firing, a second report of the same claim linked as a duplicate, then approval and publication.

Run after an intended workflow change that is released behind a patch (keep the history of
the release before it, as incident_slack_sla_duplicate.released.json is kept):
    .venv/bin/python -m tests.make_incident_history
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from activities.types import Report
from core.db import engine_for
from core.domain import Actor, ActorKind, Role
from core.migrate import migrate
from core.policy import load_policy
from core.tables import Draft, Incident
from tests.fakes.webhook import WebhookReceiver
from tests.history_truth import inline_stored
from tests.support import BIN, WEBHOOK_SECRET, WEBHOOK_SECRET_ENV, start_reported, write_policy
from worker.run import run_worker
from workflows.incident import IncidentWorkflow
from workflows.types import DecisionInput, IncidentInput, SlackAction, VerificationInput

HISTORY = Path(__file__).parent / "histories" / "incident_slack_sla_duplicate.json"
WORKFLOW_ID = "TK-REPLAY0003"
CLAIM = "Beredar pesan berantai: TPS 7 Desa Sukamaju dipindah ke balai desa pada hari pencoblosan"
OFFICER = Actor(ActorKind.API_KEY, "key_officer", "Petugas", (Role.OFFICER,))
VERIFIER = Actor(ActorKind.SLACK_USER, "U0VERIFY", "Verifikator", (Role.VERIFIER,))
APPROVERS = (
    Actor(ActorKind.API_KEY, "key_kabag", "Kabag", (Role.APPROVER,)),
    Actor(ActorKind.API_KEY, "key_sekda", "Sekda", (Role.APPROVER, Role.LEADER)),
)


async def _reported(
    client: Client, engine: Engine, queue: str, incident_id: str
) -> WorkflowHandle[IncidentWorkflow, str]:
    """As the API does: the row and its first event, then the workflow."""
    report = Report(CLAIM, reach=40000, media_type="text", platform="whatsapp")
    inp = IncidentInput(incident_id, report, OFFICER, datetime.now(UTC))
    return await start_reported(client, engine, queue, inp)


async def _stage(engine: Engine, incident_id: str, stage: str) -> Incident:
    for _ in range(600):
        with Session(engine) as session:
            row = session.get(Incident, incident_id)
        if row is not None and row.stage == stage:
            return row
        await asyncio.sleep(0.1)
    raise TimeoutError(f"{incident_id} never reached {stage}")


async def record() -> None:
    os.environ[WEBHOOK_SECRET_ENV] = WEBHOOK_SECRET
    receiver = WebhookReceiver(secret=WEBHOOK_SECRET).start()
    directory = Path(tempfile.mkdtemp())
    url = f"sqlite:///{directory / 'history.db'}"
    migrate(url)
    engine = engine_for(url)
    policy = load_policy(write_policy(directory, receiver.url))
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(BIN / "temporal-test-server")
    )
    stop = asyncio.Event()
    queue = "history-" + uuid.uuid4().hex[:6]
    worker = asyncio.create_task(run_worker(env.client, queue, engine, policy, stop))
    handle = await _reported(env.client, engine, queue, WORKFLOW_ID)
    await _stage(engine, WORKFLOW_ID, "verification")
    verdict = VerificationInput(
        VERIFIER, "false", "KPU: lokasi TPS 7 tidak berubah", ["https://kpu.go.id/tps7"], "KPU"
    )
    verdict.checklist = ["source_traced"]
    await handle.signal(
        IncidentWorkflow.slack_action,
        SlackAction("U0VERIFY:verify:1", VERIFIER, "verify", "C0VERIFY", verification=verdict),
    )
    await _stage(engine, WORKFLOW_ID, "approval")
    # The same claim again, while the first is open: linked to it, closed as a duplicate.
    duplicate = await _reported(env.client, engine, queue, "TK-REPLAY0004")
    assert await duplicate.result() == "duplicate"
    await env.sleep(timedelta(hours=3))  # past the approval SLA: reminder, then escalation
    with Session(engine) as session:
        draft_hash = session.exec(select(Draft.hash).where(Draft.incident_id == WORKFLOW_ID)).one()
    for approver in APPROVERS:
        await handle.execute_update(
            IncidentWorkflow.decide, DecisionInput(approver, "approve", draft_hash)
        )
    assert await handle.result() == "published"
    history = await handle.fetch_history()
    kinds = [event.event_type for event in history.events]
    assert kinds.count(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) == 2  # Slack, duplicate
    assert kinds.count(EventType.EVENT_TYPE_TIMER_FIRED) >= 2  # the SLA's reminder, escalation
    HISTORY.write_text(inline_stored(history, engine).to_json())
    stop.set()
    await worker
    await env.shutdown()
    receiver.stop()
    print(f"wrote {HISTORY}")


if __name__ == "__main__":
    asyncio.run(record())
