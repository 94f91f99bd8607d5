"""GET /incidents/{id}/claimreview: the schema.org JSON-LD of a published klarifikasi."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool

from api.deps import CurrentActor, ServicesDep
from api.problems import Problem
from core.claimreview import organization_review
from core.db import utc
from core.domain import Resolution
from core.policy import Policy
from core.tables import Draft, Incident, Publication

router = APIRouter(prefix="/incidents/{incident_id}", tags=["incidents"])


def claimreview_document(engine: Engine, policy: Policy, incident_id: str) -> dict[str, Any]:
    with Session(engine) as session:
        incident = session.get(Incident, incident_id)
        if incident is None:
            raise Problem(404, f"incident {incident_id} not found", code="not_found")
        if incident.resolution == Resolution.RETRACTED:
            raise Problem(410, f"the klarifikasi of {incident_id} was retracted", code="retracted")
        published = session.exec(
            select(Publication)
            .where(Publication.incident_id == incident_id, Publication.status == "published")
            .order_by(col(Publication.at))
        ).all()
        if not published or not incident.verdict:
            raise Problem(
                404, f"incident {incident_id} has no published klarifikasi", code="not_published"
            )
        shown = max(p.draft_version for p in published)
        draft = session.exec(
            select(Draft).where(Draft.incident_id == incident_id, Draft.version == shown)
        ).one()
    kinds = {channel.name: channel.kind for channel in policy.channels}
    # The page readers land on: the website post when there is one, else any public link.
    links = sorted(
        (p for p in published if p.url), key=lambda p: (kinds.get(p.channel) != "wordpress", p.at)
    )
    return organization_review(
        policy,
        claim=incident.claim,
        verdict=incident.verdict,
        language=draft.language,
        published_at=utc(published[0].at),
        url=links[0].url if links and links[0].url else policy.organization.url,
        appearances=list(incident.source_urls or []),
        media_type=incident.media_type,
        modified_at=utc(published[-1].at) if shown > published[0].draft_version else None,
    )


@router.get("/claimreview", response_class=JSONResponse)
async def get_claimreview(incident_id: str, services: ServicesDep, _: CurrentActor) -> JSONResponse:
    document = await run_in_threadpool(
        claimreview_document, services.engine, services.policy, incident_id
    )
    return JSONResponse(document, media_type="application/ld+json")
