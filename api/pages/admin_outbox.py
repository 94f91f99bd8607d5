"""`GET /admin/outbox`: the console outbox for admins, newest first, readable on a phone.

The notices Tangkal would send to Slack when Slack is not set up: an admin's tool, so it is
no longer on every incident page where leaders read."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from api.deps import ServicesDep
from api.pages import queries
from api.pages.access import PageViewer
from api.pages.render import render
from api.problems import Problem
from core.roles import Action, may, refusal

router = APIRouter(include_in_schema=False)
SHOWN = 200  # the newest notices; the API's GET /outbox pages further back


@router.get("/admin/outbox", response_class=HTMLResponse)
async def outbox_page(request: Request, services: ServicesDep, viewer: PageViewer) -> Response:
    if not may(viewer.actor, Action.ADMINISTER):
        raise Problem(403, refusal(Action.ADMINISTER), code="forbidden")
    lines = await run_in_threadpool(queries.recent_outbox, services.engine, SHOWN)
    return render(request, "admin_outbox.html", viewer=viewer, lines=lines, shown=SHOWN)
