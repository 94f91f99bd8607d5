"""`POST /slack/commands`: `/tangkal lapor <klaim>` and `/tangkal status <id>`.

The answer is mrkdwn, and what it repeats (the id typed, the claim, the stage) came from people:
all of it is escaped, so an answer can neither ping anyone nor show a disguised link.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from api import store
from api.deps import ServicesDep, as_person
from api.problems import Problem
from api.reporting import report_claim
from api.schemas import IncidentCreate
from api.slack.signing import signed_form
from core.domain import Resolution, Severity, Stage
from core.incident_ids import is_incident_id
from core.mrkdwn import clip, escape
from core.roles import Action, may, refusal, slack_actor
from core.text_hygiene import control_problem
from core.words import slack_forms as words
from core.words.labels import label

router = APIRouter(prefix="/slack", tags=["slack"])
LANG = "id"  # the team's Slack speaks Bahasa Indonesia (core/words/slack_forms.py)


def _ephemeral(text: str) -> JSONResponse:
    return JSONResponse({"response_type": "ephemeral", "text": text})


@router.post("/commands")
async def commands(request: Request, services: ServicesDep) -> JSONResponse:
    form = await signed_form(request, services)
    for field in ("user_id", "user_name", "trigger_id"):
        if problem := control_problem(form.get(field, ""), multiline=False):
            raise Problem(400, f"{field}: {problem}", code="invalid_request")
    actor = slack_actor(services.policy.people, form.get("user_id", ""), form.get("user_name", ""))
    verb, _, rest = form.get("text", "").strip().partition(" ")
    rest = rest.strip()
    if verb == "lapor":
        if not may(actor, Action.REPORT):
            return _ephemeral(words.REFUSED.in_(LANG, reason=refusal(Action.REPORT)))
        actor = await as_person(services, actor)  # the reporter as the person behind the user
        try:
            body = IncidentCreate(claim=rest)
        except ValidationError as exc:
            if exc.errors()[0]["type"] == "control_character":
                problem = escape(exc.errors()[0]["msg"])
                return _ephemeral(words.CLAIM_REFUSED.in_(LANG, problem=problem))
            return _ephemeral(words.CLAIM_LENGTH.in_(LANG))
        key = f"slack-command:{form.get('trigger_id', '')}" if form.get("trigger_id") else None
        incident, _ = await report_claim(services, body, actor, key)
        return _ephemeral(words.REPORTED.in_(LANG, id=escape(incident.id)))
    if verb == "status" and rest:
        if not actor.roles:
            return _ephemeral(words.REFUSED.in_(LANG, reason=refusal(Action.READ)))
        missing = _ephemeral(words.NOT_FOUND.in_(LANG, id=escape(clip(rest, 60))))
        if not is_incident_id(rest):  # answered without asking the database
            return missing
        try:
            incident = await run_in_threadpool(store.get_incident, services.engine, rest)
        except Problem:
            return missing
        approvals = (
            words.APPROVALS.in_(LANG, count=len(incident.approvals))
            if incident.draft
            else words.NO_DRAFT.in_(LANG)
        )
        resolution = label(Resolution, incident.resolution, LANG)
        status = words.STATUS.in_(
            LANG,
            id=escape(incident.id),
            stage=escape(label(Stage, incident.stage, LANG)),
            resolution=f" ({escape(resolution)})" if incident.resolution else "",
            severity=escape(label(Severity, incident.severity, LANG)),
            risk=incident.risk_score if incident.risk_score is not None else "—",
            approvals=approvals,
        )
        return _ephemeral(status + "\n> " + escape(clip(incident.claim, 300)).replace("\n", "\n> "))
    return _ephemeral(words.HELP.in_(LANG))
