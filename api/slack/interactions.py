"""`POST /slack/interactions`: button clicks and modal submissions (SPEC §5)."""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from api.deps import ServicesDep, as_person
from api.slack import modals, payloads
from api.slack.relay import open_modal, relay, tell
from api.slack.signing import signed_form
from core.domain import MEDIA_CLAIMS, Actor
from core.roles import Action, may, refusal, slack_actor
from core.tables import Incident
from core.words import slack_forms as words
from workflows.types import (
    DecisionInput,
    DuplicateFeedbackInput,
    MatchFeedbackInput,
    SlackAction,
    VerificationInput,
)

router = APIRouter(prefix="/slack", tags=["slack"])
OK = Response(status_code=200)


def _is_media_claim(services: ServicesDep, incident_id: str) -> bool:
    with Session(services.engine) as session:
        incident = session.get(Incident, incident_id)
    return incident is not None and incident.media_type in MEDIA_CLAIMS


def _actor(services: ServicesDep, user: payloads.User) -> Actor:
    return slack_actor(services.policy.people, user.id, user.name or user.username or "")


@router.post("/interactions")
async def interactions(request: Request, services: ServicesDep) -> Response:
    payload = payloads.read_payload(await signed_form(request, services))
    if isinstance(payload, payloads.BlockActions):
        actor = await as_person(services, _actor(services, payload.user))
        return await _block_action(services, payload, actor)
    if isinstance(payload, payloads.ViewSubmission):
        actor = await as_person(services, _actor(services, payload.user))
        return await _view_submission(services, payload, actor)
    return OK


async def _refuse(
    services: ServicesDep,
    incident_id: str,
    actor: Actor,
    name: str,
    channel: str | None,
    interaction_id: str,
    action: Action,
) -> Response:
    text = words.REFUSED.in_("id", reason=refusal(action))
    tell(services, channel, actor.id, text)
    await relay(
        services,
        incident_id,
        SlackAction(interaction_id, actor, name, channel, refusal=refusal(action)),
    )
    return OK


async def _block_action(
    services: ServicesDep, payload: payloads.BlockActions, actor: Actor
) -> Response:
    if not payload.actions:
        return OK
    clicked = payload.actions[0]
    action_id, value = clicked.action_id, clicked.value
    channel = payload.channel.id if payload.channel else None
    interaction_id = f"{actor.id}:{action_id}:{clicked.action_ts}"
    # "incident|draft hash" on an approval card, "incident|joined report" on a joined report.
    incident_id, _, second = value.partition("|")
    if not incident_id:
        return OK  # not one of our buttons
    if action_id.startswith("tangkal.verdict."):
        if not may(actor, Action.VERIFY):
            return await _refuse(
                services, incident_id, actor, action_id, channel, interaction_id, Action.VERIFY
            )
        verdict = action_id.rsplit(".", 1)[1]
        media = await run_in_threadpool(_is_media_claim, services, incident_id)
        view = modals.verification_modal(incident_id, verdict, channel, media=media)
        await open_modal(services, payload.trigger_id, view, actor.id, channel)
        return OK
    if action_id in ARCHIVE_BUTTONS or (action_id in DUPLICATE_BUTTONS and second):
        return await _feedback(services, payload, interaction_id, actor, incident_id, second)
    if action_id not in ("tangkal.approve", "tangkal.request_changes", "tangkal.reject"):
        return OK
    if not may(actor, Action.DECIDE):
        return await _refuse(
            services, incident_id, actor, action_id, channel, interaction_id, Action.DECIDE
        )
    decision = action_id.removeprefix("tangkal.")
    if decision != "approve":
        view = modals.decision_modal(incident_id, second, decision, channel)
        await open_modal(services, payload.trigger_id, view, actor.id, channel)
        return OK
    action = SlackAction(
        interaction_id,
        actor,
        "approve",
        channel,
        decision=DecisionInput(actor, "approve", second),
    )
    problem = await relay(services, incident_id, action)
    if problem:
        tell(services, channel, actor.id, problem)
    return OK


ARCHIVE_BUTTONS = ("tangkal.archive.confirm", "tangkal.archive.reject")
DUPLICATE_BUTTONS = ("tangkal.duplicate.confirm", "tangkal.duplicate.reject")


