"""The daily digest: a Temporal Schedule in the organisation's time zone posts the last 24 hours.

The time-skipping test server implements no schedules (CreateSchedule is UNIMPLEMENTED), so the
schedule runs on the dev server, set to fire ten seconds from now in Asia/Makassar (time for
the worker to start and create it, even on a busy machine).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select
from temporalio.testing import WorkflowEnvironment

from core.db import engine_for, session_scope
from core.migrate import migrate
from core.policy import Policy, load_policy
from core.settings import Settings
from core.slack_client import slack_client
from core.tables import OutboxMessage, TimelineEvent
from tests.fakes.slack import FakeSlack
from tests.flow import CRITICAL_CLAIM, LOW_CLAIM, decide, report, verify, wait_for
from tests.support import Stack, write_policy
from worker.digest_schedule import digest_schedule_id, ensure_digest_schedule
from worker.run import run_worker

ZONE = ZoneInfo("Asia/Makassar")


def _policy_at(stack: Stack, local: datetime, directory: Path) -> Policy:
    path = directory / "digest.toml"
    path.write_text(
        stack.settings.policy_file.read_text() + f'\n[digest]\ntime = "{local:%H:%M:%S}"\n'
    )
    return load_policy(path)


async def _digest_of(url: str, schedule_id: str) -> OutboxMessage:
    deadline = time.monotonic() + 90
    while True:
        with Session(engine_for(url)) as session:
            found = session.exec(
                select(OutboxMessage).where(
                    col(OutboxMessage.id).startswith(f"digest:{schedule_id}")
                )
            ).first()
        if found is not None:
            return found
        assert time.monotonic() < deadline, "the digest never reached the console outbox"
        await asyncio.sleep(0.5)


async def test_digest_fires_at_local_time_with_the_days_numbers(
    sqlite_stack: Stack, tmp_path: Path
) -> None:
    stack = sqlite_stack
    http, keys = stack.http, stack.keys
    url = stack.settings.effective_database_url
    published = await report(http, keys.officer, LOW_CLAIM)
    await wait_for(http, keys.officer, published["id"], stage="verification")
    await verify(http, keys.verifier, published["id"])
    drafted = await wait_for(http, keys.officer, published["id"], stage="approval")
    decided = await decide(http, keys.approver, published["id"], drafted["draft"]["hash"])
    assert decided.status_code == 200, decided.text
    await wait_for(http, keys.officer, published["id"], stage="closed")
    still_open = await report(http, keys.officer, CRITICAL_CLAIM)
    await wait_for(http, keys.officer, still_open["id"], stage="verification")
    # An SLA escalation an hour ago (its minutes cannot pass in real time here), and one from
    # two days ago that the last 24 hours must leave out.
    with session_scope(engine_for(url)) as session:
        for ago, seq in ((timedelta(hours=1), 900), (timedelta(days=2), 901)):
            session.add(
                TimelineEvent(
                    id=f"{still_open['id']}:{seq}",
                    incident_id=still_open["id"],
                    seq=seq,
                    at=datetime.now(UTC) - ago,
                    type="sla_escalation",
                    stage="verification",
                    actor_kind="system",
                    actor_id="tangkal",
                    actor_name="Tangkal",
                    summary="SLA escalation: verification overdue (60 min)",
                    data={"stage": "verification"},
                )
            )

    fire_at = (datetime.now(UTC) + timedelta(seconds=10)).astimezone(ZONE).replace(microsecond=0)
    policy = _policy_at(stack, fire_at, tmp_path)
    queue = "digest-" + uuid.uuid4().hex[:6]
    stop = asyncio.Event()
    client = stack.worker.client
    worker = asyncio.create_task(run_worker(client, queue, engine_for(url), policy, stop))
    try:
        digest = await _digest_of(url, digest_schedule_id(queue))
        assert digest.channel == "leadership"
        assert "RINGKASAN HARIAN" in digest.text
        assert "Dibuka: 2 · Dipublikasikan: 1 · SLA terlampaui: 1 · Masih terbuka: 1" in (
            digest.text
        )
        assert still_open["id"] in digest.text and published["id"] not in digest.text

        handle = client.get_schedule_handle(digest_schedule_id(queue))
        described = await handle.describe()
        assert described.schedule.spec.time_zone_name == "Asia/Makassar"
        (action,) = described.info.recent_actions
        assert action.scheduled_at.astimezone(ZONE) == fire_at

        # Worker start again, with a new time: the same schedule, brought up to date.
        later = _policy_at(stack, fire_at.replace(hour=(fire_at.hour + 12) % 24), tmp_path)
        assert await ensure_digest_schedule(client, queue, later)
        (calendar,) = (await handle.describe()).schedule.spec.calendars
        assert calendar.hour[0].start == (fire_at.hour + 12) % 24
        assert calendar.minute[0].start == fire_at.minute
    finally:
        stop.set()
        await worker
        await client.get_schedule_handle(digest_schedule_id(queue)).delete()


async def test_digest_goes_to_the_leadership_channel_on_slack(
    temporal: WorkflowEnvironment, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    fake_slack.channels.add("C0LEAD")
    url = f"sqlite:///{tmp_path / 'digest.db'}"
    migrate(url)
    fire_at = (datetime.now(UTC) + timedelta(seconds=10)).astimezone(ZONE).replace(microsecond=0)
    text = write_policy(tmp_path, "http://127.0.0.1:9/unused").read_text()
    path = tmp_path / "lead.toml"
    path.write_text(
        text.replace(
            'announce_channel = "C0ANNOUNCE"',
            'announce_channel = "C0ANNOUNCE"\nleadership_channel = "C0LEAD"',
        )
        + f'\n[digest]\ntime = "{fire_at:%H:%M:%S}"\n'
    )
    slack = slack_client(Settings(slack_bot_token=fake_slack.token, slack_api_url=fake_slack.url))
    queue = "digest-" + uuid.uuid4().hex[:6]
    stop = asyncio.Event()
    client = temporal.client
    worker = asyncio.create_task(
        run_worker(client, queue, engine_for(url), load_policy(path), stop, slack=slack)
    )
    try:
        deadline = time.monotonic() + 90
        while not fake_slack.in_channel("C0LEAD"):
            assert time.monotonic() < deadline, "no digest in the leadership channel"
            await asyncio.sleep(0.5)
        (posted,) = fake_slack.in_channel("C0LEAD")
        assert posted["text"].startswith("Ringkasan harian Pemerintah Kabupaten Badung")
        assert (
            "Dibuka: 0 · Dipublikasikan: 0 · SLA terlampaui: 0 · Masih terbuka: 0"
            in (posted["text"])
        )
    finally:
        stop.set()
        await worker
        await client.get_schedule_handle(digest_schedule_id(queue)).delete()
