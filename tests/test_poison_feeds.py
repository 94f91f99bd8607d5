"""Poison from outside: feed items with NUL, tag soup and disguised links, a feed that never
ends, and a NUL that reaches a workflow directly. None of them wedges an incident or stalls the
worker: a second incident keeps going through its stages meanwhile, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
from html import escape
from pathlib import Path
from typing import Any

from temporalio.client import WorkflowUpdateFailedError
from temporalio.testing import WorkflowEnvironment

from activities.sources import MAX_FEED_BYTES
from core.domain import Actor, ActorKind, Role
from tests.fakes.feeds import FeedServer, rss
from tests.fakes.webhook import WebhookReceiver
from tests.flow import LOW_CLAIM, auth, report, wait_for
from tests.support import (
    Stack,
    running_stack,
)
from tests.test_poison_api import in_approval as _in_approval
from tests.test_sources import _eventually, _monitored, _trigger
from worker.source_schedules import schedule_id
from workflows.incident import IncidentWorkflow
from workflows.types import DraftEditInput

SOURCES = """
[monitoring]
min_score = 30

[[sources]]
name = "listening"
kind = "json"
url = "{base}/mentions.json"
every_minutes = 60
items_path = "data"
fields = {{ id = "id", title = "text", text = "", url = "link", reach = "shares" }}

