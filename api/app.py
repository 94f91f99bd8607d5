"""The FastAPI application and its lifespan (database, policy, Temporal client)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import timedelta

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from temporalio.client import Client

from api import (
    actions,
    claimreview,
    incidents,
    klarifikasi_page,
    media,
    official_media,
    ops,
    outbox,
    signals,
)
from api.deps import Services
from api.incident_ids import incident_id_named
from api.limits import BodyLimit
from api.pages import (
    admin_outbox,
    approver,
    dossier_routes,
    media_routes,
    metrics_page,
    officer,
    officer_drafts,
    signin,
    verifier,
    views,
)
from api.pages.access import SignInRequired
from api.pages.session import session_secret
from api.problems import document_problems, install_problem_handlers, problem_responses
from api.request_hygiene import RefuseControlCharacters
from api.slack import commands, interactions
from api.starter import reconcile_forever
from core.db import engine_for, loop_reader
from core.heap import freeze_startup_heap
from core.policy import load_policy, resolve_policy_path
from core.settings import Settings
from core.slack_client import slack_client
from core.temporal import connect, with_tangkal_payloads

log = logging.getLogger(__name__)


def create_app(settings: Settings, temporal: Client | None = None) -> FastAPI:
    """`temporal` may be given (tests, `tangkal dev`); otherwise the lifespan connects."""
    engine = engine_for(settings.effective_database_url)
    services = Services(
        settings=settings,
        engine=engine,
        policy=load_policy(resolve_policy_path(settings.policy_file)),
        temporal=with_tangkal_payloads(temporal, engine) if temporal is not None else None,
        slack=slack_client(settings),
        loop_reads=loop_reader(settings.effective_database_url),
    )

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if services.temporal is None:
            services.temporal = await connect(settings, services.engine)
        freeze_startup_heap()
        reconciler = asyncio.create_task(reconcile_forever(services, timedelta(seconds=15)))
        try:
            yield
        finally:
            reconciler.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reconciler
            if services.loop_reads is not None:
                services.loop_reads.close()

    app = FastAPI(
        title="Tangkal",
        version="0.1.0",
        lifespan=lifespan,
        summary="Crisis-communication workflow engine for public-relations offices",
        # FastAPI's native OpenTelemetry asks the global providers on every request; only
        # the API package is installed (no SDK, no exporter), so it never had one to use.
        # Metrics are ours (`api.ops`, /metrics).
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.services = services
    app.state.session_secret = session_secret(settings)
    app.state.metrics = ops.Metrics(services)
    install_problem_handlers(app)
    app.add_middleware(RefuseControlCharacters)
    document_problems(app)
    app.add_middleware(ops.MetricsMiddleware, metrics=app.state.metrics)
    app.add_middleware(
        BodyLimit, max_bytes=settings.max_body_bytes, max_media_bytes=settings.max_media_bytes
    )
    # A malformed incident id in a path or `?incident_id=` is a 404 before any route runs.
    named = [Depends(incident_id_named)]
    app.include_router(incidents.status_router)  # the hottest route, checked first
    app.include_router(incidents.router, dependencies=named)
    app.include_router(actions.router, dependencies=named)
    app.include_router(media.router, dependencies=named)
    app.include_router(official_media.router, dependencies=named)
    # What the routes of these routers answer besides 404/413/422 (see `document_problems`).
    app.include_router(
        claimreview.router, dependencies=named, responses=problem_responses(401, 410)
    )
    app.include_router(ops.router)
    app.include_router(outbox.router, dependencies=named, responses=problem_responses(401, 403))
    slack = problem_responses(400, 401, 404)
    app.include_router(interactions.router, responses=slack)
    app.include_router(commands.router, responses=slack)
    app.include_router(signals.router, responses=problem_responses(401, 503))
    app.include_router(signin.router)
    signin.hide_sign_in_links()
    app.include_router(views.router, dependencies=named)
    app.include_router(officer.router)
    app.include_router(officer_drafts.router, dependencies=named)
    app.include_router(verifier.router, dependencies=named)
    app.include_router(approver.router, dependencies=named)
    app.include_router(dossier_routes.router, dependencies=named)
    app.include_router(media_routes.router, dependencies=named)
    app.include_router(metrics_page.router)
    app.include_router(admin_outbox.router)
    app.include_router(klarifikasi_page.router, dependencies=named)

    @app.exception_handler(SignInRequired)
    async def to_sign_in(_: Request, __: SignInRequired) -> Response:
        return RedirectResponse("/login", status_code=303)

    return app
