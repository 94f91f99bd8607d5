"""Operations endpoints: /healthz (liveness and dependencies) and /metrics (Prometheus)."""

from __future__ import annotations

import asyncio
import hmac
import time

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, text
from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.deps import Services, ServicesDep, authenticate, bearer_key
from api.problems import Problem, problem_responses
from core.detection.tables import SourceStatus
from core.roles import Action, may, refusal
from core.tables import Incident

router = APIRouter(tags=["operations"])


class Metrics:
    def __init__(self, services: Services) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "tangkal_http_requests",
            "HTTP requests",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "tangkal_http_request_seconds",
            "HTTP request latency",
            ["method", "route"],
            registry=self.registry,
        )
        self.registry.register(_IncidentCollector(services))
        # Each labelled child looked up once (routes are templates, so the set stays small):
        # `labels()` validates and locks on every call.
        self._children: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        children = self._children.get((method, route, status))
        if children is None:
            children = (
                self.requests.labels(method, route, str(status)),
                self.latency.labels(method, route),
            )
            self._children[(method, route, status)] = children
        children[0].inc()
        children[1].observe(seconds)


class MetricsMiddleware:
    """Pure ASGI (not BaseHTTPMiddleware, which costs every request a task and a queue)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            self.metrics.observe(scope["method"], route, status, time.perf_counter() - started)


class _IncidentCollector(Collector):
    def __init__(self, services: Services) -> None:
        self._services = services

    def collect(self):  # type: ignore[no-untyped-def]
        gauge = GaugeMetricFamily("tangkal_incidents", "Incidents by stage", labels=["stage"])
        with Session(self._services.engine) as session:
            rows = session.exec(select(Incident.stage, func.count()).group_by(Incident.stage))
            for stage, count in rows.all():
                gauge.add_metric([stage], count)
        yield gauge


def _source_health(services: Services) -> dict[str, dict[str, object]]:
    """The last poll of each monitored source of the policy (never polled yet: "pending")."""
    with Session(services.engine) as session:
        rows = {row.source: row for row in session.exec(select(SourceStatus)).all()}
    health: dict[str, dict[str, object]] = {}
    for source in services.policy.sources:
        row = rows.get(source.name)
        if row is None:
            health[source.name] = {"status": "pending"}
            continue
        health[source.name] = {
            "status": "ok" if row.ok else "failing",
            "failures": row.failures,
            "last_error": row.last_error,
            "last_success_at": row.last_success_at.isoformat() if row.last_success_at else None,
        }
    return health


def _database_ok(services: Services) -> bool:
    with Session(services.engine) as session:
        session.exec(select(text("1"))).one()
    return True


@router.get(
    "/healthz",
    responses={503: {"description": "the database or Temporal is unavailable (same body)"}},
)
async def healthz(services: ServicesDep) -> JSONResponse:
    checks: dict[str, str] = {}
    try:
        await asyncio.wait_for(run_in_threadpool(_database_ok, services), timeout=3)
        checks["database"] = "ok"
    except Exception:
        checks["database"] = "unavailable"
    try:
        if services.temporal is None:
            raise RuntimeError
        await asyncio.wait_for(services.temporal.service_client.check_health(), timeout=3)
        checks["temporal"] = "ok"
    except Exception:
        checks["temporal"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    # A failing feed is reported, not fatal: the engine still serves everything else.
    body: dict[str, object] = {"status": "ok" if healthy else "degraded", "checks": checks}
    if services.policy.sources and checks["database"] == "ok":
        body["sources"] = await run_in_threadpool(_source_health, services)
    return JSONResponse(
        body,
        status_code=200 if healthy else 503,
    )


def _may_scrape(services: Services, token: str) -> None:
    """The scraper's METRICS_TOKEN, or an admin API key; else 401/403 as for any route."""
    expected = services.settings.metrics_token
    scraper = expected.get_secret_value().encode() if expected is not None else b""
    if scraper and hmac.compare_digest(token.encode(), scraper):
        return
    with services.engine.connect() as connection:
        actor = authenticate(connection, token)
    if not may(actor, Action.ADMINISTER):
        raise Problem(403, refusal(Action.ADMINISTER), code="forbidden")


@router.get(
    "/metrics",
    responses={
        200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Prometheus text format"},
        **problem_responses(401, 403),
    },
)
async def metrics(request: Request, services: ServicesDep) -> Response:
    """Prometheus metrics: an admin API key or TANGKAL_METRICS_TOKEN as the bearer token,
    unless TANGKAL_METRICS_PUBLIC=true."""
    if not services.settings.metrics_public:
        await run_in_threadpool(_may_scrape, services, bearer_key(request))
    registry = request.app.state.metrics.registry
    payload = await run_in_threadpool(generate_latest, registry)
    return Response(payload, media_type=CONTENT_TYPE_LATEST)
