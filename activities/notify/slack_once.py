"""Posting to Slack exactly once per idempotency key.

Before posting, a pending row is written; after, the message's `ts`. A retry that finds a
pending row without `ts` (the worker died between Slack's answer and our write) looks for the
message by its metadata key before posting again (`activities/slack/earlier_post.py`), so a
card is never posted twice.

Claiming a key is one transaction: insert the pending row unless the key has one, else read
its `ts` (and, for a thread reply, the `ts` of the message it replies to).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Connection, Engine, select, update
from sqlmodel import col

from activities.slack.earlier_post import find_earlier_post
from activities.slack.errors import slack_call
from core.db import insert_or_skip
from core.tables import SlackMessage

EVENT_TYPE = "tangkal_notice"


@dataclass(frozen=True)
class Claim:
    """What the database knows of a key once its pending row is sure to exist."""

    key: str
    new: bool  # the pending row was written just now: nothing can have been posted yet
    ts: str | None  # the message an earlier attempt posted and recorded
    thread_ts: str | None = None  # the recorded ts of the message to reply under


def claim_on(
    conn: Connection, key: str, incident_id: str, channel: str, thread_key: str | None = None
) -> Claim:
    """Claims `key` in one transaction of `conn` (which must have none open)."""
    pending = {
        "key": key,
        "incident_id": incident_id,
        "channel": channel,
        "ts": None,
        "created_at": datetime.now(UTC),
    }
    with conn.begin():
        new = conn.execute(insert_or_skip(conn, SlackMessage), pending).rowcount == 1
        wanted = [k for k in (None if new else key, thread_key) if k]
        recorded: dict[str, str | None] = {}
        if wanted:
            rows = conn.execute(
                select(col(SlackMessage.key), col(SlackMessage.ts)).where(
                    col(SlackMessage.key).in_(wanted)
                )
            )
            recorded = {row_key: ts for row_key, ts in rows}
    return Claim(
        key=key,
        new=new,
        ts=recorded.get(key),
        thread_ts=recorded.get(thread_key) if thread_key else None,
    )


def _claim(
    engine: Engine, key: str, incident_id: str, channel: str, thread_key: str | None
) -> Claim:
    with engine.connect() as conn:
        return claim_on(conn, key, incident_id, channel, thread_key)


def _remember(engine: Engine, key: str, ts: str) -> None:
    with engine.begin() as conn:
        conn.execute(update(SlackMessage).where(col(SlackMessage.key) == key).values(ts=ts))


async def claim(
    engine: Engine, key: str, incident_id: str, channel: str, thread_key: str | None = None
) -> Claim:
    return await asyncio.to_thread(_claim, engine, key, incident_id, channel, thread_key)


async def post_claimed(
    client: AsyncWebClient,
    engine: Engine,
    claimed: Claim,
    *,
    channel: str,
    text: str,
    blocks: list[Any] | None = None,
) -> str:
    """Posts under a claimed key, unless an earlier attempt did (then its `ts`)."""
    if claimed.ts:
        return claimed.ts
    key, thread_ts = claimed.key, claimed.thread_ts
    if not claimed.new:  # an earlier attempt may have posted before it died
        found = await find_earlier_post(client, channel, key, thread_ts)
        if found:
            await asyncio.to_thread(_remember, engine, key, found)
            return found
    posted = await slack_call(
        "chat.postMessage",
        client.chat_postMessage(
            channel=channel,
            text=text,
            blocks=blocks,
            thread_ts=thread_ts,
            metadata={"event_type": EVENT_TYPE, "event_payload": {"key": key}},
            unfurl_links=False,
        ),
    )
    ts = str(posted["ts"])
    await asyncio.to_thread(_remember, engine, key, ts)
    return ts


async def post_once(
    client: AsyncWebClient,
    engine: Engine,
    *,
    key: str,
    incident_id: str,
    channel: str,
    text: str,
    thread_key: str | None = None,
) -> str:
    """Posts `text` once per `key`; with `thread_key`, as a reply to that key's message when it
    has been posted."""
    claimed = await claim(engine, key, incident_id, channel, thread_key)
    return await post_claimed(client, engine, claimed, channel=channel, text=text)
