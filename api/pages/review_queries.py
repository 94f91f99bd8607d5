"""What waits for review, read from the read model (sync; routes call these in a thread pool):
the verifier's queue, the approver's list, and the versions an approver compares.

Who an approval still waits on is judged by the workflow's own rules: the tally and standing
approvals of `core.approval`, and the author of the current version (nobody approves their
own draft, `workflows.rules.decision`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from activities.notify.card_source import decision_entry, draft_version
from activities.policy_rules import rules_from
from activities.types import DecisionEntry, DraftVersion
from api.pages.queries import SEVERITY_ORDER
from core.approval import Tally, has_standing_approval, standing_approvals, tally
from core.db import utc
from core.domain import Actor, Role, Stage
from core.policy import Policy
from core.tables import DecisionRecord, Draft, Incident


@dataclass(frozen=True)
class Waiting:
    """An incident in the verifier's queue or the approver's list."""

    id: str
    claim: str
    severity: str | None
    due_at: str | None  # the SLA deadline of its stage
    created_at: datetime
    draft_version: int | None = None
    mine: bool = False  # the viewer wrote (or verified) the current version
    approved: bool = False  # the viewer's approval of the current version stands
    tally: Tally | None = None  # the current version's approvals, against the policy


def _severity_first() -> sa.Case[int]:
    """Most severe first (the pages' order of severities), an incident without one last."""
    ranks = {severity: rank for rank, severity in enumerate(SEVERITY_ORDER)}
    return sa.case(ranks, value=col(Incident.severity), else_=len(ranks))


def _in_stage(session: Session, stage: Stage) -> list[Incident]:
    found = select(Incident).where(Incident.stage == stage)
    return list(session.exec(found.order_by(_severity_first(), col(Incident.created_at))).all())


def _waiting(
    row: Incident,
    draft: DraftVersion | None = None,
    *,
    mine: bool = False,
    approved: bool = False,
    counted: Tally | None = None,
) -> Waiting:
    due = ((row.deadlines or {}).get(row.stage) or {}).get("due_at")
    version = draft.version if draft else None
    created = utc(row.created_at)
    return Waiting(row.id, row.claim, row.severity, due, created, version, mine, approved, counted)


def verification_queue(engine: Engine) -> list[Waiting]:
    """Incidents waiting for a verdict: the most severe first, then the oldest first."""
    with Session(engine) as session:
        return [_waiting(row) for row in _in_stage(session, Stage.VERIFICATION)]


def split_into(engine: Engine, incident_id: str) -> str | None:
    """The incident a wrongly joined report became, if a verifier split it off."""
    with Session(engine) as session:
        found = select(Incident.id).where(Incident.split_from == incident_id)
        return session.exec(found).first()


@dataclass(frozen=True)
class Versions:
    """An incident's drafts (oldest first) and its decisions (oldest first)."""

    drafts: list[DraftVersion]
    decisions: list[DecisionEntry]

    @property
    def current(self) -> DraftVersion | None:
        return self.drafts[-1] if self.drafts else None

    def last_approved(self) -> DraftVersion | None:
        """The newest earlier version that someone's approval stood for when it was replaced."""
        for draft in reversed(self.drafts[:-1]):
            if standing_approvals(self.decisions, draft.version, _facts):
                return draft
        return None


def _facts(entry: DecisionEntry) -> tuple[int, str, str]:
    return entry.draft_version, entry.actor.who, entry.decision


def _versions(session: Session, incident_ids: list[str]) -> dict[str, Versions]:
    drafts = session.exec(
        select(Draft)
        .where(col(Draft.incident_id).in_(incident_ids))
        .order_by(col(Draft.incident_id), col(Draft.version))
    ).all()
    decisions = session.exec(
        select(DecisionRecord)
        .where(col(DecisionRecord.incident_id).in_(incident_ids))
        .order_by(col(DecisionRecord.id))
    ).all()
    found = {incident_id: Versions([], []) for incident_id in incident_ids}
    for row in drafts:
        found[row.incident_id].drafts.append(draft_version(row))
    for decided in decisions:
        found[decided.incident_id].decisions.append(decision_entry(decided))
    return found


def versions_of(engine: Engine, incident_id: str) -> Versions:
    with Session(engine) as session:
        return _versions(session, [incident_id])[incident_id]


def approval_list(
    engine: Engine, policy: Policy, viewer: Actor
) -> tuple[list[Waiting], list[Waiting]]:
    """Incidents waiting for approval: (those waiting for `viewer`, the others), each the
    most severe first, then the oldest first."""
    with Session(engine) as session:
        rows = _in_stage(session, Stage.APPROVAL)
        versions = _versions(session, [row.id for row in rows])
    yours: list[Waiting] = []
    others: list[Waiting] = []
    for row in rows:
        draft = versions[row.id].current
        if draft is None:
            continue  # still being composed
        mine = draft.author.who == viewer.who
        approved = has_standing_approval(versions[row.id].decisions, draft, viewer.who)
        counted = approval_tally(policy, row.severity, versions[row.id])
        item = _waiting(row, draft, mine=mine, approved=approved, counted=counted)
        waits = not (mine or approved) and (counted is None or _would_count(counted, viewer))
        (yours if waits else others).append(item)
    return yours, others


def _would_count(counted: Tally, viewer: Actor) -> bool:
    """The viewer's approval brings the version nearer to approved: one more is needed, or
    the policy's required role is missing and the viewer holds it."""
    if counted.approvals < counted.needed:
        return True
    return not counted.required_role_present and viewer.has_any(
        [Role(role) for role in counted.required_roles]
    )


def approval_tally(policy: Policy, severity: str | None, versions: Versions) -> Tally | None:
    """The current version's approvals against what the policy asks for its severity."""
    rules = rules_from(policy).severities.get(severity or "")
    if rules is None or versions.current is None:
        return None
    return tally(versions.decisions, versions.current, rules)
