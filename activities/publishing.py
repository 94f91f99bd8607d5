"""Publishes an approved counter-statement to one channel, exactly once per draft version.

The channel adapters (`activities/channels/`) do the talking; this activity picks one, keeps
the heartbeat going during the call and reports the result. Every operation has its own
idempotency key (`core.domain.publication_key`).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncIterator

import httpx
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.channels.base import ChannelAdapter
from activities.channels.console import ConsoleChannel
from activities.channels.telegram import TelegramChannel
from activities.channels.webhook import WebhookChannel
from activities.channels.wordpress import WordPressChannel
from activities.errors import misconfigured
from activities.types import PublicationResult, PublishRequest
from core.domain import publication_key
from core.drafting import draft_hash
from core.media.tables import MediaItem
from core.policy import Policy
from core.settings import Settings
from core.tables import Draft, Incident


@contextlib.asynccontextmanager
async def heartbeating(every: float = 1.0) -> AsyncIterator[None]:
    """Heartbeat while a slow call is in flight, so a dead worker is noticed in seconds."""

    async def beat() -> None:
        while True:
            activity.heartbeat()
            await asyncio.sleep(every)

    task = asyncio.create_task(beat())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


class Publisher:
    def __init__(
        self, http: httpx.AsyncClient, engine: Engine, policy: Policy, settings: Settings
    ) -> None:
        self._engine = engine
        self._channels = {channel.name: channel for channel in policy.channels}
        self._adapters: dict[str, ChannelAdapter] = {
            "webhook": WebhookChannel(http, policy.organization, settings),
            "wordpress": WordPressChannel(http, policy, settings),
            "telegram": TelegramChannel(http, settings),
            "console": ConsoleChannel(engine),
        }
        if any(channel.kind == "slack" for channel in policy.channels):
            # Imported only when used: aiohttp under slack_sdk's async client slows start-up.
            from activities.channels.slack import SlackChannel

            self._adapters["slack"] = SlackChannel(policy, settings)

    @activity.defn(name="publish_to_channel")
    async def publish_to_channel(self, request: PublishRequest) -> PublicationResult:
        if not request.body:  # an `Incident` workflow names the approved version; read it
            request = await asyncio.to_thread(approved_text, self._engine, request)
        channel = self._channels.get(request.channel)
        if channel is None:
            raise misconfigured(f"channel {request.channel!r} is not in the policy any more")
        key = publication_key(
            request.incident_id, request.draft_version, channel.name, request.operation
        )
        attempt = activity.info().attempt
        async with heartbeating():
            try:
                delivered = await self._adapters[channel.kind].deliver(channel, request, key)
            except ApplicationError as exc:  # the workflow records the attempts really made
                raise ApplicationError(
                    exc.message,
                    {"attempt": attempt},
                    type=exc.type,
                    non_retryable=exc.non_retryable,
                    next_retry_delay=exc.next_retry_delay,
                ) from None
        activity.logger.info("%s of %s done on %s", request.operation, key, channel.name)
        return PublicationResult(
            channel=channel.name,
            idempotency_key=key,
            draft_version=request.draft_version,
            status=delivered.status
            or ("retracted" if request.operation == "retraction" else "published"),
            url=delivered.url,
            external_id=delivered.external_id,
            attempts=attempt,
            operation=request.operation,
            warning=delivered.warning,
        )


def approved_text(engine: Engine, request: PublishRequest) -> PublishRequest:
    """The request with the text of the approved version, as its write stored it, and the
    incident's claim. The text is published only if it hashes to what the approvers approved:
    a row changed behind the workflow's back is refused, never published."""
    with Session(engine) as session:
        draft = session.exec(
            select(Draft).where(
                Draft.incident_id == request.incident_id,
                Draft.version == request.draft_version,
            )
        ).first()
        incident = session.get(Incident, request.incident_id)
        media = session.exec(
            select(MediaItem)
            .where(MediaItem.incident_id == request.incident_id)
            .order_by(col(MediaItem.created_at))
        ).all()
    if draft is None or incident is None:
        # The version's write is still on its way (it never gives up): try again.
        raise ApplicationError(
            f"draft v{request.draft_version} of {request.incident_id} is not written yet"
        )
    if draft_hash(draft.title, draft.body, draft.language) != request.draft_hash:
        raise ApplicationError(
            f"teks v{request.draft_version} di basis data tidak sama dengan yang disetujui"
            " (the stored text differs from the approved one): not published",
            type="TextChanged",
            non_retryable=True,
        )
    return dataclasses.replace(
        request,
        title=draft.title,
        body=draft.body,
        language=draft.language,
        verdict=incident.verdict or "",
        claim=incident.claim,
        source_urls=list(incident.source_urls or []),
        media_type=incident.media_type,
        evidence=[{"kind": m.kind, "sha256": m.sha256, "mime": m.mime} for m in media],
    )
