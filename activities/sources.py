"""Polling a monitored source: fetch, parse, admit each new item; record how the poll went.

A failing source raises a classified error (Temporal retries it) after recording the failure
for /healthz; it never touches any other source's poll. Whatever makes a poll fail is recorded,
so /healthz never says a source is ok while every poll of it fails.

The response is streamed and cut at `MAX_FEED_BYTES` (never read whole first); parsing and
admission run in threads, off the event loop every other activity of this worker shares. An
item the database refuses (`DataError`, or text it cannot encode) is counted and reported; the
other items go on.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import httpx
from sqlalchemy import Engine
from sqlalchemy.exc import DataError
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.errors import classify_response, classify_transport, misconfigured
from activities.publishing import heartbeating
from activities.types import OpenedIncident, PollRequest, PollResult, Report
from core.db import session_scope
from core.detection.admission import MonitoredItem, admit, monitor_reporter
from core.detection.feeds import FeedError, parse_items
from core.detection.tables import SourceStatus
from core.policy import Policy, Source

MAX_FEED_BYTES = 2 * 1024 * 1024  # a news feed is tens of kilobytes; this is generous
log = logging.getLogger(__name__)


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
            async with heartbeating():
                items = await asyncio.to_thread(parse_items, source, await self._fetch(source))
                opened, refused = await asyncio.to_thread(self._admit_all, source, items)
        except (ApplicationError, FeedError) as exc:
            await asyncio.to_thread(record_status, self._engine, source.name, str(exc))
            if isinstance(exc, FeedError):
                raise ApplicationError(str(exc), type="Retryable") from None
            raise
        except Exception as exc:
            # Named by class only: a driver's message may quote the item or the database URL.
            problem = f"source {source.name}: poll failed ({type(exc).__name__})"
            await asyncio.to_thread(record_status, self._engine, source.name, problem)
            raise
        error = None
        if refused:
            error = f"source {source.name}: {refused} of {len(items)} items refused by the database"
        await asyncio.to_thread(record_status, self._engine, source.name, error)
        return PollResult(source.name, len(items), opened)

    async def _fetch(self, source: Source) -> bytes:
        service = f"source {source.name}"
        too_large = FeedError(f"{service}: response larger than {MAX_FEED_BYTES} bytes")
        body = bytearray()
        try:
            async with self._http.stream(
                "GET", source.url, headers={"User-Agent": "Tangkal/0.1 (monitor)"}
            ) as response:
                error = classify_response(service, response)
                if error is not None:
                    raise error
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > MAX_FEED_BYTES:
                    raise too_large
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > MAX_FEED_BYTES:
                        raise too_large
        except httpx.TransportError as exc:
            raise classify_transport(service, exc) from None
        return bytes(body)

    def _admit_all(
        self, source: Source, items: list[MonitoredItem]
    ) -> tuple[list[OpenedIncident], int]:
        """The incidents opened, and how many items the database refused."""
        threshold = (
            source.min_score if source.min_score is not None else self._policy.monitoring.min_score
        )
        reporter = monitor_reporter(source.name, self._policy.organization.language)
        opened, refused = [], 0
        for item in items:
            now = datetime.now(UTC)
            try:
                admission = admit(self._engine, self._policy, source.name, item, threshold, now)
            except (DataError, UnicodeError) as exc:  # this item only; retrying cannot help
                log.warning("source %s: an item was refused (%s)", source.name, type(exc).__name__)
                refused += 1
                continue
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
        return opened, refused
