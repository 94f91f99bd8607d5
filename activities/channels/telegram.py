"""The Telegram channel: Bot API `sendMessage` to a channel, HTML-escaped.

One klarifikasi is one message, never cut: Telegram takes at most 4096 characters (counted after
its HTML is parsed), and a longer text is refused with a non-retryable error that the timeline
records, so nobody publishes less than was approved without knowing. It is not split over
several messages: a part can be forwarded alone (the quoted hoax without the *Faktanya*),
the Bot API has no idempotency key to send a series exactly once, and a correction or
retraction edits one message.

A 429 carries its wait in the body (`parameters.retry_after`); it becomes the next retry's
delay. A correction edits the message (`editMessageText`); so does a retraction, so readers
who saw the klarifikasi also see that it was withdrawn.
"""

from __future__ import annotations

import html
import logging
import re
from datetime import timedelta
from typing import Any

import httpx
from temporalio.exceptions import ApplicationError

from activities.channels.base import Delivered, plain_text, retraction_notice, secret_of
from activities.errors import classify_response, classify_transport
from activities.types import PublishRequest
from core.policy import Channel
from core.settings import Settings

API = "https://api.telegram.org"
MAX_MESSAGE = 4096
_BOT_PATH = re.compile(r"/bot[^/\s]+/")


class _RedactBotTokens(logging.Filter):
    """httpx logs request URLs, and the Bot API puts the token in the path."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/bot" in message:
            record.msg, record.args = _BOT_PATH.sub("/bot<redacted>/", message), None
        return True


logging.getLogger("httpx").addFilter(_RedactBotTokens())


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def message_html(channel: Channel, request: PublishRequest) -> str:
    """The message as Telegram HTML; refused (non-retryable) if Telegram would not take it whole."""
    if request.operation == "retraction":
        title, rest = request.title, retraction_notice(request)
    else:
        title, _, rest = plain_text(request).partition("\n\n")
    shown = _utf16(f"{title}\n\n{rest}".strip())  # what Telegram counts: the text, not the tags
    if shown > MAX_MESSAGE:
        raise ApplicationError(
            f"channel {channel.name}: teks {shown} karakter melebihi batas satu pesan Telegram "
            f"({MAX_MESSAGE}); tidak dikirim agar tidak terpotong. Persingkat teks (koreksi) "
            "atau terbitkan lewat kanal lain",
            type="MessageTooLong",
            non_retryable=True,
        )
    tag = "s" if request.operation == "retraction" else "b"
    return f"<{tag}>{html.escape(title)}</{tag}>\n\n{html.escape(rest)}"


class TelegramChannel:
    def __init__(self, http: httpx.AsyncClient, settings: Settings) -> None:
        self._http = http
        self._settings = settings

    async def deliver(self, channel: Channel, request: PublishRequest, key: str) -> Delivered:
        base = f"{(channel.url or API).rstrip('/')}/bot{secret_of(channel, self._settings)}/"
        fields: dict[str, Any] = {
            "chat_id": channel.chat_id,
            "text": message_html(channel, request),
            "parse_mode": "HTML",
            "link_preview_options": {"is_disabled": True},
        }
        if request.operation != "publication" and request.previous_external_id:
            fields["message_id"] = int(request.previous_external_id)
            await self._call(channel, base + "editMessageText", fields, unchanged_is_done=True)
            return Delivered(
                url=self._link(channel, request.previous_external_id),
                external_id=request.previous_external_id,
            )
        result = await self._call(channel, base + "sendMessage", fields)
        message_id = str(result["message_id"])
        return Delivered(url=self._link(channel, message_id), external_id=message_id)

    @staticmethod
    def _link(channel: Channel, message_id: str) -> str | None:
        if channel.chat_id.startswith("@"):
            return f"https://t.me/{channel.chat_id[1:]}/{message_id}"
        return None  # a private channel has no public link

    async def _call(
        self, channel: Channel, url: str, fields: dict[str, Any], unchanged_is_done: bool = False
    ) -> Any:
        service = f"channel {channel.name}"
        try:
            response = await self._http.post(url, json=fields)
        except httpx.TransportError as exc:
            # An edit can be repeated; a second sendMessage would be a second post.
            raise classify_transport(service, exc, idempotent=unchanged_is_done) from None
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        description = str(answer.get("description", "")) if isinstance(answer, dict) else ""
        if unchanged_is_done and "message is not modified" in description:
            return {}  # an earlier attempt already made this edit
        seconds = (answer.get("parameters") or {}).get("retry_after") if answer else None
        delay = timedelta(seconds=seconds) if isinstance(seconds, int) else None
        error = classify_response(service, response, delay)
        if error is not None:
            detail = f"{error.message}: {description}" if description else error.message
            raise ApplicationError(
                detail,
                type=error.type,
                non_retryable=error.non_retryable,
                next_retry_delay=error.next_retry_delay,
            )
        return answer.get("result", {})
