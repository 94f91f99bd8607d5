"""Media evidence of an incident: `POST /incidents/{id}/media` takes one file, `GET
/incidents/{id}/media/{media_id}` gives it back as an attachment. Both are in the chain of
custody (the incident's timeline).

The file is spooled to disk as it arrives, then read through off the event loop (type from
the bytes, hashes, fingerprints, content credentials, matches), a few at a time so that slow
files never take every thread. A file Tangkal does not take is a 413, 415 or 422 naming what
was found, and nothing is kept.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy import Engine
from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import ClientDisconnect
from temporalio.service import RPCError, RPCStatusCode

from api import store
from api.deps import Services, ServicesDep, allowed, temporal_of
from api.incident_ids import check_incident_id
from api.problems import Problem, problem_responses
from api.schemas import MediaPublic
from core.domain import Actor
from core.media import evidence
from core.media.locker import FileLocker, Locker, read_chunks, sha256_of
from core.media.tables import MediaItem
from core.media.types import MediaRefused
from core.roles import Action
from core.tables import Incident
from workflows.types import MediaAdded

log = logging.getLogger(__name__)
router = APIRouter(prefix="/incidents/{incident_id}/media", tags=["media"])
# Files read through at once: each may run ffmpeg; the rest wait their turn.
_EXAMINING = asyncio.Semaphore(2)
NOTE_MAX = 2000
_EXTENSION = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/gif": "gif",
    "video/mp4": "mp4",
    "video/webm": "webm",
    "audio/mpeg": "mp3",
    "audio/ogg": "ogg",
    "audio/wav": "wav",
    "audio/mp4": "m4a",
    "audio/webm": "weba",
}


def multipart_body(required: list[str], **fields: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI request body of a form with one `file` and the text `fields`."""
    properties = {"file": {"type": "string", "format": "binary"}, **fields}
    schema = {"type": "object", "required": required, "properties": properties}
    return {
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": schema}}}
    }


def incident_media(session: Session, incident_id: str, media_id: str) -> MediaItem:
    """One of the incident's media items, or 404."""
    item = session.get(MediaItem, media_id)
    if item is None or item.incident_id != incident_id:
        raise Problem(
            404, f"media {media_id} of incident {incident_id} not found", code="not_found"
        )
    return item


def locker_of(services: Services) -> Locker:
    return FileLocker(services.settings.data_dir / "media")


def incoming_dir(services: Services) -> Path:
    path = services.settings.data_dir / "incoming"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


async def received_file(
    request: Request, services: Services, *, fields: tuple[str, ...]
) -> tuple[Path, dict[str, str]]:
    """The one `file` part on disk (counted against the cap as it is copied) and the text
    fields named in `fields`. The caller removes the file."""
    cap = services.settings.max_media_bytes
    try:
        form = await request.form(max_files=1, max_fields=len(fields))
    except MultiPartException as exc:
        raise Problem(422, f"multipart/form-data: {exc.message}", code="invalid_request") from None
    except ClientDisconnect:  # `api.limits` ended a body that ran past the cap
        raise Problem(
            413, f"the file is larger than {cap:,} bytes", code="media_too_large"
        ) from None
    try:
        upload = form.get("file")
        unknown = sorted(set(form.keys()) - {"file", *fields})
        if unknown:
            raise Problem(422, f"unknown form field: {unknown[0]}", code="invalid_request")
        if not isinstance(upload, UploadFile):
            raise Problem(
                422, "file: one file is required (multipart/form-data)", code="invalid_request"
            )
        values = {}
        for name in fields:
            value = form.get(name)
            if isinstance(value, UploadFile):
                raise Problem(422, f"{name}: text, not a file", code="invalid_request")
            if value is not None:
                if len(value) > NOTE_MAX or "\x00" in value:
                    raise Problem(
                        422,
                        f"{name}: at most {NOTE_MAX} characters, no NUL",
                        code="invalid_request",
                    )
                values[name] = value.strip()
        path = await run_in_threadpool(_spool, upload, incoming_dir(services), cap)
    finally:
        await form.close()
    return path, values


def _spool(upload: UploadFile, directory: Path, cap: int) -> Path:
    with tempfile.NamedTemporaryFile(dir=directory, delete=False) as out:
        path = Path(out.name)
        copied = 0
        while chunk := upload.file.read(1024 * 1024):
            copied += len(chunk)
            if copied > cap:
                out.close()
                path.unlink()
                raise Problem(413, f"the file is larger than {cap:,} bytes", code="media_too_large")
            out.write(chunk)
    return path


def refused(exc: MediaRefused) -> Problem:
    return Problem(exc.status, f"file: {exc.found}", code=exc.code)


def _existing(engine: Engine, incident_id: str, sha256: str) -> MediaItem | None:
    with Session(engine) as session:
        return session.exec(
            select(MediaItem).where(
                MediaItem.incident_id == incident_id, MediaItem.sha256 == sha256
            )
        ).first()


def _incident_exists(engine: Engine, incident_id: str) -> None:
    with Session(engine) as session:
        if session.get(Incident, incident_id) is None:
            raise Problem(404, f"incident {incident_id} not found", code="not_found")


def _take(
    services: Services, path: Path, incident_id: str, actor: Actor, note: str | None
) -> tuple[MediaItem, bool]:
    """The item and whether it is new: the same file uploaded to the incident again is the
    evidence it already has."""
    sha256 = sha256_of(path)
    same = _existing(services.engine, incident_id, sha256)
    if same is not None:
        return same, False
    try:
        item = evidence.upload(
            services.engine,
            locker_of(services),
            path,
            incident_id=incident_id,
            actor=actor,
            note=note,
            max_bytes=services.settings.max_media_bytes,
            sha256=sha256,
        )
    except MediaRefused as exc:
        raise refused(exc) from None
    return item, True


