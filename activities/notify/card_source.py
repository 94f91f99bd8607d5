"""A card as the read model shows it now: what the delivery posts or rewrites."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from activities.policy_rules import rules_from
from activities.types import Card, DecisionEntry, DraftVersion, JoinedReport
from core.cards import build_cards
from core.db import utc
from core.detection.feedback import DUPLICATE_JUDGED
from core.domain import Actor, ActorKind, Role
from core.policy import Policy
from core.tables import DecisionRecord, Draft, Incident, TimelineEvent

LINKED = "duplicate_linked"


def current_card(engine: Engine, policy: Policy, incident_id: str, audience: str) -> Card | None:
    with Session(engine) as session:
        incident = session.get(Incident, incident_id)
        if incident is None:
            return None
        draft = session.exec(
            select(Draft)
            .where(Draft.incident_id == incident_id)
            .order_by(col(Draft.version).desc())
        ).first()
        decisions = session.exec(
            select(DecisionRecord)
            .where(DecisionRecord.incident_id == incident_id)
            .order_by(col(DecisionRecord.id))
        ).all()
        joined = joined_reports(session, incident_id)
    severities = rules_from(policy).severities
    rules = severities.get(incident.severity) if incident.severity else None
    cards = build_cards(
        incident,
        draft_version(draft) if draft else None,
        [decision_entry(row) for row in decisions],
        rules,
        policy.organization.language,
        joined,
    )
    return next((card for card in cards if card.audience == audience), None)


def joined_reports(session: Session, incident_id: str) -> list[JoinedReport]:
    """The reports joined to `incident_id`, oldest first, and their judgement, from the
    incident's own timeline: written by its workflow before it asks for the card, so the card
    never waits on the joined report's own row."""
    events = session.exec(
        select(TimelineEvent.type, TimelineEvent.data)
        .where(
            TimelineEvent.incident_id == incident_id,
            col(TimelineEvent.type).in_([LINKED, *DUPLICATE_JUDGED]),
        )
        .order_by(col(TimelineEvent.at), col(TimelineEvent.id))
    ).all()
    joined: dict[str, JoinedReport] = {}
    for kind, data in events:
        if not isinstance(data, dict) or not (report := str(data.get("incident_id") or "")):
            continue
        if kind == LINKED:
            claim, similarity = str(data.get("claim") or ""), float(data.get("similarity") or 0)
            joined.setdefault(report, JoinedReport(report, claim, similarity))
        elif (earlier := joined.get(report)) is not None:
            earlier.judged = DUPLICATE_JUDGED[kind]
            earlier.split_into = data.get("split_into")
    return list(joined.values())


def _actor(stored: dict[str, Any]) -> Actor:
    return Actor(
        ActorKind(stored["kind"]),
        stored["id"],
        stored["name"],
        tuple(Role(role) for role in stored.get("roles") or []),
        stored.get("person") or "",
    )


def draft_version(row: Draft) -> DraftVersion:
    return DraftVersion(
        row.version,
        row.hash,
        row.title,
        row.body,
        row.language,
        _actor(row.author),
        utc(row.created_at),
    )


def decision_entry(row: DecisionRecord) -> DecisionEntry:
    return DecisionEntry(
        row.id,
        row.draft_version,
        row.draft_hash,
        row.decision,
        row.reason,
        _actor(row.actor),
        utc(row.at),
    )
