"""Records a second history for the replay test: embargo, correction, then retraction.

Run after an intended workflow change to those paths that is released behind a patch:
    .venv/bin/python -m tests.make_follow_up_history
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from temporalio.testing import WorkflowEnvironment

from activities.types import Report
from core.db import engine_for
from core.domain import Actor, ActorKind, Role
from core.migrate import migrate
from core.policy import load_policy
from tests.fakes.webhook import WebhookReceiver
from tests.history_truth import inline_stored
from tests.support import BIN, WEBHOOK_SECRET, WEBHOOK_SECRET_ENV, write_policy
from worker.run import run_worker
from workflows.legacy.incident import LegacyIncidentWorkflow as IncidentWorkflow
from workflows.types import (
    CancelInput,
    CorrectionInput,
    DecisionInput,
    IncidentInput,
    ScheduleInput,
    UpdateOutcome,
    VerificationInput,
)

HISTORY = Path(__file__).parent / "histories" / "incident_corrected_retracted.json"
WORKFLOW_ID = "TK-REPLAY0002"
T = TypeVar("T")
OFFICER = Actor(ActorKind.API_KEY, "key_officer", "Petugas", (Role.OFFICER,))
APPROVERS = (
    Actor(ActorKind.API_KEY, "key_kabag", "Kabag", (Role.APPROVER,)),
    Actor(ActorKind.API_KEY, "key_sekda", "Sekda", (Role.APPROVER, Role.LEADER)),
)


async def _until_accepted(step: Callable[[], Awaitable[T]]) -> T:
    while True:
        try:
            return await step()
        except Exception:  # refused while the workflow is still in an earlier stage
            await asyncio.sleep(0.2)


async def record() -> None:
    os.environ[WEBHOOK_SECRET_ENV] = WEBHOOK_SECRET
    receiver = WebhookReceiver(secret=WEBHOOK_SECRET).start()
    directory = Path(tempfile.mkdtemp())
    url = f"sqlite:///{directory / 'history.db'}"
    migrate(url)
    policy = load_policy(write_policy(directory, receiver.url, monitoring_minutes=60))
    # The dev server: the time-skipping one loses track of updates after a refused one.
    env = await WorkflowEnvironment.start_local(dev_server_existing_path=str(BIN / "temporal"))
    stop = asyncio.Event()
    queue = "history-" + uuid.uuid4().hex[:6]
    worker = asyncio.create_task(run_worker(env.client, queue, engine_for(url), policy, stop))
    report = Report(
        "Beredar video petugas KPU mencoblos surat suara di TPS 12",
        reach=90000,
        media_type="video",
        platform="tiktok",
    )
    handle = await env.client.start_workflow(
        IncidentWorkflow.run,
        IncidentInput(WORKFLOW_ID, report, OFFICER, datetime.now(UTC)),
        id=WORKFLOW_ID,
        task_queue=queue,
    )
    verifier = Actor(ActorKind.API_KEY, "key_verifier", "Verifikator", (Role.VERIFIER,))
    verdict = VerificationInput(verifier, "false", "KPU: tersegel", [], "KPU", ["source_traced"])
    await _until_accepted(lambda: handle.execute_update(IncidentWorkflow.verify, verdict))
    publish_at = datetime.now(UTC) + timedelta(seconds=3)
    embargo = ScheduleInput(OFFICER, publish_at, "embargo")

    async def schedule_once_drafted() -> UpdateOutcome:
        await asyncio.sleep(0.5)  # the first draft is composed right after the verdict
        scheduled = await handle.execute_update(IncidentWorkflow.schedule_publication, embargo)
        if scheduled.stage != "approval":
            raise RuntimeError("not drafted yet")
        return scheduled

    outcome = await _until_accepted(schedule_once_drafted)
    for approver in APPROVERS:
        assert outcome.draft_hash is not None
        decision = DecisionInput(approver, "approve", outcome.draft_hash)
        outcome = await handle.execute_update(IncidentWorkflow.decide, decision)
    correction = CorrectionInput(OFFICER, "[HOAKS] Video", "Faktanya: tersegel.", "id", "ralat")
    outcome = await _until_accepted(
        lambda: handle.execute_update(IncidentWorkflow.propose_correction, correction)
    )
    for approver in APPROVERS:
        assert outcome.draft_hash is not None
        decision = DecisionInput(approver, "approve", outcome.draft_hash)
        outcome = await handle.execute_update(IncidentWorkflow.decide, decision)
    retraction = CancelInput(APPROVERS[1], "KPU meralat")
    await _until_accepted(lambda: handle.execute_update(IncidentWorkflow.retract, retraction))
    assert await handle.result() == "retracted"
    history = await handle.fetch_history()
    HISTORY.write_text(inline_stored(history, engine_for(url)).to_json())
    stop.set()
    await worker
    await env.shutdown()
    receiver.stop()
    print(f"wrote {HISTORY}")


if __name__ == "__main__":
    asyncio.run(record())
