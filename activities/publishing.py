"""Publishes an approved counter-statement to one channel, exactly once per draft version.

The `Idempotency-Key` (incident + draft version + channel) is sent with every attempt, so a
receiver that saw a request whose answer we lost recognises the retry.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import os
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
from sqlalchemy import Engine
from temporalio import activity

from activities.errors import classify_response, classify_transport, misconfigured
from activities.types import PublicationResult, PublishRequest
from core.db import session_scope
from core.policy import Channel, Policy
from core.tables import OutboxMessage


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


def idempotency_key(incident_id: str, draft_version: int, channel: str) -> str:
    return f"{incident_id}:v{draft_version}:{channel}"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


class Publisher:
    def __init__(self, http: httpx.AsyncClient, engine: Engine, policy: Policy) -> None:
        self._http = http
        self._engine = engine
        self._channels = {channel.name: channel for channel in policy.channels}
        self._organization = policy.organization

    @activity.defn(name="publish_to_channel")
    async def publish_to_channel(self, request: PublishRequest) -> PublicationResult:
        channel = self._channels.get(request.channel)
        if channel is None:
            raise misconfigured(f"channel {request.channel!r} is not in the policy any more")
        key = idempotency_key(request.incident_id, request.draft_version, channel.name)
        attempt = activity.info().attempt
        if channel.kind == "webhook":
            return await self._webhook(channel, request, key, attempt)
        if channel.kind == "console":
            return await asyncio.to_thread(self._console, channel, request, key, attempt)
        raise misconfigured(f"channel kind {channel.kind!r} is not available yet")

    def _payload(self, request: PublishRequest, key: str) -> bytes:
        document = {
            "type": "publication",
            "idempotency_key": key,
            "incident_id": request.incident_id,
            "draft_version": request.draft_version,
            "draft_hash": request.draft_hash,
            "verdict": request.verdict,
            "claim": request.claim,
            "title": request.title,
            "body": request.body,
            "language": request.language,
            "issuer": {"name": self._organization.name, "url": self._organization.url},
        }
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    async def _webhook(
        self, channel: Channel, request: PublishRequest, key: str, attempt: int
    ) -> PublicationResult:
        secret = os.environ.get(channel.secret_env, "") if channel.secret_env else ""
        if channel.secret_env and not secret:
            raise misconfigured(f"channel {channel.name}: env var {channel.secret_env} is not set")
        body = self._payload(request, key)
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": key,
            "X-Tangkal-Timestamp": timestamp,
            "User-Agent": "Tangkal/0.1",
        }
        if secret:
            headers["X-Tangkal-Signature"] = sign(secret, timestamp, body)
        try:
            async with heartbeating():
                response = await self._http.post(channel.url, content=body, headers=headers)
        except httpx.TransportError as exc:
            raise classify_transport(f"channel {channel.name}", exc) from None
        error = classify_response(f"channel {channel.name}", response)
        if error is not None:
            raise error
        url, external_id = None, None
        if response.headers.get("content-type", "").startswith("application/json"):
            answer = response.json()
            if isinstance(answer, dict):
                url = answer.get("url") if isinstance(answer.get("url"), str) else None
                raw_id = answer.get("id")
                external_id = str(raw_id) if raw_id is not None else None
        return PublicationResult(
            channel=channel.name,
            idempotency_key=key,
            draft_version=request.draft_version,
            status="published",
            url=url,
            external_id=external_id,
            attempts=attempt,
        )

    def _console(
        self, channel: Channel, request: PublishRequest, key: str, attempt: int
    ) -> PublicationResult:
        with session_scope(self._engine) as session:
            if session.get(OutboxMessage, key) is None:
                session.add(
                    OutboxMessage(
                        id=key,
                        incident_id=request.incident_id,
                        channel=channel.name,
                        at=datetime.now(UTC),
                        text=f"{request.title}\n\n{request.body}",
                    )
                )
        activity.logger.info("published %s to console channel %s", request.incident_id, key)
        return PublicationResult(
            channel=channel.name,
            idempotency_key=key,
            draft_version=request.draft_version,
            status="published",
            external_id=key,
            attempts=attempt,
        )
