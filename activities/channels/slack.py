"""The Slack channel: the announcement of a published klarifikasi in `[slack] announce_channel`.

Kept small on purpose: Slack cards and interactions live in their own module. A correction or
retraction rewrites the announcement (`chat.update`). Each announcement carries its idempotency
key as message metadata, so a retry first looks for the message an earlier attempt posted
(`activities/slack/earlier_post.py`) instead of posting it twice.

The token is the channel's `secret_env`, else the bot token (TANGKAL_SLACK_BOT_TOKEN); the Web
API the channel's `url`, else TANGKAL_SLACK_API_URL: read through `Settings`, as the cards' are.
"""

from __future__ import annotations

from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.channels.base import Delivered, plain_text, retraction_notice, secret_of
from activities.slack.earlier_post import find_earlier_post
from activities.slack.errors import slack_call
from activities.types import PublishRequest
from core.mrkdwn import escape, units
from core.policy import Channel, Policy
from core.settings import Settings
from core.slack_client import web_client

METADATA_TYPE = "tangkal_publication"
# Slack cuts a message's text beyond this, silently: a longer klarifikasi is refused instead.
MAX_TEXT = 40_000


class SlackChannel:
    def __init__(self, policy: Policy, settings: Settings) -> None:
        self._announce = policy.slack.announce_channel
        self._settings = settings

    async def deliver(self, channel: Channel, request: PublishRequest, key: str) -> Delivered:
        token = secret_of(channel, self._settings, "TANGKAL_SLACK_BOT_TOKEN")
        client = web_client(token, channel.url or self._settings.slack_api_url)
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
        if request.operation != "publication" and request.previous_external_id:
            await slack_call(
                "chat.update",
                client.chat_update(
                    channel=self._announce, ts=request.previous_external_id, text=text
                ),
            )
            return Delivered(external_id=request.previous_external_id)
        if activity.info().attempt > 1:  # the answer to an earlier attempt may be lost
            posted = await find_earlier_post(client, self._announce, key)
            if posted:
                return Delivered(external_id=posted)
        answer = await slack_call(
            "chat.postMessage",
            client.chat_postMessage(
                channel=self._announce,
                text=text,
                unfurl_links=False,
                metadata={"event_type": METADATA_TYPE, "event_payload": {"key": key}},
            ),
        )
        return Delivered(external_id=str(answer["ts"]))
