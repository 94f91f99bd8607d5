"""The officer's report form (`/lapor`) and their reports (`/laporan`).

A report from the form goes through `api.reporting.report_claim`, as `POST /incidents` does,
and its file through `api.media` (examined, kept, the workflow told), as
`POST /incidents/{id}/media` does. The file is examined before anything is written: a file
Tangkal does not take refuses the whole report, the fields kept, so that an officer never
leaves behind an incident without the evidence they meant it to carry, nor makes a second
one by sending the form again.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Engine
from sqlmodel import Session, col, or_, select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import ClientDisconnect

from api import media
from api.deps import ServicesDep
from api.pages.access import PageViewer, Viewer
from api.pages.forms import require_csrf
from api.pages.render import render
from api.pages.report_form import CLAIM_LANGUAGES, note_refused, one_text, read_report
from api.problems import Problem
from api.reporting import report_claim
from core.db import utc
from core.domain import Actor, MediaType, Platform, Stage
from core.media.evidence import Examined
from core.roles import Action, may, refusal
from core.tables import Incident
from core.words.problems import LEADS

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
MY_REPORTS_SHOWN = 100


def require(viewer: Viewer, action: Action) -> None:
    if not may(viewer.actor, action):
        raise Problem(403, refusal(action), code="forbidden")


@dataclass(frozen=True)
class FileRefusal:
    """Why the form's file was not taken, in the reader's words then what was found."""

    lead: str
    found: str


def _file_refusal(problem: Problem, lang: str) -> FileRefusal:
    lead = LEADS.get(problem.code or "")
    found = problem.detail.removeprefix("file: ")
    return FileRefusal(lead.in_(lang) if lead else "", found)


def _form(
    request: Request,
    viewer: Viewer,
    *,
    values: dict[str, str] | None = None,
    refused: tuple[str, ...] = (),
    file_refusal: FileRefusal | None = None,
    status: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "report_form.html",
        viewer=viewer,
        values=values or {},
        refused=refused,
        file_refusal=file_refusal,
        platforms=[p.value for p in Platform],
        media_types=[m.value for m in MediaType],
        languages=CLAIM_LANGUAGES,
        status=status,
    )


@router.get("/lapor", response_class=HTMLResponse)
async def report_form(request: Request, viewer: PageViewer) -> Response:
    require(viewer, Action.REPORT)
    return _form(request, viewer)


def _uploaded(form: Any) -> UploadFile | None:
    """The form's file, unless the file input was left empty (a part with no name, no bytes)."""
    upload = form.get("file")
    if isinstance(upload, UploadFile) and (upload.filename or upload.size):
        return upload
    return None


def _report_key(csrf: str, body_json: str, sha256: str) -> str:
    """The form's token and what it says: a double submit is the same report, made once."""
    digest = hashlib.sha256(f"{body_json}\0{sha256}".encode()).hexdigest()
    return f"page:{csrf[:12]}:report:{digest[:24]}"


@router.post("/lapor")
async def report_from_page(request: Request, services: ServicesDep, viewer: PageViewer) -> Response:
    lang = viewer.lang
    try:
        fields = await require_csrf(request, viewer)
    except ClientDisconnect:  # `api.limits` ended a body past the media cap
        cap = services.settings.max_media_bytes
        too_large = Problem(413, f"the file is larger than {cap:,} bytes", code="media_too_large")
        return _form(request, viewer, file_refusal=_file_refusal(too_large, lang), status=413)
    except MultiPartException as exc:
        raise Problem(422, f"multipart/form-data: {exc.message}", code="invalid_request") from None
    require(viewer, Action.REPORT)
    form = await request.form()
    try:
        return await _report(request, services, viewer, fields, _uploaded(form))
    finally:
        await form.close()


async def _report(
    request: Request,
    services: ServicesDep,
    viewer: Viewer,
    fields: dict[str, str],
    upload: UploadFile | None,
) -> Response:
    zone = services.policy.organization.timezone
    read = read_report(fields, zone)
    note = one_text(fields.get("note", "")).strip()
    refused = read.refused + (("note",) if note_refused(note) else ())
    if read.body is None or refused:
        return _form(request, viewer, values=fields, refused=refused, status=422)
    body = read.body
    kept: tuple[Path, Examined] | None = None
    if upload is not None:
        try:
            kept = await media.examined_upload(services, upload, viewer.actor, note or None)
        except Problem as problem:
            refusal_ = _file_refusal(problem, viewer.lang)
            return _form(
                request, viewer, values=fields, file_refusal=refusal_, status=problem.status
            )
    sha256 = kept[1].item.sha256 if kept else ""
    key = _report_key(fields.get("csrf", ""), body.model_dump_json(), sha256)
    try:
        incident, _ = await report_claim(services, body, viewer.actor, key)
    except BaseException:
        if kept:
            await run_in_threadpool(kept[0].unlink, missing_ok=True)
        raise
    if kept:
        await _attach(services, incident.id, kept, viewer.actor)
    return RedirectResponse(f"/view/incidents/{incident.id}", status_code=303)


async def _attach(
    services: ServicesDep, incident_id: str, kept: tuple[Path, Examined], actor: Actor
) -> None:
    try:
        await media.attach(services, incident_id, kept[0], kept[1], actor)
    except Problem as problem:
        # Kept, but the workflow did not hear of it (503): the incident page shows the file;
        # the reconciler starts the workflow, which scores what it has then.
        log.warning("media of %s kept, workflow not told: %s", incident_id, problem.code)


# -- my reports --------------------------------------------------------------------------


@dataclass(frozen=True)
class MyReport:
    id: str
    claim: str
    stage: str
    severity: str | None
    reported_at: datetime
    waits_on_me: bool  # sent back to drafting: the officer's changes are asked for


def reported_by(engine: Engine, actor: Actor, limit: int = MY_REPORTS_SHOWN) -> list[MyReport]:
    """The incidents this person reported, newest first: by the person behind the key or
    Slack user (`reporter.person`), or, for reports older than persons, by the key itself."""
    reporter = col(Incident.reporter)
    query = (
        select(Incident)
        .where(
            or_(
                reporter["person"].as_string() == actor.who,
                reporter["id"].as_string() == actor.id,
            )
        )
        .order_by(col(Incident.created_at).desc(), col(Incident.id).desc())
        .limit(limit)
    )
    with Session(engine) as session:
        rows = session.exec(query).all()
    return [
        MyReport(
            id=row.id,
            claim=row.claim,
            stage=row.stage,
            severity=row.severity,
            reported_at=utc(row.created_at),
            waits_on_me=row.stage == Stage.DRAFTING.value and row.draft_version is not None,
        )
        for row in rows
    ]


@router.get("/laporan", response_class=HTMLResponse)
async def my_reports(request: Request, services: ServicesDep, viewer: PageViewer) -> Response:
    require(viewer, Action.REPORT)
    reports = await run_in_threadpool(reported_by, services.engine, viewer.actor)
    return render(request, "my_reports.html", viewer=viewer, reports=reports)
