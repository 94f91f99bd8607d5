"""The Slack channel: the announcement of a published klarifikasi in `[slack] announce_channel`.

Kept small on purpose: Slack cards and interactions live in their own module. A correction or
retraction rewrites the announcement (`chat.update`). Each announcement carries its idempotency
key as message metadata, so a retry first looks for the message an earlier attempt posted
(`conversations.history`, scope `channels:history`) instead of posting it twice.
"""

from __future__ import annotations

import os
from typing import Any

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.channels.base import Delivered, plain_text, retraction_notice, secret_of
from activities.errors import classify_slack
from activities.types import PublishRequest
from core.mrkdwn import escape, units
from core.policy import Channel, Policy

DEFAULT_API = "https://slack.com/api/"
METADATA_TYPE = "tangkal_publication"
# Slack cuts a message's text beyond this, silently: a longer klarifikasi is refused instead.
MAX_TEXT = 40_000


class SlackChannel:
    def __init__(self, policy: Policy) -> None:
        self._announce = policy.slack.announce_channel

    async def deliver(self, channel: Channel, request: PublishRequest, key: str) -> Delivered:
        api = channel.url or os.environ.get("TANGKAL_SLACK_API_URL", "") or DEFAULT_API
        # No retry handlers: Temporal's retry policy is the one place retries happen.
        client = AsyncWebClient(
            token=secret_of(channel, "TANGKAL_SLACK_BOT_TOKEN"),
            base_url=api if api.endswith("/") else api + "/",
            retry_handlers=[],
        )
        if request.operation == "retraction":
            text = f"~{escape(request.title)}~\n{escape(retraction_notice(request))}"
        else:
            text = escape(plain_text(request))
        if units(text) > MAX_TEXT:
            raise ApplicationError(
                f"channel {channel.name}: teks {units(text)} karakter (setelah escape) melebihi "
                f"batas satu pesan Slack ({MAX_TEXT}); tidak dikirim agar tidak terpotong",
                type="MessageTooLong",
                non_retryable=True,
            )
        try:
            if request.operation != "publication" and request.previous_external_id:
                await client.chat_update(
                    channel=self._announce, ts=request.previous_external_id, text=text
                )
                return Delivered(external_id=request.previous_external_id)
            if activity.info().attempt > 1:
                posted = await self._posted_earlier(client, key)
                if posted:
                    return Delivered(external_id=posted)
            answer = await client.chat_postMessage(
                channel=self._announce,
                text=text,
                unfurl_links=False,
                metadata={"event_type": METADATA_TYPE, "event_payload": {"key": key}},
            )
        except SlackApiError as exc:
            response = exc.response
            raise classify_slack(
                f"channel {channel.name}",
                response.status_code,
                str(response.get("error", "")),
                dict(response.headers),
            ) from None
        except (ClientError, TimeoutError) as exc:
            raise ApplicationError(
                f"channel {channel.name}: Slack unreachable ({type(exc).__name__})",
                type="Retryable",
            ) from None
        return Delivered(external_id=str(answer["ts"]))

    async def _posted_earlier(self, client: AsyncWebClient, key: str) -> str | None:
        """The ts of the announcement an earlier attempt made, if the answer was lost."""
        try:
            recent = await client.conversations_history(
                channel=self._announce, limit=50, include_all_metadata=True
            )
        except SlackApiError as exc:  # e.g. missing_scope: post, as Slack gives no other way
            activity.logger.warning("cannot look for an earlier post: %s", exc.response["error"])
            return None
        messages: list[dict[str, Any]] = recent.get("messages") or []
        for message in messages:
            payload = (message.get("metadata") or {}).get("event_payload") or {}
            if payload.get("key") == key:
                return str(message["ts"])
        return None