@router.post(
    "",
    status_code=201,
    response_model=MediaPublic,
    responses={
        200: {"model": MediaPublic, "description": "the same file again: the item already kept"},
        **problem_responses(401, 403, 404, 413, 415, 422, 503),
    },
    openapi_extra=multipart_body(["file"], note={"type": "string", "maxLength": NOTE_MAX}),
)
async def add_media(
    incident_id: str,
    request: Request,
    services: ServicesDep,
    response: Response,
    actor: Annotated[Actor, allowed(Action.ADD_MEDIA)],
) -> MediaPublic:
    """One photo, video or audio file of the hoax (images JPEG, PNG, WebP, GIF; video MP4,
    WebM; audio MP3, Ogg/Opus, WAV, M4A), its type read from its bytes, with an optional
    `note`. Answers with its SHA-256, what it is, its content credentials and the archived or
    official media it matches; the incident is scored again with it. The same file again is
    the item already kept (200)."""
    check_incident_id(incident_id)
    await run_in_threadpool(_incident_exists, services.engine, incident_id)
    path, fields = await received_file(request, services, fields=("note",))
    try:
        async with _EXAMINING:
            item, new = await run_in_threadpool(
                _take, services, path, incident_id, actor, fields.get("note") or None
            )
    finally:
        path.unlink(missing_ok=True)
    await _tell_workflow(services, incident_id, item.id)
    if not new:
        response.status_code = 200
    return MediaPublic.model_validate(store.media_document(item))


async def examined_upload(
    services: Services, upload: UploadFile, actor: Actor, note: str | None
) -> tuple[Path, evidence.Examined]:
    """A form's file spooled and read through before anything is kept (the report form: a
    file Tangkal does not take refuses the report). The caller passes both to `attach`."""
    cap = services.settings.max_media_bytes
    path = await run_in_threadpool(_spool, upload, incoming_dir(services), cap)
    try:
        async with _EXAMINING:
            examined = await run_in_threadpool(evidence.examine_file, path, cap, actor, note)
    except MediaRefused as exc:
        path.unlink(missing_ok=True)
        raise refused(exc) from None
    return path, examined


def _keep_examined(
    services: Services, incident_id: str, path: Path, examined: evidence.Examined, actor: Actor
) -> MediaItem:
    try:
        same = _existing(services.engine, incident_id, examined.item.sha256)
        if same is not None:
            return same
        engine, locker = services.engine, locker_of(services)
        return evidence.keep(engine, locker, path, examined, incident_id=incident_id, actor=actor)
    finally:
        path.unlink(missing_ok=True)


async def attach(
    services: Services, incident_id: str, path: Path, examined: evidence.Examined, actor: Actor
) -> MediaItem:
    """An examined file as the incident's evidence (the one it has, if it has this file), and
    the workflow told; the spooled file is removed."""
    async with _EXAMINING:
        item = await run_in_threadpool(_keep_examined, services, incident_id, path, examined, actor)
    await _tell_workflow(services, incident_id, item.id)
    return item


async def _tell_workflow(services: Services, incident_id: str, media_id: str) -> None:
    try:
        await (
            temporal_of(services)
            .get_workflow_handle(incident_id)
            .signal("media_added", MediaAdded(media_id))
        )
    except RPCError as exc:
        if exc.status == RPCStatusCode.NOT_FOUND:
            return  # closed: the evidence is kept, there is nothing left to score
        raise Problem(
            503,
            "the file is kept, but the workflow engine did not answer; upload the same file"
            " again to have the incident scored with it",
            code="temporal_unavailable",
            headers={"Retry-After": "5"},
        ) from None


def _download(services: Services, incident_id: str, media_id: str, actor: Actor) -> MediaItem:
    with Session(services.engine) as session:
        item = incident_media(session, incident_id, media_id)
        session.add(evidence.custody(item, "downloaded", actor))
        session.commit()
        session.refresh(item)
    return item


@router.get(
    "/{media_id}",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {mime: {} for mime in _EXTENSION},
            "description": "the file, as kept, with the type read from its bytes",
        },
        **problem_responses(401, 403, 404),
    },
)
async def download_media(
    incident_id: str,
    media_id: str,
    services: ServicesDep,
    actor: Annotated[Actor, allowed(Action.READ)],
) -> StreamingResponse:
    """The file exactly as it was uploaded, as an attachment (never shown inline); its
    SHA-256 is in `Repr-Digest` and the download is in the chain of custody."""
    check_incident_id(incident_id)
    return await attachment(services, incident_id, media_id, actor)


async def attachment(
    services: Services, incident_id: str, media_id: str, actor: Actor
) -> StreamingResponse:
    """The kept file as a download, recorded in the chain of custody (the API and the pages)."""
    item = await run_in_threadpool(_download, services, incident_id, media_id, actor)
    stream = locker_of(services).open(item.sha256)
    name = f"{item.id}.{_EXTENSION.get(item.mime, 'bin')}"
    digest = base64.b64encode(bytes.fromhex(item.sha256)).decode()
    return StreamingResponse(
        read_chunks(stream),
        media_type=item.mime,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Content-Length": str(item.bytes),
            "Repr-Digest": f"sha-256=:{digest}:",
            "ETag": f'"{item.sha256}"',
            "Cache-Control": "no-store",
        },
    )
