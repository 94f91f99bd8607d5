"""The draft editor (`/view/incidents/{id}/draft`): the current text, what the approvers asked
for, and what changed between the last two versions; saved through the same Update as
`PUT /incidents/{id}/draft` (`IncidentWorkflow.edit_draft`). The incident page shows the
same change and a link here (`draft_panel`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool

from api import store
from api.deps import Services, ServicesDep
from api.pages.access import PageViewer, Viewer
from api.pages.forms import require_csrf
from api.pages.officer import require
from api.pages.render import render
from api.pages.report_form import one_text
from api.problems import Problem
from api.schemas import DecisionPublic, DraftUpdate, IncidentPublic
from api.updates import send_update
from core.domain import Decision, Stage
from core.draft_diff import Piece, changed, word_diff
from core.drafting import draft_hash
from core.roles import Action, may
from core.tables import Draft
from workflows.incident import IncidentWorkflow
from workflows.types import DraftEditInput

router = APIRouter(include_in_schema=False)
# Where `workflows.rules.draft_edit` takes an edit.
EDITABLE = (Stage.DRAFTING.value, Stage.APPROVAL.value)
DRAFT_FIELDS = ("title", "body", "language")


@dataclass(frozen=True)
class DraftChange:
    """The latest version against the one before it, word by word."""

    before: int
    after: int
    title: list[Piece]
    body: list[Piece]

    @property
    def changed(self) -> bool:
        return changed(self.title) or changed(self.body)


def _versions(engine: Engine, incident_id: str) -> list[Draft]:
    with Session(engine) as session:
        query = select(Draft).where(Draft.incident_id == incident_id)
        return list(session.exec(query.order_by(col(Draft.version))).all())


def last_change(drafts: list[Draft]) -> DraftChange | None:
    if len(drafts) < 2:
        return None
    before, after = drafts[-2], drafts[-1]
    return DraftChange(
        before.version,
        after.version,
        word_diff(before.title, after.title),
        word_diff(before.body, after.body),
    )


def editable(viewer: Viewer, incident: IncidentPublic) -> bool:
    return (
        may(viewer.actor, Action.EDIT_DRAFT)
        and incident.stage in EDITABLE
        and incident.draft is not None
    )


async def draft_panel(
    services: Services, viewer: Viewer, incident: IncidentPublic
) -> dict[str, object]:
    """What the incident page shows of the draft's history: the link to the editor and the
    change from the version before."""
    drafts = await run_in_threadpool(_versions, services.engine, incident.id)
    return {"may_edit_draft": editable(viewer, incident), "draft_change": last_change(drafts)}


def asked_for(incident: IncidentPublic) -> list[DecisionPublic]:
    """The approvers' requests for changes and rejections, each with its reason, newest first."""
    sent_back = [d for d in incident.decisions if d.decision != Decision.APPROVE.value]
    return sorted(sent_back, key=lambda d: d.at, reverse=True)


async def _editor(
    request: Request,
    services: Services,
    viewer: Viewer,
    incident_id: str,
    *,
    values: dict[str, str] | None = None,
    refused: tuple[str, ...] = (),
    error: str | None = None,
    moved: bool = False,
    status: int = 200,
) -> HTMLResponse:
    incident = await run_in_threadpool(store.get_incident, services.engine, incident_id)
    drafts = await run_in_threadpool(_versions, services.engine, incident_id)
    draft = incident.draft
    shown = values or (
        {
            "title": draft.title,
            "body": draft.body,
            "language": draft.language,
            "draft_hash": draft.hash,
        }
        if draft
        else {}
    )
    return render(
        request,
        "draft_edit.html",
        viewer=viewer,
        incident=incident,
        values=shown,
        asks=asked_for(incident),
        change=last_change(drafts),
        editable=editable(viewer, incident),
        refused=refused,
        error=error,
        moved=moved,
        status=status,
    )


@router.get("/view/incidents/{incident_id}/draft", response_class=HTMLResponse)
async def draft_editor(
    incident_id: str, request: Request, services: ServicesDep, viewer: PageViewer
) -> Response:
    require(viewer, Action.EDIT_DRAFT)
    return await _editor(request, services, viewer, incident_id)


def _edit_key(csrf: str, base_hash: str, new_hash: str) -> str:
    """The form's token, the version edited and the text: a double submit is one version."""
    digest = hashlib.sha256(f"{base_hash}\0{new_hash}".encode()).hexdigest()
    return f"page:{csrf[:12]}:draft:{digest[:24]}"


@router.post("/view/incidents/{incident_id}/draft")
async def save_draft_from_page(
    incident_id: str, request: Request, services: ServicesDep, viewer: PageViewer
) -> Response:
    fields = await require_csrf(request, viewer)
    require(viewer, Action.EDIT_DRAFT)
    values = {name: one_text(fields.get(name, "")) for name in (*DRAFT_FIELDS, "draft_hash")}
    try:
        body = DraftUpdate(title=values["title"], body=values["body"], language=values["language"])
    except ValidationError as exc:
        names = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
        refused = tuple(name for name in DRAFT_FIELDS if name in names)
        return await _editor(
            request, services, viewer, incident_id, values=values, refused=refused, status=422
        )
    new_hash = draft_hash(body.title, body.body, body.language)
    current = await run_in_threadpool(store.get_incident, services.engine, incident_id)
    done = RedirectResponse(f"/view/incidents/{incident_id}#draft", status_code=303)
    if current.draft is not None and current.draft.hash == new_hash:
        return done  # this very text is the current version (a double submit's second)
    if current.draft is not None and current.draft.hash != values["draft_hash"]:
        # Someone saved a version since this form was opened: saving now would drop theirs.
        return await _editor(
            request, services, viewer, incident_id, values=values, moved=True, status=409
        )
    arg = DraftEditInput(
        actor=viewer.actor, title=body.title, body=body.body, language=body.language
    )
    key = _edit_key(fields.get("csrf", ""), values["draft_hash"], new_hash)
    try:
        await send_update(services, incident_id, IncidentWorkflow.edit_draft, arg, key)
    except Problem as refused_:
        # Shown where the officer acted: wrong stage, an empty text, the engine unavailable.
        return await _editor(
            request,
            services,
            viewer,
            incident_id,
            values=values,
            error=refused_.detail,
            status=refused_.status,
        )
    return done
