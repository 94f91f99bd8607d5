"""What every channel adapter shares: its result, its secret, and the text it publishes."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Protocol

from activities.errors import misconfigured
from activities.types import PublishRequest
from core.policy import Channel
from core.settings import Settings

RETRACTED_ID = "Klarifikasi ini dicabut oleh penerbitnya."
RETRACTED_EN = "This clarification has been withdrawn by its publisher."


@dataclass(frozen=True)
class Delivered:
    url: str | None = None
    external_id: str | None = None
    status: str = ""  # what the channel reports, when not simply done ("pending": not public)
    warning: str | None = None  # done, but not wholly as asked (a duplicate, a stripped part)


class ChannelAdapter(Protocol):
    async def deliver(self, channel: Channel, request: PublishRequest, key: str) -> Delivered:
        """Publishes, corrects or retracts (`request.operation`) exactly once per `key`."""
        ...


def secret_of(channel: Channel, settings: Settings, default_env: str = "") -> str:
    """The channel's token from the env var the policy names (or `default_env`), through
    `Settings.secret`; the value never leaves here but to the request that needs it."""
    name = channel.secret_env or default_env
    value = settings.secret(name) if name else None
    if value is None:
        raise misconfigured(
            f"channel {channel.name}: env var {name or '(none)'} is not set "
            "(in the environment or .env)"
        )
    return value.get_secret_value()


def retraction_notice(request: PublishRequest) -> str:
    notice = RETRACTED_EN if request.language == "en" else RETRACTED_ID
    return f"{notice}\n\n{request.reason}".strip()


def correction_note(request: PublishRequest) -> str:
    if request.language == "en":
        return f"Correction (version {request.draft_version}): {request.reason}".strip()
    return f"Koreksi (versi {request.draft_version}): {request.reason}".strip()


def plain_text(request: PublishRequest) -> str:
    """Title and body as one message, with the correction note when it corrects."""
    parts = [request.title, request.body]
    if request.operation == "correction":
        parts.insert(1, correction_note(request))
    return "\n\n".join(parts)


def html_paragraphs(text: str) -> str:
    """Plain text as HTML: everything escaped, blank lines make paragraphs."""
    blocks = [block for block in text.split("\n\n") if block.strip()]
    return "\n".join(
        "<p>" + "<br>".join(html.escape(line) for line in block.splitlines()) + "</p>"
        for block in blocks
    )
