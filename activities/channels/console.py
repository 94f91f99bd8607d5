"""The console channel: the outbox table, for installations without an outside system."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import Engine

from activities.channels.base import Delivered, plain_text, retraction_notice
from activities.types import PublishRequest
from core.db import session_scope
from core.policy import Channel
from core.tables import OutboxMessage


class ConsoleChannel:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    async def deliver(self, channel: Channel, request: PublishRequest, key: str) -> Delivered:
        text = retraction_notice(request) if request.operation == "retraction" else None
        await asyncio.to_thread(self._write, channel, request, key, text or plain_text(request))
        return Delivered(external_id=key)

    def _write(self, channel: Channel, request: PublishRequest, key: str, text: str) -> None:
        with session_scope(self._engine) as session:
            if session.get(OutboxMessage, key) is None:  # a retry writes nothing twice
                session.add(
                    OutboxMessage(
                        id=key,
                        incident_id=request.incident_id,
                        channel=channel.name,
                        at=datetime.now(UTC),
                        text=text,
                    )
                )
