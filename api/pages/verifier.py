"""The verifier's workspace: the queue at /verifikasi, and an incident's verdict page with the
claim, its sources, triage's risk factors, its matches, "is this the right debunk?", "is this
the same hoax?" for each report joined to it, and the verdict form. The forms send the same
Updates, through the same checks, as the API's `POST /incidents/{id}/verification`,
`/archive-match` and `/duplicates/{duplicate_id}`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api import store
from api.actions import verification_input
from api.deps import Services, ServicesDep
from api.incident_ids import check_incident_id
from api.pages import review_queries
from api.pages.access import PageViewer, Viewer
from api.pages.forms import require_csrf
from api.pages.render import render
from api.pages.review_forms import (
    form_token,
    read_verdict,
    refused_text,
    update_key,
    verdict_values,
)
from api.problems import Problem
from api.schemas import ArchiveMatchFeedback
from api.updates import send_update
from core.domain import MEDIA_CLAIMS, MediaAuthenticity, Stage, Verdict
from core.joined import joined_to
from core.roles import Action, may, refusal
from core.words import cards as card_words
from core.words import slack_forms as form_words
from core.words.cards import number
from core.words.risk import factor_line
from workflows.incident import IncidentWorkflow
from workflows.types import DuplicateFeedbackInput, MatchFeedbackInput

router = APIRouter(include_in_schema=False)
EMPTY_VERDICT: dict[str, Any] = {"checklist": []}


def _may_verify(viewer: Viewer) -> None:
    if not may(viewer.actor, Action.VERIFY):
        raise Problem(403, refusal(Action.VERIFY), code="forbidden")


@router.get("/verifikasi", response_class=HTMLResponse)
async def verification_queue(
    request: Request, services: ServicesDep, viewer: PageViewer
) -> Response:
    _may_verify(viewer)
    queue = await run_in_threadpool(review_queries.verification_queue, services.engine)
    return render(request, "verify_queue.html", viewer=viewer, queue=queue)


@router.get("/view/incidents/{incident_id}/verifikasi", response_class=HTMLResponse)
async def verdict_page(
    incident_id: str, request: Request, services: ServicesDep, viewer: PageViewer
) -> Response:
    _may_verify(viewer)
    judged = request.query_params.get("judged") == "1"
    return await _verdict_page(request, services, viewer, incident_id, judged=judged)


async def _verdict_page(
    request: Request,
    services: Services,
    viewer: Viewer,
    incident_id: str,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    error: str | None = None,
    verdict_error: str | None = None,
    status: int = 200,
    judged: bool = False,
) -> Response:
    """`error`: a refused judgement of the archive match, shown at the top; `verdict_error`:
    a refused verdict, shown on its form."""
    incident = await run_in_threadpool(store.get_incident, services.engine, incident_id)
    duplicates = await run_in_threadpool(joined_to, services.engine, incident_id)
    lang = viewer.lang
    policy = services.policy
    media_claim = incident.media_type in MEDIA_CLAIMS or bool(incident.media)
    required = set(policy.verification.required_checklist)
    return render(
        request,
        "verify_form.html",
        status=status,
        viewer=viewer,
        incident=incident,
        duplicates=duplicates,
        reach=number(incident.reach, lang) if incident.reach is not None else None,
        factors=[(factor_line(f, lang), int(f.get("points") or 0)) for f in incident.risk_factors],
        verdicts=list(Verdict),
        checklist=[
            (item, words.in_(lang), item in required)
            for item, words in form_words.CHECKLIST.items()
        ],
        media_kinds=list(MediaAuthenticity) if media_claim else [],
        archive=_archive_words(incident.archive_match, lang),
        values=values or EMPTY_VERDICT,
        errors=errors or {},
        error=error,
        verdict_error=verdict_error,
        judged=judged,
        form=form_token(),
        open=incident.stage == Stage.VERIFICATION,
        # A refused verdict keeps its form, whatever the stage now is, with what was typed.
        show_form=incident.stage == Stage.VERIFICATION or values is not None,
    )


def _archive_words(match: dict[str, Any] | None, lang: str) -> dict[str, str] | None:
    """What the page says about the earlier klarifikasi this claim may recycle."""
    if not match:
        return None
    said = {
        "question": card_words.ARCHIVE_QUESTION.in_(lang),
        "confirm": card_words.ARCHIVE_CONFIRM.in_(lang),
        "reject": card_words.ARCHIVE_REJECT.in_(lang),
        "why": form_words.ARCHIVE_REJECT_REASON.in_(lang),
        "open": card_words.ARCHIVE_OPEN.in_(lang),
    }
    if match.get("confirmed_by"):
        said["confirmed"] = card_words.ARCHIVE_CONFIRMED.in_(lang, by=match["confirmed_by"])
    return said


@router.post("/view/incidents/{incident_id}/verifikasi")
async def record_verdict(
    incident_id: str, request: Request, services: ServicesDep, viewer: PageViewer
) -> Response:
    fields = await require_csrf(request, viewer)
    _may_verify(viewer)
    values = verdict_values(await request.form())  # parsed once: the same form again
    body = read_verdict(values, viewer.lang)
    if isinstance(body, dict):
        return await _verdict_page(
            request, services, viewer, incident_id, values=values, errors=body, status=422
        )
    arg = verification_input(body, viewer.actor)
    try:
        await send_update(
            services, incident_id, IncidentWorkflow.verify, arg, update_key(fields, "verify")
        )
    except Problem as refused:
        return await _verdict_page(
            request,
            services,
            viewer,
            incident_id,
            values=values,
            verdict_error=refused_text(refused, viewer.lang),
            status=refused.status,
        )
    return RedirectResponse(f"/view/incidents/{incident_id}?done=1", status_code=303)


@router.post("/view/incidents/{incident_id}/archive-match")
async def judge_archive_match(
    incident_id: str, request: Request, services: ServicesDep, viewer: PageViewer
) -> Response:
    """Is the suggested earlier klarifikasi the right debunk? A "no" needs a reason."""

    def update(body: ArchiveMatchFeedback) -> tuple[Any, Any]:
        arg = MatchFeedbackInput(actor=viewer.actor, decision=body.decision, reason=body.reason)
        return IncidentWorkflow.judge_archive_match, arg

    return await _judge(request, services, viewer, incident_id, "archive", update)


@router.post("/view/incidents/{incident_id}/duplicates/{duplicate_id}")
async def judge_duplicate(
    incident_id: str,
    duplicate_id: str,
    request: Request,
    services: ServicesDep,
    viewer: PageViewer,
) -> Response:
    """Is the joined report the same hoax? A "no" needs a reason; the report is then handled
    as an incident of its own."""
    check_incident_id(duplicate_id)

    def update(body: ArchiveMatchFeedback) -> tuple[Any, Any]:
        arg = DuplicateFeedbackInput(viewer.actor, duplicate_id, body.decision, body.reason)
        return IncidentWorkflow.judge_duplicate, arg

    return await _judge(request, services, viewer, incident_id, f"dup-{duplicate_id}", update)


async def _judge(
    request: Request,
    services: Services,
    viewer: Viewer,
    incident_id: str,
    what: str,
    update: Callable[[ArchiveMatchFeedback], tuple[Any, Any]],
) -> Response:
    """A verifier's confirm or reject of a suggested match, sent as `update` makes it."""
    fields = await require_csrf(request, viewer)
    _may_verify(viewer)
    try:
        body = ArchiveMatchFeedback.model_validate(
            {"decision": fields.get("decision", ""), "reason": fields.get("reason", "")}
        )
        handler, arg = update(body)
        key = update_key(fields, f"{what}-{body.decision}")
        await send_update(services, incident_id, handler, arg, key)
    except Problem as refused:
        text = refused_text(refused, viewer.lang)
        return await _verdict_page(
            request, services, viewer, incident_id, error=text, status=refused.status
        )
    except ValueError:  # pydantic's ValidationError: a decision the form never offers
        raise Problem(422, f"{what}: invalid decision", code="invalid_request") from None
    return RedirectResponse(f"/view/incidents/{incident_id}/verifikasi?judged=1", status_code=303)
