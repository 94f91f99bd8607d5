"""Polling a monitored source: fetch, parse, admit each new item; record how the poll went.

A failing source raises a classified error (Temporal retries it) after recording the failure
for /healthz; it never touches any other source's poll.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx
from sqlalchemy import Engine
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.errors import classify_response, classify_transport, misconfigured
from activities.publishing import heartbeating
from activities.types import OpenedIncident, PollRequest, PollResult, Report
from core.db import session_scope
from core.detection.admission import MonitoredItem, admit
from core.detection.feeds import FeedError, parse_items
from core.detection.tables import SourceStatus
from core.domain import Actor, ActorKind
from core.policy import Policy, Source

MAX_FEED_BYTES = 5 * 1024 * 1024


def record_status(engine: Engine, source: str, error: str | None) -> None:
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        row = session.get(SourceStatus, source) or SourceStatus(source=source)
        row.last_attempt_at = now
        if error is None:
            row.ok, row.failures, row.last_error, row.last_success_at = True, 0, None, now
        else:
            row.ok, row.failures, row.last_error = False, row.failures + 1, error
        session.add(row)


class SourceActivities:
    def __init__(self, http: httpx.AsyncClient, engine: Engine, policy: Policy) -> None:
        self._http = http
        self._engine = engine
        self._policy = policy

    @activity.defn(name="poll_source")
    async def poll_source(self, request: PollRequest) -> PollResult:
        source = next((s for s in self._policy.sources if s.name == request.source), None)
        if source is None:
            raise misconfigured(f"source {request.source} is not in the policy")
        try:
            items = parse_items(source, await self._fetch(source))
        except (ApplicationError, FeedError) as exc:
            await asyncio.to_thread(record_status, self._engine, source.name, str(exc))
            if isinstance(exc, FeedError):
                raise ApplicationError(str(exc), type="Retryable") from None
            raise
        opened = await asyncio.to_thread(self._admit_all, source, items)
        await asyncio.to_thread(record_status, self._engine, source.name, None)
        return PollResult(source.name, len(items), opened)

    async def _fetch(self, source: Source) -> bytes:
        service = f"source {source.name}"
        try:
            async with heartbeating():
                response = await self._http.get(
                    source.url, headers={"User-Agent": "Tangkal/0.1 (monitor)"}
                )
        except httpx.TransportError as exc:
            raise classify_transport(service, exc) from None
        error = classify_response(service, response)
        if error is not None:
            raise error
        if len(response.content) > MAX_FEED_BYTES:
            raise FeedError(f"{service}: response larger than {MAX_FEED_BYTES} bytes")
        return response.content

    def _admit_all(self, source: Source, items: list[MonitoredItem]) -> list[OpenedIncident]:
        threshold = (
            source.min_score if source.min_score is not None else self._policy.monitoring.min_score
        )
        reporter = Actor(ActorKind.SYSTEM, f"monitor:{source.name}", f"monitor:{source.name}")
        opened = []
        for item in items:
            now = datetime.now(UTC)
            admission = admit(self._engine, self._policy, source.name, item, threshold, now)
            if admission.incident_id is not None and admission.reported_at is not None:
                opened.append(
                    OpenedIncident(
                        incident_id=admission.incident_id,
                        report=Report(
                            claim=item.text[:2000],
                            source_urls=[item.url] if item.url else [],
                            platform=item.platform,
                            reach=item.reach,
                            growth_per_hour=item.growth_per_hour,
                            media_type=item.media_type,
                            notes=admission.notes,
                        ),
                        reporter=reporter,
                        reported_at=admission.reported_at,
                    )
                )
        return opened
