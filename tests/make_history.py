"""Records the history of one complete incident for the replay test.

Recorded on the pre-issue-19 workflow (now workflows/legacy, frozen); kept to show how:
    .venv/bin/python -m tests.make_history
"""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

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
from workflows.types import DecisionInput, DraftEditInput, IncidentInput, VerificationInput

HISTORY = Path(__file__).parent / "histories" / "incident_published.json"
WORKFLOW_ID = "TK-REPLAY0001"


async def record() -> None:
    import os

    os.environ[WEBHOOK_SECRET_ENV] = WEBHOOK_SECRET
    receiver = WebhookReceiver(secret=WEBHOOK_SECRET).start()
    directory = Path(tempfile.mkdtemp())
    url = f"sqlite:///{directory / 'history.db'}"
    migrate(url)
    policy = load_policy(write_policy(directory, receiver.url))
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(BIN / "temporal-test-server")
    )
    stop = asyncio.Event()
    queue = "history-" + uuid.uuid4().hex[:6]
    worker = asyncio.create_task(run_worker(env.client, queue, engine_for(url), policy, stop))
    officer = Actor(ActorKind.API_KEY, "key_officer", "Petugas", (Role.OFFICER,))
    report = Report(
        "Beredar video petugas KPU mencoblos surat suara di TPS 12",
        reach=90000,
        media_type="video",
        platform="tiktok",
    )
    handle = await env.client.start_workflow(
        IncidentWorkflow.run,
        IncidentInput(WORKFLOW_ID, report, officer, datetime.now(UTC)),
        id=WORKFLOW_ID,
        task_queue=queue,
    )
    while True:
        try:
            await handle.execute_update(
                IncidentWorkflow.verify,
                VerificationInput(
                    Actor(ActorKind.API_KEY, "key_verifier", "Verifikator", (Role.VERIFIER,)),
                    "false",
                    "KPU: surat suara tersegel",
                    ["https://kpu.go.id/1"],
                    "KPU",
                    ["source_traced"],
                ),
            )
            break
        except Exception:
            await asyncio.sleep(0.2)
    while True:
        try:
            outcome = await handle.execute_update(
                IncidentWorkflow.edit_draft,
                DraftEditInput(
                    officer, "[HOAKS] Video pencoblosan surat suara", "Faktanya: tersegel.", "id"
                ),
            )
            break
        except Exception:
            await asyncio.sleep(0.2)
    for key, roles in (
        ("key_kabag", (Role.APPROVER,)),
        ("key_sekda", (Role.APPROVER, Role.LEADER)),
    ):
        assert outcome.draft_hash is not None
        outcome = await handle.execute_update(
            IncidentWorkflow.decide,
            DecisionInput(Actor(ActorKind.API_KEY, key, key, roles), "approve", outcome.draft_hash),
        )
    assert await handle.result() == "published"
    history = await handle.fetch_history()
    HISTORY.write_text(inline_stored(history, engine_for(url)).to_json())
    stop.set()
    await worker
    await env.shutdown()
    receiver.stop()
    print(f"wrote {HISTORY}")


if __name__ == "__main__":
    asyncio.run(record())
