"""Posting to Slack exactly once per idempotency key.

Before posting, a pending row is written; after, the message's `ts`. A retry that finds a
pending row without `ts` (the worker died between Slack's answer and our write) looks for the
message by its metadata key before posting again, so a card is never posted twice.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Engine

from activities.notify.slack_errors import classify_slack
from core.db import session_scope
from core.tables import SlackMessage

EVENT_TYPE = "tangkal_notice"


def _recorded(engine: Engine, key: str) -> SlackMessage | None:
    with session_scope(engine) as session:
        return session.get(SlackMessage, key)


def _remember(engine: Engine, key: str, incident_id: str, channel: str, ts: str | None) -> None:
    with session_scope(engine) as session:
        row = session.get(SlackMessage, key) or SlackMessage(
            key=key, incident_id=incident_id, channel=channel, created_at=datetime.now(UTC)
        )
        row.ts = ts
        session.add(row)


async def _find_posted(
    client: AsyncWebClient, channel: str, key: str, thread_ts: str | None
) -> str | None:
    if thread_ts:
        found = await client.conversations_replies(
            channel=channel, ts=thread_ts, include_all_metadata=True, limit=200
        )
    else:
        found = await client.conversations_history(
            channel=channel, include_all_metadata=True, limit=200
        )
    messages: list[dict[str, Any]] = found.get("messages") or []
    for message in messages:
        metadata = message.get("metadata") or {}
        if metadata.get("event_payload", {}).get("key") == key:
            return str(message["ts"])
    return None


async def recorded_ts(engine: Engine, key: str) -> str | None:
    row = await asyncio.to_thread(_recorded, engine, key)
    return row.ts if row else None


async def post_once(
    client: AsyncWebClient,
    engine: Engine,
    *,
    key: str,
    incident_id: str,
    channel: str,
    text: str,
    blocks: list[Any] | None = None,
    thread_ts: str | None = None,
) -> str:
    row = await asyncio.to_thread(_recorded, engine, key)
    try:
        if row is not None and row.ts:
            return row.ts
        if row is not None:  # an earlier attempt may have posted before it died
            found = await _find_posted(client, channel, key, thread_ts)
            if found:
                await asyncio.to_thread(_remember, engine, key, incident_id, channel, found)
                return found
        else:
            await asyncio.to_thread(_remember, engine, key, incident_id, channel, None)
        posted = await client.chat_postMessage(
            channel=channel,
            text=text,
            blocks=blocks,
            thread_ts=thread_ts,
            metadata={"event_type": EVENT_TYPE, "event_payload": {"key": key}},
            unfurl_links=False,
        )
    except Exception as exc:
        raise classify_slack(exc, "chat.postMessage") from None
    ts = str(posted["ts"])
    await asyncio.to_thread(_remember, engine, key, incident_id, channel, ts)
    return ts
