"""Telegram publishes the approved text whole, or refuses it on the timeline; never cut silently."""

from __future__ import annotations

import asyncio
import html
import os
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from tests.fakes.telegram import TelegramBot
from tests.fakes.webhook import WebhookReceiver
from tests.flow import CRITICAL_CLAIM, auth, decide, report, timeline, verify, wait_for
from tests.support import Stack, running_stack

TOKEN = "123456:TEST-telegram-whole"
CHANNEL = """
[[channels]]
name = "telegram"
kind = "telegram"
url = "{url}"
chat_id = "@humasbadung"
secret_env = "TANGKAL_TEST_TELEGRAM_WHOLE"
max_attempts = 2
"""


@dataclass
class Published:
    stack: Stack
    bot: TelegramBot


@pytest.fixture
async def published(
    temporal: WorkflowEnvironment,
    receiver: WebhookReceiver,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Published]:
    os.environ["TANGKAL_TEST_TELEGRAM_WHOLE"] = TOKEN
    bot = TelegramBot(token=TOKEN)
    bot.start()
    directory = tmp_path_factory.mktemp("telegram")
    try:
        async with running_stack(
            temporal.client,
            f"sqlite:///{directory / 'tangkal.db'}",
            directory,
            receiver.url,
            policy_extra=CHANNEL.format(url=bot.base_url),
            monitoring_minutes=60,
        ) as stack:
            yield Published(stack, bot)
    finally:
        bot.stop()


async def _approve_with_body(stack: Stack, body: str) -> tuple[str, dict[str, Any]]:
    """A critical incident whose draft the officer rewrote to `body`, approved by two people."""
    http, keys = stack.http, stack.keys
    incident_id = str((await report(http, keys.officer, CRITICAL_CLAIM))["id"])
    await wait_for(http, keys.officer, incident_id, stage="verification")
    await verify(http, keys.verifier, incident_id)
    draft = (await wait_for(http, keys.officer, incident_id, stage="approval"))["draft"]
    edited = await http.put(
        f"/incidents/{incident_id}/draft",
        headers=auth(keys.officer),
        json={"title": draft["title"], "body": body, "language": draft["language"]},
    )
    assert edited.status_code == 200, edited.text
    v2 = edited.json()["incident"]["draft"]
    for key in (keys.approver, keys.leader):
        assert (await decide(http, key, incident_id, v2["hash"])).status_code == 200
    return incident_id, v2


def _shown(message: str) -> str:
    """What a Telegram reader sees of an HTML message."""
    return html.unescape(re.sub(r"</?b>", "", message))


async def test_a_text_full_of_entities_within_the_limit_is_published_whole(
    published: Published,
) -> None:
    # Under 4,096 characters as a reader sees it, over 4,096 once escaped: the old cut at 4,096
    # characters of HTML dropped its end (and could stop inside `&amp;`).
    body = "Faktanya: KPU & Bawaslu <resmi> menyatakan surat suara aman. " * 58 + "AKHIR TEKS."
    assert len(body) < 3800 and len(html.escape(body)) > 4096
    incident_id, draft = await _approve_with_body(published.stack, body)
    http, keys = published.stack.http, published.stack.keys
    done = await wait_for(http, keys.leader, incident_id, stage="monitoring")
    assert {p["channel"]: p["status"] for p in done["publications"]}["telegram"] == "published"
    [message] = published.bot.messages.values()
    assert _shown(message) == f"{draft['title']}\n\n{draft['body']}"
    assert message.endswith("AKHIR TEKS.")


async def test_a_text_too_long_for_one_telegram_message_is_refused_on_the_timeline(
    published: Published,
) -> None:
    paragraph = "Penjelasan: KPU Kabupaten Badung memastikan seluruh surat suara tersegel. " * 8
    body = "\n\n".join([paragraph] * 9) + "\n\nKESIMPULAN TAMBAHAN DI AKHIR."
    assert len(body) > 4096
    incident_id, _ = await _approve_with_body(published.stack, body)
    http, keys = published.stack.http, published.stack.keys
    flagged: dict[str, Any] = {}
    for _ in range(300):
        flagged = (await http.get(f"/incidents/{incident_id}", headers=auth(keys.admin))).json()
        if flagged["needs_attention"]:
            break
        await asyncio.sleep(0.1)
    telegram = next(p for p in flagged["publications"] if p["channel"] == "telegram")
    assert telegram["status"] == "failed"
    assert "4096" in telegram["error"] and "tidak dikirim agar tidak terpotong" in telegram["error"]
    assert published.bot.messages == {}  # nothing cut was published
    assert published.bot.attempts == 0  # refused before Telegram was asked, not retried
    events = await timeline(http, keys.leader, incident_id)
    failed = [e for e in events if e["type"] == "publication_failed"]
    assert failed and failed[0]["data"]["channel"] == "telegram"
    assert "terpotong" in failed[0]["summary"]
    website = next(p for p in flagged["publications"] if p["channel"] == "website")
    assert website["status"] == "published"  # the other channels carry the whole text