[[sources]]
name = "berita-bali"
kind = "rss"
url = "{base}/rss.xml"
every_minutes = 60
"""
SOUP = "<" * 200_000  # quadratic under the old tag pattern: the worker froze on it
# Claims of their own: on PostgreSQL the database is shared by the session's tests, and an
# open incident with a like claim would make these its duplicates.
KADES = "Kepala Desa Pecatu disebut membagikan uang pemilu kepada warga di balai banjar"
TRUK = "Mobil boks berisi kotak suara pemilu terguling di jalan Bypass Ngurah Rai"
PPS = "Ketua PPS Jimbaran mengundurkan diri karena ancaman menjelang pemilu"
SERVER = "Server KPU Badung diretas, hasil rekap suara pemilu diubah diam-diam"
BANJIR = "Banjir bandang merendam gudang surat suara pemilu di Tabanan"


async def _health(stack: Stack, source: str, status: str) -> dict[str, Any] | None:
    async def reached() -> dict[str, Any] | None:
        found: dict[str, Any] = (await stack.http.get("/healthz")).json()["sources"][source]
        return found if found["status"] == status else None

    outcome: dict[str, Any] | None = await _eventually(reached)
    return outcome


async def _drop_schedules(env: WorkflowEnvironment, stack: Stack) -> None:
    for name in ("listening", "berita-bali"):
        await env.client.get_schedule_handle(schedule_id(stack.settings.task_queue, name)).delete()


async def _opened(stack: Stack, *claims: str) -> dict[str, dict[str, Any]]:
    """The incidents monitors opened for these claims (by their first 40 characters)."""

    async def all_there() -> dict[str, dict[str, Any]] | None:
        found = {claim[:40]: incident for claim, incident in (await _monitored(stack)).items()}
        wanted = {claim[:40]: found.get(claim[:40]) for claim in claims}
        return None if None in wanted.values() else {k: v for k, v in wanted.items() if v}

    opened: dict[str, dict[str, Any]] | None = await _eventually(all_there)
    assert opened, await _monitored(stack)
    return opened


async def test_feed_items_with_nul_and_bad_links_are_normalised_and_every_item_is_read(
    temporal: WorkflowEnvironment, own_database: str, receiver: WebhookReceiver, tmp_path: Path
) -> None:
    feeds = FeedServer().start()
    mentions = [
        {
            "id": "nul-1",
            "text": KADES.replace("Pecatu", "Pecatu\x00"),
            "link": "javascript:alert(1)",
            "shares": 5000,
        },
        {"id": "nul-2", "text": TRUK, "link": "https://evil.example|kpu.go.id", "shares": 5000},
        {"id": "nul-3\x00", "text": PPS, "link": "https://x.example/status/3", "shares": 5000},
    ]
    feeds.pages["/mentions.json"] = (200, "application/json", json.dumps({"data": mentions}))
    feeds.pages["/rss.xml"] = (200, "application/rss+xml", rss([]))
    policy = SOURCES.format(base=feeds.url(""))
    try:
        async with running_stack(
            temporal.client, own_database, tmp_path, receiver.url, policy_extra=policy
        ) as stack:
            await _trigger(temporal, stack, "listening")
            await _in_approval(stack, "Video viral: kotak suara TPS 7 Legian dibuka paksa malam")

            found = await _opened(stack, KADES, TRUK, PPS)
            kades = found[KADES[:40]]
            assert kades["claim"] == KADES  # the NUL became a space, spaces collapsed
            assert kades["source_urls"] == []  # javascript: is no link
            assert found[TRUK[:40]]["source_urls"] == []  # `|` breaks out of Slack's links
            assert found[PPS[:40]]["source_urls"] == ["https://x.example/status/3"]
            assert "\\u0000" not in json.dumps(found)
            assert await _health(stack, "listening", "ok")
            await wait_for(stack.http, stack.keys.officer, kades["id"], stage="verification")
            await _drop_schedules(temporal, stack)
    finally:
        feeds.stop()


async def test_a_feed_item_of_200000_angle_brackets_stalls_nothing(
    temporal: WorkflowEnvironment, own_database: str, receiver: WebhookReceiver, tmp_path: Path
) -> None:
    feeds = FeedServer().start()
    mentions = [{"id": "soup", "text": SOUP}, {"id": "server", "text": SERVER, "shares": 5000}]
    feeds.pages["/mentions.json"] = (200, "application/json", json.dumps({"data": mentions}))
    feeds.pages["/rss.xml"] = (
        200,
        "application/rss+xml",
        rss([("soup", "Berita", escape(SOUP)), ("banjir", BANJIR, "Beredar di grup WhatsApp")]),
    )
    policy = SOURCES.format(base=feeds.url(""))
    try:
        async with running_stack(
            temporal.client, own_database, tmp_path, receiver.url, policy_extra=policy
        ) as stack:
            await _trigger(temporal, stack, "listening", "berita-bali")
            await _in_approval(
                stack, "Rekaman suara Bupati menyuruh warga golput beredar di TikTok"
            )
            assert await _health(stack, "listening", "ok")
            assert await _health(stack, "berita-bali", "ok")
            await _opened(stack, SERVER, BANJIR)  # the item beside the soup, in each feed
            await _drop_schedules(temporal, stack)
    finally:
        feeds.stop()


async def test_a_feed_that_never_ends_is_cut_at_the_cap_not_read_whole(
    temporal: WorkflowEnvironment, receiver: WebhookReceiver, tmp_path: Path
) -> None:
    feeds = FeedServer().start()
    chunk, count = b" " * 65536, 1024  # 64 MiB of whitespace, chunked, no Content-Length
    feeds.streams["/mentions.json"] = (chunk, count)
    feeds.pages["/rss.xml"] = (200, "application/rss+xml", rss([]))
    policy = SOURCES.format(base=feeds.url(""))
    try:
        async with running_stack(
            temporal.client,
            f"sqlite:///{tmp_path / 'tangkal.db'}",
            tmp_path,
            receiver.url,
            policy_extra=policy,
        ) as stack:
            await _trigger(temporal, stack, "listening")
            failing = await _health(stack, "listening", "failing")
            assert failing and f"larger than {MAX_FEED_BYTES} bytes" in failing["last_error"]
            # The reader hung up near the cap; reading it whole first took all 64 MiB.
            assert feeds.sent["/mentions.json"] < len(chunk) * count // 4
            await _drop_schedules(temporal, stack)
    finally:
        feeds.stop()


async def test_a_nul_that_reaches_the_workflow_directly_wedges_nothing(
    temporal: WorkflowEnvironment, stack: Stack
) -> None:
    """Past the API (a client of the Temporal frontend, an older API): the read model stores
    what it can, marked, and the incident takes its next action."""
    http, keys = stack.http, stack.keys
    incident = await _in_approval(stack, "Foto surat suara pemilu dibuang di sungai Tukad Badung")
    incident_id = incident["id"]
    officer = incident["reporter"]
    actor = Actor(ActorKind.API_KEY, officer["id"], officer["name"], roles=(Role.OFFICER,))
    edit = DraftEditInput(actor, "Judul\x00 baru", "Isi\x00 klarifikasi baru.", "id")
    handle = temporal.client.get_workflow_handle(incident_id)
    await asyncio.wait_for(handle.execute_update(IncidentWorkflow.edit_draft, edit), timeout=30)
    shown = (await http.get(f"/incidents/{incident_id}", headers=auth(keys.leader))).json()
    assert shown["draft"]["version"] == incident["draft"]["version"] + 1
    assert shown["draft"]["body"] == "Isi\ufffd klarifikasi baru."
    other = {**LOW_CLAIM, "claim": "Pasar Badung tutup seminggu karena renovasi mendadak"}
    second = (await report(http, keys.officer, other))["id"]
    await wait_for(http, keys.officer, second, stage="verification")
    cancelled = await http.post(
        f"/incidents/{incident_id}/cancel", json={"reason": "uji"}, headers=auth(keys.officer)
    )
    assert cancelled.status_code == 200, cancelled.text
    assert (await wait_for(http, keys.leader, incident_id, stage="closed"))["resolution"] == (
        "cancelled"
    )


async def test_data_the_database_refuses_fails_the_change_instead_of_retrying_forever(
    temporal: WorkflowEnvironment, stack: Stack
) -> None:
    """A name longer than its column (PostgreSQL enforces it, SQLite does not): the write is
    refused as data, which no retry can fix, so the change fails at once; the incident is not
    wedged and takes its next action."""
    http, keys = stack.http, stack.keys
    incident = await _in_approval(stack, "Pesan berantai: pemilu ulang di Kecamatan Mengwi besok")
    reporter = incident["reporter"]
    actor = Actor(ActorKind.API_KEY, reporter["id"], "N" * 500, roles=(Role.OFFICER,))
    edit = DraftEditInput(actor, "Judul baru", "Isi klarifikasi yang diperbarui.", "id")
    handle = temporal.client.get_workflow_handle(incident["id"])
    refused = False
    try:
        await asyncio.wait_for(handle.execute_update(IncidentWorkflow.edit_draft, edit), 30)
    except WorkflowUpdateFailedError:
        refused = True
    assert refused == ("postgresql" in stack.settings.effective_database_url)
    cancelled = await http.post(
        f"/incidents/{incident['id']}/cancel", json={"reason": "uji"}, headers=auth(keys.officer)
    )
    assert cancelled.status_code == 200, cancelled.text
    closed = await wait_for(http, keys.leader, incident["id"], stage="closed")
    assert closed["resolution"] == "cancelled"
    timeline = await http.get(f"/incidents/{incident['id']}/timeline", headers=auth(keys.leader))
    failed = [e for e in timeline.json() if e["type"] == "persist_failed"]
    # Leadership sees that something could not be stored, and the incident asks for attention.
    assert len(failed) == (1 if refused else 0)
    assert closed["needs_attention"] is refused
