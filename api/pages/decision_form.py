"""An approver's decision as a page form posts it: the API's `DecisionCreate`, sent as the
same Update (`IncidentWorkflow.decide`) from the incident page and the approver's page."""

from __future__ import annotations

import hashlib

from pydantic import ValidationError

from api.problems import Problem
from api.schemas import DecisionCreate
from core.domain import Actor
from workflows.types import DecisionInput


def decision_from_form(fields: dict[str, str], actor: Actor) -> tuple[DecisionInput, str]:
    """The Update's input and its idempotency key (422 for a form the pages never render)."""
    try:
        body = DecisionCreate(
            decision=fields.get("decision", ""),
            draft_hash=fields.get("draft_hash", ""),
            reason=fields.get("reason") or None,
        )
    except ValidationError as exc:
        names = ", ".join(str(e["loc"][0]) for e in exc.errors())
        raise Problem(422, f"decision form: invalid {names}", code="invalid_request") from None
    arg = DecisionInput(
        actor=actor,
        decision=body.decision.value,
        draft_hash=body.draft_hash,
        reason=body.reason,
    )
    # The form's token makes a double submit the same Update, applied once; the reason is part
    # of it, so that a decision refused for want of a reason can be sent again with one.
    reason = hashlib.sha256((body.reason or "").encode()).hexdigest()[:12]
    key = f"page:{fields.get('csrf', '')[:12]}:{body.draft_hash[:16]}:{body.decision.value}"
    return arg, f"{key}:{reason}"
