"""The shapes of the interaction payloads Tangkal reads, checked before anything acts on them.

A payload is signed by Slack, so it is Slack's, but its shape is still checked: a field of an
unexpected type is a 400 naming the field, never a 500. Fields Tangkal does not read are ignored
(Slack adds fields freely); those it reads must have the type Slack documents.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from api.problems import Problem
from core.text_hygiene import control_problem


class _Slack(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)

    @field_validator("*")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        # Ids, values and metadata name rows and workflows: a control character in them is
        # never Slack's (typed modal text is checked by `modals`, which names its block).
        if isinstance(value, str) and (problem := control_problem(value, multiline=False)):
            raise ValueError(problem)
        return value


class User(_Slack):
    id: str = ""
    name: str | None = None
    username: str | None = None


class ChannelRef(_Slack):
    id: str | None = None


class ClickedAction(_Slack):
    action_id: str = ""
    value: str = ""
    action_ts: str = ""


class BlockActions(_Slack):
    type: Literal["block_actions"]
    user: User = User()
    channel: ChannelRef | None = None
    trigger_id: str = ""
    actions: list[ClickedAction] = Field(default=[], max_length=10)


class ViewState(_Slack):
    # block id -> action id -> the element's state, read by `modals`
    values: dict[str, dict[str, dict[str, Any]]] = {}


class SubmittedView(_Slack):
    id: str = ""
    hash: str = ""
    callback_id: str = ""
    private_metadata: str = ""
    state: ViewState = ViewState()


class ViewSubmission(_Slack):
    type: Literal["view_submission"]
    user: User = User()
    view: SubmittedView


class ModalMeta(_Slack):
    """What Tangkal put into a modal's `private_metadata` when it opened it."""

    incident_id: str = ""
    verdict: str = ""
    decision: str = ""
    draft_hash: str = ""
    duplicate_id: str = ""
    channel: str | None = None


def _problem(exc: ValidationError, prefix: str) -> Problem:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in (prefix, *error["loc"]) if part != "")
    return Problem(400, f"{where}: {error['msg']}", code="invalid_request")


def read_payload(form: dict[str, str]) -> BlockActions | ViewSubmission | None:
    """The interaction, or None for a kind Tangkal does not handle (answered 200, ignored)."""
    try:
        raw = json.loads(form.get("payload", ""))
    except json.JSONDecodeError:
        raise Problem(400, "payload: not JSON", code="invalid_request") from None
    if not isinstance(raw, dict):
        raise Problem(400, "payload: not an object", code="invalid_request")
    kinds: dict[str, type[BlockActions] | type[ViewSubmission]] = {
        "block_actions": BlockActions,
        "view_submission": ViewSubmission,
    }
    kind = kinds.get(str(raw.get("type")))
    if kind is None:
        return None
    try:
        return kind.model_validate(raw)
    except ValidationError as exc:
        raise _problem(exc, "payload") from None


def read_meta(view: SubmittedView) -> ModalMeta:
    try:
        return ModalMeta.model_validate_json(view.private_metadata or "{}")
    except ValidationError as exc:
        raise _problem(exc, "payload.view.private_metadata") from None
