"""SLA reminders and escalations, with hours passing in seconds on the time-skipping server."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, col, select
from temporalio.testing import WorkflowEnvironment

from activities.types import Report
from core.db import engine_for
from core.domain import Actor, ActorKind, Role
from core.migrate import migrate
from core.policy import load_policy
from core.tables import Incident, OutboxMessage, TimelineEvent
from tests.support import BIN, start_reported, write_policy
from worker.run import run_worker
from workflows.incident import IncidentWorkflow
from workflows.types import CancelInput, DecisionInput, IncidentInput, VerificationInput

OFFICER = Actor(ActorKind.API_KEY, "key_officer", "Petugas", (Role.OFFICER,))
VERIFIER = Actor(ActorKind.API_KEY, "key_verifier", "Verifikator", (Role.VERIFIER,))
APPROVER = Actor(ActorKind.API_KEY, "key_approver", "Kabag", (Role.APPROVER,))


@pytest.fixture
async def skipping(tmp_path: Path) -> AsyncIterator[tuple[WorkflowEnvironment, str, str]]:
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(BIN / "temporal-test-server")
    )
    url = f"sqlite:///{tmp_path / 'sla.db'}"
    migrate(url)
    policy = load_policy(write_policy(tmp_path, "http://127.0.0.1:9/unused"))
    stop = asyncio.Event()
    queue = "sla-" + uuid.uuid4().hex[:6]
    worker = asyncio.create_task(run_worker(env.client, queue, engine_for(url), policy, stop))
    yield env, url, queue
    stop.set()
    await worker
    await env.shutdown()


def _events(url: str, incident_id: str) -> list[TimelineEvent]:
    with Session(engine_for(url)) as session:
        return list(
            session.exec(
                select(TimelineEvent)
                .where(TimelineEvent.incident_id == incident_id)
                .order_by(col(TimelineEvent.seq))
            ).all()
        )


async def _until(url: str, incident_id: str, event_type: str, count: int = 1) -> None:
    deadline = time.monotonic() + 20
    while sum(e.type == event_type for e in _events(url, incident_id)) < count:
        assert time.monotonic() < deadline, f"no {event_type} on {incident_id}"
        await asyncio.sleep(0.1)


def _stage(url: str, incident_id: str) -> str:
    with Session(engine_for(url)) as session:
        row = session.get(Incident, incident_id)
        return row.stage if row else "missing"


async def test_reminder_at_half_escalation_at_full_and_silence_never_approves(
    skipping: tuple[WorkflowEnvironment, str, str],
) -> None:
    env, url, queue = skipping
    incident_id = "TK-SLA" + uuid.uuid4().hex[:4].upper()
    handle = await start_reported(
        env.client,
        engine_for(url),
        queue,
        IncidentInput(
            incident_id,
            Report("Jembatan Tukad Bangkung ambruk pagi ini", reach=10, media_type="text"),
            OFFICER,
            datetime.now(UTC),
        ),
    )
    await _until(url, incident_id, "stage_changed", 2)  # triage, then verification
    assert _stage(url, incident_id) == "verification"  # low severity: verification SLA 120 min

    await env.sleep(timedelta(minutes=61))
    await _until(url, incident_id, "sla_reminder")
    assert not any(e.type == "sla_escalation" for e in _events(url, incident_id))
    await env.sleep(timedelta(minutes=60))
    await _until(url, incident_id, "sla_escalation")
    reminder = next(e for e in _events(url, incident_id) if e.type == "sla_reminder")
    assert reminder.stage == "verification" and reminder.data["sla_minutes"] == 120

    await handle.execute_update(
        IncidentWorkflow.verify,
        VerificationInput(
            VERIFIER, "false", "Dinas PU: jembatan utuh", checklist=["source_traced"]
        ),
    )
    await _until(url, incident_id, "draft_version")
    assert _stage(url, incident_id) == "approval"

    await env.sleep(timedelta(hours=5))  # approval SLA is 60 min: long past due
    await _until(url, incident_id, "sla_escalation", 2)
    assert _stage(url, incident_id) == "approval"
    assert not any(e.type == "approved" for e in _events(url, incident_id))
    with Session(engine_for(url)) as session:
        outbox = [
            m.text
            for m in session.exec(
                select(OutboxMessage).where(OutboxMessage.incident_id == incident_id)
            ).all()
        ]
    assert any("PENGINGAT" in text and "Menunggu verifikasi" in text for text in outbox)
    assert any("ESKALASI" in text and "Menunggu persetujuan" in text for text in outbox)

    # One approval (the low band's policy) still publishes only when a person decides.
    draft_hash = next(e for e in _events(url, incident_id) if e.type == "draft_version").data[
        "hash"
    ]
    await handle.execute_update(
        IncidentWorkflow.decide, DecisionInput(APPROVER, "approve", draft_hash)
    )
    await handle.execute_update(IncidentWorkflow.cancel, CancelInput(OFFICER, "uji selesai"))
    assert await handle.result() == "cancelled"
