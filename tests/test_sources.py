"""Monitored sources: feeds on 127.0.0.1 polled by Temporal Schedules open incidents, once."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from pathlib import Path
from typing import Any

from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from core.policy import parse_policy
from tests.fakes.feeds import FeedServer, atom, rss
from tests.fakes.webhook import WebhookReceiver
from tests.flow import auth, wait_for
from tests.support import POLICY as BASE
from tests.support import Stack, running_stack
from worker.source_schedules import ensure_source_schedules, schedule_id

SOURCES = """
[monitoring]
min_score = 30

[[sources]]
name = "berita-bali"
kind = "rss"
url = "{base}/rss.xml"
every_minutes = 60

[[sources]]
name = "forum-warga"
kind = "rss"
url = "{base}/atom.xml"
every_minutes = 60

[[sources]]
name = "listening"
kind = "json"
url = "{base}/mentions.json"
every_minutes = 60
items_path = "data.mentions"
fields = {{ id = "id", title = "text", text = "", url = "link", reach = "shares" }}

[[sources]]
name = "rusak"
kind = "rss"
url = "{base}/broken.xml"
every_minutes = 60
"""
ELECTION = "Gudang logistik di Kuta terbakar, ribuan surat suara pemilu hangus"
FESTIVAL = "Festival layang-layang digelar di Pantai Sanur akhir pekan ini"


def _serve(feeds: FeedServer, news: list[tuple[str, str, str]]) -> None:
    feeds.pages["/rss.xml"] = (200, "application/rss+xml", rss(news))
    feeds.pages["/atom.xml"] = (
        200,
        "application/atom+xml",
        atom([("77", "KPU diam-diam memindahkan kotak suara pemilu ke rumah caleg")]),
    )
    mentions = {
        "data": {
            "mentions": [
                {
                    "id": "m-1",
                    "text": "Bupati Badung disebut membagikan uang kepada warga di pasar",
                    "link": "https://x.example/status/1",
                    "shares": 5000,
                }
            ]
        }
    }
    feeds.pages["/mentions.json"] = (200, "application/json", json.dumps(mentions))
    feeds.pages["/broken.xml"] = (500, "text/plain", "internal error")


async def _trigger(env: WorkflowEnvironment, stack: Stack, *names: str) -> None:
    """Poll now; the worker creates the schedules as it starts, so wait for them first."""
    deadline = time.monotonic() + 30
    for name in names:
        handle = env.client.get_schedule_handle(schedule_id(stack.settings.task_queue, name))
        while True:
            try:
                await handle.trigger()
                break
            except RPCError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.2)


async def _monitored(stack: Stack) -> dict[str, dict[str, Any]]:
    """Incidents reported by a monitor, by claim."""
    page = await stack.http.get("/incidents?limit=200", headers=auth(stack.keys.leader))
    found = {}
    for summary in page.json()["items"]:
        incident = (
            await stack.http.get(f"/incidents/{summary['id']}", headers=auth(stack.keys.leader))
        ).json()
        if (incident["reporter"] or {}).get("id", "").startswith("monitor:"):
            found[incident["claim"]] = incident
    return found


async def _eventually(check: Any, timeout: float = 40.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        outcome = await check()
        if outcome or time.monotonic() > deadline:
            return outcome
        await asyncio.sleep(0.3)


async def test_feed_items_open_incidents_once_and_a_broken_feed_stops_nothing(
    temporal: WorkflowEnvironment,
    database_url: str,
    receiver: WebhookReceiver,
    tmp_path: Path,
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    feeds = FeedServer().start()
    _serve(feeds, [("g-1", ELECTION, "Beredar di grup WhatsApp"), ("g-2", FESTIVAL, "")])
    policy = SOURCES.format(base=feeds.url(""))
    names = ("berita-bali", "forum-warga", "listening", "rusak")
    try:
        async with running_stack(
            temporal.client, database_url, tmp_path / "a", receiver.url, policy_extra=policy
        ) as stack:
            await _trigger(temporal, stack, *names)

            async def three() -> dict[str, dict[str, Any]] | None:
                found = await _monitored(stack)
                return found if len(found) == 3 else None

            found = await _eventually(three)
            assert found, await _monitored(stack)
            election = next(v for k, v in found.items() if k.startswith(ELECTION))
            assert election["reporter"]["id"] == "monitor:berita-bali"
            assert election["source_urls"] == ["https://beritabali.example/g-1"]
            assert not any(FESTIVAL in claim for claim in found)  # nothing sensitive in it
            forum = next(v for k, v in found.items() if "kotak suara" in k)
            assert forum["reporter"]["id"] == "monitor:forum-warga"
            mention = next(v for k, v in found.items() if "Bupati Badung" in k)
            assert mention["reach"] == 5000
            triaged = await wait_for(
                stack.http, stack.keys.officer, election["id"], stage="verification"
            )
            assert {f["factor"] for f in triaged["risk_factors"]} >= {"topic"}

            async def failing() -> dict[str, Any] | None:
                health = (await stack.http.get("/healthz")).json()
                return health if health["sources"]["rusak"]["status"] == "failing" else None

            health = await _eventually(failing)
            assert health and health["sources"]["rusak"]["last_error"]
            assert health["sources"]["berita-bali"]["status"] == "ok"
            assert health["status"] == "ok"  # a broken feed degrades nothing else

            # The feed grows: only the new item opens an incident.
            _serve(
                feeds,
                [
                    ("g-1", ELECTION, "Beredar di grup WhatsApp"),
                    ("g-2", FESTIVAL, ""),
                    ("g-3", "Petugas KPPS meninggal diracun usai hitung surat suara", ""),
                ],
            )
            await _trigger(temporal, stack, "berita-bali", "forum-warga")

            async def four() -> dict[str, dict[str, Any]] | None:
                found = await _monitored(stack)
                return found if len(found) >= 4 else None

            assert len(await _eventually(four) or {}) == 4
            for name in names:
                await temporal.client.get_schedule_handle(
                    schedule_id(stack.settings.task_queue, name)
                ).delete()

        # A restart: new worker, new schedules, same database. Nothing opens twice.
        hits_before = len(feeds.hits)
        async with running_stack(
            temporal.client, database_url, tmp_path / "b", receiver.url, policy_extra=policy
        ) as restarted:
            await _trigger(temporal, restarted, "berita-bali", "forum-warga", "listening")

            async def polled_again() -> bool:
                return len(feeds.hits) >= hits_before + 3

            assert await _eventually(polled_again)
            await asyncio.sleep(1.0)  # give a wrongly opened incident the time to appear
            assert len(await _monitored(restarted)) == 4
            for name in names:
                await temporal.client.get_schedule_handle(
                    schedule_id(restarted.settings.task_queue, name)
                ).delete()
    finally:
        feeds.stop()


async def test_a_source_removed_from_the_policy_is_no_longer_polled(
    temporal: WorkflowEnvironment,
) -> None:
    base = BASE.format(
        webhook_url="http://127.0.0.1:9/x",
        secret_env="X",
        max_attempts=1,
        verification_channel="C0VERIFY",
        monitoring_minutes=0,
    )
    both = base + SOURCES.format(base="http://127.0.0.1:9")
    only_rss = (
        base + SOURCES.format(base="http://127.0.0.1:9").split('[[sources]]\nname = "forum')[0]
    )
    queue = "sched-" + uuid.uuid4().hex[:8]
    await ensure_source_schedules(temporal.client, parse_policy(both), queue)
    kept = temporal.client.get_schedule_handle(schedule_id(queue, "berita-bali"))
    removed = temporal.client.get_schedule_handle(schedule_id(queue, "rusak"))
    assert (await removed.describe()).schedule.spec.intervals[0].every.total_seconds() == 3600

    async def gone() -> bool:
        await ensure_source_schedules(temporal.client, parse_policy(only_rss), queue)
        try:
            await removed.describe()
        except RPCError:
            return True
        return False

    assert await _eventually(gone, timeout=20)
    assert (await kept.describe()).schedule.spec.intervals[0].every.total_seconds() == 3600
    await kept.delete()
