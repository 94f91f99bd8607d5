"""The dashboard and the incident page; approvers decide from the incident page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api import store
from api.deps import Services, ServicesDep
from api.pages import queries, review_queries
from api.pages.access import PageViewer, Viewer
from api.pages.dashboard_data import dashboard
from api.pages.decision_form import decision_from_form
from api.pages.dossier import executive_brief
from api.pages.forms import require_csrf
from api.pages.officer_drafts import draft_panel
from api.pages.render import page_clock, render
from api.pages.stages import now_utc, stage_bars
from api.problems import Problem
from api.updates import send_update
from core.roles import Action, may, refusal
from core.words.risk import factor_line
from workflows.incident import IncidentWorkflow

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def dashboard_page(request: Request, services: ServicesDep, viewer: PageViewer) -> Response:
    clock, now = page_clock(request), now_utc()
    board = await run_in_threadpool(dashboard, services, viewer.actor, clock, now)
    closed = await run_in_threadpool(queries.recently_closed, services.engine)
    return render(request, "dashboard.html", viewer=viewer, board=board, closed=closed, now=now)


@router.get("/view/incidents/{incident_id}", response_class=HTMLResponse)
async def incident_page(
    incident_id: str, request: Request, services: ServicesDep, viewer: PageViewer
) -> Response:
    return await _incident(request, services, viewer, incident_id)


async def _incident(
    request: Request,
    services: Services,
    viewer: Viewer,
    incident_id: str,
    error: str | None = None,
    status: int = 200,
) -> Response:
    incident = await run_in_threadpool(store.get_incident, services.engine, incident_id)
    clock = page_clock(request)
    events = await run_in_threadpool(store.timeline, services.engine, incident_id, clock)
    now = now_utc()
    factors = incident.risk_factors
    split = None
    if incident.duplicate_of:  # a joined report: split off since, if a verifier said so
        split = await run_in_threadpool(review_queries.split_into, services.engine, incident_id)
    return render(
        request,
        "incident.html",
        viewer=viewer,
        incident=incident,
        bars=stage_bars(incident, events),
        now=now,
        brief=executive_brief(incident, events, clock),
        risk_factors=[(*factor_line(f, clock.lang), f.get("points")) for f in factors],
        **await draft_panel(services, viewer, incident),
        may_decide=may(viewer.actor, Action.DECIDE) and incident.stage == "approval",
        done=request.query_params.get("done") == "1",
        error=error,
        status=status,
        split_into=split,
    )


@router.post("/view/incidents/{incident_id}/decision")
async def decide_from_page(
    incident_id: str, request: Request, services: ServicesDep, viewer: PageViewer
) -> Response:
    fields = await require_csrf(request, viewer)
    if not may(viewer.actor, Action.DECIDE):
        raise Problem(403, refusal(Action.DECIDE), code="forbidden")
    arg, key = decision_from_form(fields, viewer.actor)
    try:
        await send_update(services, incident_id, IncidentWorkflow.decide, arg, key)
    except Problem as refused:
        # The approver sees why on the page they acted from (stale draft, missing reason …).
        return await _incident(
            request, services, viewer, incident_id, error=refused.detail, status=refused.status
        )
    return RedirectResponse(f"/view/incidents/{incident_id}?done=1", status_code=303)
