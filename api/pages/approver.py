"""The approver's workspace: /persetujuan lists what waits for this person first, then the
other incidents in approval; an incident's approval page shows the whole text, its version and
hash, the change since the version last approved, and the decision buttons at the bottom of
the text (one thumb on a phone). A decision is the same Update as the API's
`POST /incidents/{id}/decisions`."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api import store
from api.deps import Services, ServicesDep
from api.pages import review_queries
from api.pages.access import PageViewer, Viewer
from api.pages.decision_form import decision_from_form
from api.pages.forms import require_csrf
from api.pages.render import render
from api.pages.review_forms import refused_text
from api.problems import Problem
from api.updates import send_update
from core.domain import Stage
from core.draft_diff import changed, word_diff
from core.roles import Action, may, refusal
from core.words.cards import tally_words
from workflows.incident import IncidentWorkflow

router = APIRouter(include_in_schema=False)


def _may_decide(viewer: Viewer) -> None:
    if not may(viewer.actor, Action.DECIDE):
        raise Problem(403, refusal(Action.DECIDE), code="forbidden")


@router.get("/persetujuan", response_class=HTMLResponse)
async def approval_list(request: Request, services: ServicesDep, viewer: PageViewer) -> Response:
    _may_decide(viewer)
    yours, others = await run_in_threadpool(
        review_queries.approval_list, services.engine, services.policy, viewer.actor
    )
    return render(
        request,
        "approve_list.html",
        viewer=viewer,
        yours=yours,
        others=others,
        tally_words=lambda counted: tally_words(counted, viewer.lang),
    )


@router.get("/view/incidents/{incident_id}/persetujuan", response_class=HTMLResponse)
async def approval_page(
    incident_id: str, request: Request, services: ServicesDep, viewer: PageViewer
) -> Response:
    _may_decide(viewer)
    done = request.query_params.get("done") == "1"
    return await _approval_page(request, services, viewer, incident_id, done=done)


def _text(title: str, body: str) -> str:
    return f"{title}\n\n{body}"


async def _approval_page(
    request: Request,
    services: Services,
    viewer: Viewer,
    incident_id: str,
    *,
    error: str | None = None,
    status: int = 200,
    done: bool = False,
    reason: str = "",
) -> Response:
    incident = await run_in_threadpool(store.get_incident, services.engine, incident_id)
    versions = await run_in_threadpool(review_queries.versions_of, services.engine, incident_id)
    draft = versions.current
    before = versions.last_approved()
    diff = None
    if draft is not None and before is not None:
        diff = word_diff(_text(before.title, before.body), _text(draft.title, draft.body))
    counted = review_queries.approval_tally(services.policy, incident.severity, versions)
    who = viewer.actor.who
    return render(
        request,
        "approve_view.html",
        status=status,
        viewer=viewer,
        incident=incident,
        draft=draft,
        before=before,
        diff=diff,
        diff_changed=bool(diff) and changed(diff or []),
        tally=tally_words(counted, viewer.lang) if counted else None,
        mine=draft is not None and draft.author.who == who,
        approved=counted is not None and any(a.who == who for a in counted.approvers),
        open=incident.stage == Stage.APPROVAL and draft is not None,
        error=error,
        done=done,
        reason=reason,
    )


@router.post("/view/incidents/{incident_id}/persetujuan")
async def decide(
    incident_id: str, request: Request, services: ServicesDep, viewer: PageViewer
) -> Response:
    fields = await require_csrf(request, viewer)
    _may_decide(viewer)
    arg, key = decision_from_form(fields, viewer.actor)
    try:
        await send_update(services, incident_id, IncidentWorkflow.decide, arg, key)
    except Problem as refused:
        # Shown above the buttons: stale draft, a missing reason, their own text …
        return await _approval_page(
            request,
            services,
            viewer,
            incident_id,
            error=refused_text(refused, viewer.lang),
            status=refused.status,
            reason=fields.get("reason", ""),
        )
    return RedirectResponse(f"/view/incidents/{incident_id}/persetujuan?done=1", status_code=303)
