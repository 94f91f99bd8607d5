"""The incident page's media: a file downloaded as an attachment (in the chain of custody, as
from the API), and the difference picture of an altered copy of official media."""

from __future__ import annotations

from fastapi import APIRouter, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from api.deps import Services, ServicesDep
from api.media import attachment, incident_media, locker_of
from api.pages.access import PageViewer
from api.problems import Problem

router = APIRouter(prefix="/view/incidents/{incident_id}/media", include_in_schema=False)


@router.get("/{media_id}")
async def download_from_page(
    incident_id: str, media_id: str, services: ServicesDep, viewer: PageViewer
) -> Response:
    return await attachment(services, incident_id, media_id, viewer.actor)


def _difference(services: Services, incident_id: str, media_id: str, number: int) -> bytes:
    with Session(services.engine) as session:
        item = incident_media(session, incident_id, media_id)
    matches = item.matches or []
    altered = matches[number].get("altered") if 0 <= number < len(matches) else None
    sha256 = altered.get("difference_sha256") if altered else None
    if not sha256:
        raise Problem(404, "no difference picture for this match", code="not_found")
    with locker_of(services).open(sha256) as f:
        return f.read()


@router.get("/{media_id}/difference/{number}.png")
async def difference_picture(
    incident_id: str, media_id: str, number: int, services: ServicesDep, _: PageViewer
) -> Response:
    """A PNG Tangkal drew itself (the upload with the changed region boxed): shown inline."""
    png = await run_in_threadpool(_difference, services, incident_id, media_id, number)
    return Response(
        png,
        media_type="image/png",
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"},
    )
