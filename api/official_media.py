"""The organisation's official media (`POST /media/official`, admin): photos, videos and
letterheads it published. An upload that is a near copy of one with a local difference is
reported as an altered copy of it (`core.media.altered`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool

from api import store
from api.deps import ServicesDep, allowed
from api.media import locker_of, multipart_body, received_file, refused
from api.problems import Problem, problem_responses
from api.schemas import OfficialMediaPublic
from core.domain import Actor
from core.media import evidence
from core.media.tables import MediaItem
from core.media.types import MediaRefused
from core.roles import Action

router = APIRouter(prefix="/media/official", tags=["media"])
_TITLE_MAX = 300


def _official(item: MediaItem) -> OfficialMediaPublic:
    return OfficialMediaPublic.model_validate(
        store.media_document(item) | {"title": item.official_title}
    )


@router.post(
    "",
    status_code=201,
    response_model=OfficialMediaPublic,
    responses=problem_responses(401, 403, 413, 415, 422),
    openapi_extra=multipart_body(
        ["file", "title"],
        title={"type": "string", "maxLength": _TITLE_MAX},
        note={"type": "string"},
    ),
)
async def add_official_media(
    request: Request,
    services: ServicesDep,
    actor: Annotated[Actor, allowed(Action.ADMINISTER)],
) -> OfficialMediaPublic:
    """Register an official photo, video or letterhead with its `title` ("Foto resmi Bupati
    2026"). The same file with the same title again is the item already registered."""
    path, fields = await received_file(request, services, fields=("title", "note"))
    try:
        title = fields.get("title", "")
        if not title or len(title) > _TITLE_MAX or "\n" in title:
            raise Problem(
                422,
                f"title: required, one line, at most {_TITLE_MAX} characters",
                code="invalid_request",
            )

        def register() -> MediaItem:
            try:
                return evidence.register(
                    services.engine,
                    locker_of(services),
                    path,
                    actor=actor,
                    max_bytes=services.settings.max_media_bytes,
                    official_title=title,
                    note=fields.get("note") or None,
                )
            except MediaRefused as exc:
                raise refused(exc) from None

        item = await run_in_threadpool(register)
    finally:
        path.unlink(missing_ok=True)
    return _official(item)


@router.get("", response_model=list[OfficialMediaPublic], responses=problem_responses(401, 403))
def list_official_media(
    services: ServicesDep, _: Annotated[Actor, allowed(Action.READ)]
) -> list[OfficialMediaPublic]:
    with Session(services.engine) as session:
        items = session.exec(
            select(MediaItem)
            .where(col(MediaItem.official_title).is_not(None))
            .order_by(col(MediaItem.created_at))
        ).all()
    return [_official(item) for item in items]
