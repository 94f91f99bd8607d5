"""Finding the message an earlier attempt posted, when its answer was lost.

Every post Tangkal makes carries its idempotency key in the message metadata
(`event_payload.key`); before posting again, a retry looks for that key among the channel's
latest messages (`conversations.history`, scope `channels:history`), or among a thread's
replies (`conversations.replies`). A failed look-up raises its classified error rather than
post blind: a post that might be a second one waits until the look-up works.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from activities.slack.errors import slack_call

# Retries come within minutes of the lost answer: the message is among the latest ones.
LOOK_BACK = 200


async def find_earlier_post(
    client: AsyncWebClient, channel: str, key: str, thread_ts: str | None = None
) -> str | None:
    """The `ts` of the message in `channel` (in the thread of `thread_ts`) posted under `key`."""
    if thread_ts:
        found = await slack_call(
            "conversations.replies",
            client.conversations_replies(
                channel=channel, ts=thread_ts, include_all_metadata=True, limit=LOOK_BACK
            ),
        )
    else:
        found = await slack_call(
            "conversations.history",
            client.conversations_history(
                channel=channel, include_all_metadata=True, limit=LOOK_BACK
            ),
        )
    messages: list[dict[str, Any]] = found.get("messages") or []
    for message in messages:
        payload = (message.get("metadata") or {}).get("event_payload") or {}
        if payload.get("key") == key:
            return str(message["ts"])
    return None
