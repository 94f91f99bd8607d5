"""Downloads of an incident's decision dossier, as JSON and as PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool

from api import store
from api.deps import Services, ServicesDep
from api.pages.access import PageViewer
from api.pages.dossier import decision_dossier
from api.pages.dossier_pdf import dossier_pdf
from api.pages.render import page_clock
from core.local_time import LocalClock
from core.tables import Draft

router = APIRouter(prefix="/view/incidents/{incident_id}", include_in_schema=False)


def _dossier(services: Services, incident_id: str, clock: LocalClock) -> dict[str, Any]:
    incident = store.get_incident(services.engine, incident_id)
    events = store.timeline(services.engine, incident_id, clock)
    with Session(services.engine) as session:
        rows = session.exec(
            select(Draft).where(Draft.incident_id == incident_id).order_by(col(Draft.version))
        ).all()
    drafts = [store.draft_public(r) for r in rows]
    organization = services.policy.organization.name
    return decision_dossier(incident, events, drafts, organization, clock)


def _attachment(incident_id: str, ext: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="dosier-{incident_id}.{ext}"'}


@router.get("/dossier.json")
async def dossier_json(
    incident_id: str, request: Request, services: ServicesDep, _: PageViewer
) -> Response:
    dossier = await run_in_threadpool(_dossier, services, incident_id, page_clock(request))
    return JSONResponse(dossier, headers=_attachment(incident_id, "json"))


@router.get("/dossier.pdf")
async def dossier_as_pdf(
    incident_id: str, request: Request, services: ServicesDep, _: PageViewer
) -> Response:
    dossier = await run_in_threadpool(_dossier, services, incident_id, page_clock(request))
    logo = services.policy.organization.logo
    pdf = await run_in_threadpool(dossier_pdf, dossier, Path(logo) if logo else None)
    return Response(pdf, media_type="application/pdf", headers=_attachment(incident_id, "pdf"))
