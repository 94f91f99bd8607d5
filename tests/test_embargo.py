"""Embargo: an approved klarifikasi waits (hours pass in seconds on the time-skipping server)."""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, col, select
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from activities.types import Report
from core.db import engine_for
from core.domain import Actor, ActorKind, Role
from core.migrate import migrate
from core.policy import load_policy
from core.tables import TimelineEvent
from tests.fakes.webhook import WebhookReceiver
from tests.support import BIN, WEBHOOK_SECRET, WEBHOOK_SECRET_ENV, start_reported, write_policy
from worker.run import run_worker
from workflows.incident import IncidentWorkflow
from workflows.types import (
    CancelInput,
    DecisionInput,
    IncidentInput,
    ScheduleInput,
    VerificationInput,
)

OFFICER = Actor(ActorKind.API_KEY, "key_officer", "Petugas", (Role.OFFICER,))
VERIFIER = Actor(ActorKind.API_KEY, "key_verifier", "Verifikator", (Role.VERIFIER,))
APPROVER = Actor(ActorKind.API_KEY, "key_approver", "Kabag", (Role.APPROVER,))


@dataclass
class Skipping:
    env: WorkflowEnvironment
    url: str
    queue: str


@pytest.fixture
async def skipping(tmp_path: Path, receiver: WebhookReceiver) -> AsyncIterator[Skipping]:
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(BIN / "temporal-test-server")
    )
    url = f"sqlite:///{tmp_path / 'embargo.db'}"
    migrate(url)
    os.environ[WEBHOOK_SECRET_ENV] = WEBHOOK_SECRET
    policy = load_policy(write_policy(tmp_path, receiver.url))
    stop = asyncio.Event()
    queue = "embargo-" + uuid.uuid4().hex[:6]
    worker = asyncio.create_task(run_worker(env.client, queue, engine_for(url), policy, stop))
    yield Skipping(env, url, queue)
    stop.set()
    await worker
    await env.shutdown()


def _events(url: str, incident_id: str) -> list[TimelineEvent]:
    with Session(engine_for(url)) as session:
        query = select(TimelineEvent).where(TimelineEvent.incident_id == incident_id)
        return list(session.exec(query.order_by(col(TimelineEvent.seq))).all())


async def _until(url: str, incident_id: str, event_type: str) -> TimelineEvent:
    deadline = time.monotonic() + 20
    while True:
        found = [e for e in _events(url, incident_id) if e.type == event_type]
        if found:
            return found[0]
        assert time.monotonic() < deadline, f"no {event_type} on {incident_id}"
        await asyncio.sleep(0.1)


async def _scheduled_and_approved(
    skipping: Skipping, publish_at: datetime
) -> tuple[str, WorkflowHandle[IncidentWorkflow, str]]:
    incident_id = "TK-EMB" + uuid.uuid4().hex[:4].upper()
    handle = await start_reported(
        skipping.env.client,
        engine_for(skipping.url),
        skipping.queue,
        IncidentInput(
            incident_id,
            Report("Jalan Sunset Road ditutup total selama sebulan", reach=10, media_type="text"),
            OFFICER,
            datetime.now(UTC),
        ),
    )
    await _until(skipping.url, incident_id, "triaged")
    await handle.execute_update(
        IncidentWorkflow.verify,
        VerificationInput(VERIFIER, "false", "Dishub: jalan dibuka", checklist=["source_traced"]),
    )
    draft = await _until(skipping.url, incident_id, "draft_version")
    await handle.execute_update(
        IncidentWorkflow.schedule_publication, ScheduleInput(OFFICER, publish_at, "masa tenang")
    )
    await handle.execute_update(
        IncidentWorkflow.decide, DecisionInput(APPROVER, "approve", draft.data["hash"])
    )
    return incident_id, handle


async def test_scheduled_klarifikasi_is_published_at_its_time_and_not_before(
    skipping: Skipping, receiver: WebhookReceiver
) -> None:
    publish_at = await skipping.env.get_current_time() + timedelta(hours=6)
    incident_id, handle = await _scheduled_and_approved(skipping, publish_at)

    await skipping.env.sleep(timedelta(hours=5))
    assert receiver.published == {}
    waiting = [e.type for e in _events(skipping.url, incident_id)]
    assert "embargo_set" in waiting and "approval_complete" in waiting
    # The wait is the embargo, not a late publication: no publishing reminder fired.
    assert not any(e.startswith("sla_") for e in waiting[waiting.index("approval_complete") :])

    await skipping.env.sleep(timedelta(hours=2))
    published = await _until(skipping.url, incident_id, "publication_succeeded")
    ended = await _until(skipping.url, incident_id, "embargo_ended")
    assert ended.at.replace(tzinfo=UTC) >= publish_at
    assert published.data["idempotency_key"] in receiver.published
    assert await handle.result() == "published"


async def test_scheduled_klarifikasi_can_be_called_off_before_its_time(
    skipping: Skipping, receiver: WebhookReceiver
) -> None:
    publish_at = await skipping.env.get_current_time() + timedelta(hours=6)
    incident_id, handle = await _scheduled_and_approved(skipping, publish_at)
    await skipping.env.sleep(timedelta(hours=1))
    await handle.execute_update(IncidentWorkflow.cancel, CancelInput(OFFICER, "KPU minta ditunda"))
    assert await handle.result() == "cancelled"
    assert receiver.published == {}
    assert "embargo_ended" not in [e.type for e in _events(skipping.url, incident_id)]