async def _feedback(
    services: ServicesDep,
    payload: payloads.BlockActions,
    interaction_id: str,
    actor: Actor,
    incident_id: str,
    duplicate_id: str,
) -> Response:
    """ "Is this the right debunk?" of the archive match, "is this the same hoax?" of a joined
    report (`duplicate_id`): yes is recorded at once; no asks why in a modal."""
    action_id = payload.actions[0].action_id
    channel = payload.channel.id if payload.channel else None
    if not may(actor, Action.VERIFY):
        return await _refuse(
            services, incident_id, actor, action_id, channel, interaction_id, Action.VERIFY
        )
    archive = action_id in ARCHIVE_BUTTONS
    if action_id.endswith(".reject"):
        view = (
            modals.archive_reject_modal(incident_id, channel)
            if archive
            else modals.duplicate_reject_modal(incident_id, duplicate_id, channel)
        )
        await open_modal(services, payload.trigger_id, view, actor.id, channel)
        return OK
    yes = SlackAction(interaction_id, actor, "archive_confirm", channel)
    if archive:
        yes = replace(yes, match_feedback=MatchFeedbackInput(actor, "confirm"))
    else:
        feedback = DuplicateFeedbackInput(actor, duplicate_id, "confirm")
        yes = replace(yes, action="duplicate_confirm", duplicate_feedback=feedback)
    problem = await relay(services, incident_id, yes)
    if problem:
        tell(services, channel, actor.id, problem)
    return OK


def _archive_reject(base: SlackAction, meta: payloads.ModalMeta, reason: str) -> SlackAction:
    feedback = MatchFeedbackInput(base.actor, "reject", reason)
    return replace(base, action="archive_reject", match_feedback=feedback)


def _duplicate_reject(base: SlackAction, meta: payloads.ModalMeta, reason: str) -> SlackAction:
    feedback = DuplicateFeedbackInput(base.actor, meta.duplicate_id, "reject", reason)
    return replace(base, action="duplicate_reject", duplicate_feedback=feedback)


def _decision(base: SlackAction, meta: payloads.ModalMeta, reason: str) -> SlackAction:
    decision = DecisionInput(base.actor, meta.decision, meta.draft_hash, reason)
    return replace(base, action=meta.decision, decision=decision)


# The modals that ask for a reason: the role each needs, and the action it sends.
REASON_MODALS = {
    modals.ARCHIVE_REJECT_CALLBACK: (Action.VERIFY, _archive_reject),
    modals.DUPLICATE_REJECT_CALLBACK: (Action.VERIFY, _duplicate_reject),
    modals.DECISION_CALLBACK: (Action.DECIDE, _decision),
}


async def _view_submission(
    services: ServicesDep, payload: payloads.ViewSubmission, actor: Actor
) -> Response:
    view = payload.view
    if view.callback_id != modals.VERIFICATION_CALLBACK and view.callback_id not in REASON_MODALS:
        return OK
    meta = payloads.read_meta(view)
    values = view.state.values
    incident_id, channel = meta.incident_id, meta.channel
    interaction_id = f"{actor.id}:view:{view.id}:{view.hash}"
    if view.callback_id == modals.VERIFICATION_CALLBACK:
        if not may(actor, Action.VERIFY):
            return _errors({"summary": refusal(Action.VERIFY)})
        fields, errors = modals.read_verification(values)
        if errors:
            return _errors(errors)
        verification = VerificationInput(actor=actor, verdict=meta.verdict, **fields)
        action = SlackAction(interaction_id, actor, "verify", channel, verification=verification)
        first_block = "summary"
    else:
        needed, sent = REASON_MODALS[view.callback_id]
        if not may(actor, needed):
            return _errors({"reason": refusal(needed)})
        reason, errors = modals.read_reason(values)
        if errors:
            return _errors(errors)
        action = sent(SlackAction(interaction_id, actor, "", channel), meta, reason)
        first_block = "reason"
    problem = await relay(services, incident_id, action)
    return _errors({first_block: problem}) if problem else OK


def _errors(errors: dict[str, str]) -> JSONResponse:
    return JSONResponse({"response_action": "errors", "errors": errors})
