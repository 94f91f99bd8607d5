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
from core.incident_ids import is_incident_id
from core.mrkdwn import clip, escape
from core.roles import Action, may, refusal, slack_actor
from core.text_hygiene import control_problem

router = APIRouter(prefix="/slack", tags=["slack"])
HELP = (
    "Perintah: `/tangkal lapor &lt;klaim&gt;` untuk melapor, "
    "`/tangkal status &lt;id&gt;` untuk status."
)


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
            return _ephemeral(f"Ditolak: {refusal(Action.REPORT)}.")
        actor = await as_person(services, actor)  # the reporter as the person behind the user
        try:
            body = IncidentCreate(claim=rest)
        except ValidationError as exc:
            if exc.errors()[0]["type"] == "control_character":
                return _ephemeral(f"Klaim ditolak: {escape(exc.errors()[0]['msg'])}")
            return _ephemeral("Klaim harus 3 sampai 5000 karakter: `/tangkal lapor &lt;klaim&gt;`")
        key = f"slack-command:{form.get('trigger_id', '')}" if form.get("trigger_id") else None
        incident, _ = await report_claim(services, body, actor, key)
        return _ephemeral(
            f"Laporan diterima sebagai *{escape(incident.id)}*. Triase berjalan; kartu "
            f"verifikasi menyusul di kanal verifikasi."
        )
    if verb == "status" and rest:
        if not actor.roles:
            return _ephemeral(f"Ditolak: {refusal(Action.READ)}.")
        missing = _ephemeral(f"Insiden {escape(clip(rest, 60))} tidak ditemukan.")
        if not is_incident_id(rest):  # answered without asking the database
            return missing
        try:
            incident = await run_in_threadpool(store.get_incident, services.engine, rest)
        except Problem:
            return missing
        approvals = f"{len(incident.approvals)} persetujuan" if incident.draft else "belum ada draf"
        return _ephemeral(
            f"*{escape(incident.id)}* · tahap *{escape(str(incident.stage))}*"
            + (f" ({escape(str(incident.resolution))})" if incident.resolution else "")
            + f" · {escape(str(incident.severity or '-'))} · risiko {incident.risk_score or '-'}"
            + f" · {approvals}\n> "
            + escape(clip(incident.claim, 300)).replace("\n", "\n> ")
        )
    return _ephemeral(HELP)
