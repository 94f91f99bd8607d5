"""GET /incidents/{id}/claimreview: the schema.org JSON-LD of a published klarifikasi."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool

from api.deps import CurrentActor, ServicesDep
from api.problems import Problem
from core.claimreview import organization_review
from core.db import utc
from core.domain import Resolution
from core.media.tables import MediaItem
from core.policy import Policy
from core.tables import Draft, Incident, Publication

router = APIRouter(prefix="/incidents/{incident_id}", tags=["incidents"])


@dataclass(frozen=True)
class Published:
    """A klarifikasi that readers can see now: its incident, the version shown, the posts."""

    incident: Incident
    draft: Draft
    posts: list[Publication]
    media: list[dict[str, Any]]  # the evidence files: kind, sha256, mime


def published_klarifikasi(engine: Engine, incident_id: str) -> Published:
    with Session(engine) as session:
        incident = session.get(Incident, incident_id)
        if incident is None:
            raise Problem(404, f"incident {incident_id} not found", code="not_found")
        if incident.resolution == Resolution.RETRACTED:
            raise Problem(410, f"the klarifikasi of {incident_id} was retracted", code="retracted")
        posts = list(
            session.exec(
                select(Publication)
                .where(Publication.incident_id == incident_id, Publication.status == "published")
                .order_by(col(Publication.at))
            ).all()
        )
        if not posts or not incident.verdict:
            raise Problem(
                404, f"incident {incident_id} has no published klarifikasi", code="not_published"
            )
        shown = max(p.draft_version for p in posts)
        draft = session.exec(
            select(Draft).where(Draft.incident_id == incident_id, Draft.version == shown)
        ).one()
        items = session.exec(
            select(MediaItem)
            .where(MediaItem.incident_id == incident_id)
            .order_by(col(MediaItem.created_at))
        ).all()
        media = [{"kind": m.kind, "sha256": m.sha256, "mime": m.mime} for m in items]
    return Published(incident, draft, posts, media)


def public_page_url(policy: Policy, request_base: str, incident_id: str) -> str:
    """The klarifikasi's public page on the API host (`GET /klarifikasi/{id}`)."""
    base = policy.slack.pages_url or request_base
    return f"{base.rstrip('/')}/klarifikasi/{incident_id}"


def claimreview_document(
    engine: Engine, policy: Policy, incident_id: str, request_base: str
) -> dict[str, Any]:
    found = published_klarifikasi(engine, incident_id)
    incident, draft = found.incident, found.draft
    kinds = {channel.name: channel.kind for channel in policy.channels}
    # The page readers land on: the website post when there is one, else any public link,
    # else the klarifikasi's own page here.
    links = sorted(
        (p for p in found.posts if p.url and p.url.startswith(("https://", "http://"))),
        key=lambda p: (kinds.get(p.channel) != "wordpress", p.at),
    )
    url = links[0].url if links and links[0].url else ""
    verification: dict[str, Any] = incident.verification or {}
    assert incident.verdict is not None
    first, last = found.posts[0], found.posts[-1]
    return organization_review(
        policy,
        claim=incident.claim,
        verdict=incident.verdict,
        language=draft.language,
        published_at=utc(first.at),
        url=url or public_page_url(policy, request_base, incident_id),
        appearances=list(incident.source_urls or []),
        media_type=incident.media_type,
        media_authenticity=verification.get("media_authenticity"),
        first_seen_at=utc(incident.first_seen_at) if incident.first_seen_at else None,
        modified_at=utc(last.at) if draft.version > first.draft_version else None,
        evidence=found.media,
    )


@router.get("/claimreview", response_class=JSONResponse)
async def get_claimreview(
    incident_id: str, request: Request, services: ServicesDep, _: CurrentActor
) -> JSONResponse:
    base = str(request.base_url)
    document = await run_in_threadpool(
        claimreview_document, services.engine, services.policy, incident_id, base
    )
    return JSONResponse(document, media_type="application/ld+json")
