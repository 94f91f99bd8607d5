"""Operations endpoints: /healthz (liveness and dependencies) and /metrics (Prometheus)."""

from __future__ import annotations

import asyncio
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

from api.deps import Services, ServicesDep
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

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)


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


def _database_ok(services: Services) -> bool:
    with Session(services.engine) as session:
        session.exec(select(text("1"))).one()
    return True


@router.get("/healthz")
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
    return JSONResponse(
        {"status": "ok" if healthy else "degraded", "checks": checks},
        status_code=200 if healthy else 503,
    )


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    registry = request.app.state.metrics.registry
    payload = await run_in_threadpool(generate_latest, registry)
    return Response(payload, media_type=CONTENT_TYPE_LATEST)
