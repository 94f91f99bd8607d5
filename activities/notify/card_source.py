"""A card as the read model shows it now: what the delivery posts or rewrites."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, bindparam

from activities.policy_rules import rules_from
from activities.types import Card, DecisionEntry, DraftVersion
from core.cards import build_cards
from core.db import table_of, utc
from core.domain import Actor, ActorKind, Role
from core.joined import joined_reports
from core.policy import Policy
from core.raw_reads import RawSelect
from core.tables import DecisionRecord, Draft, Incident

# Read for every card post and rewrite (a few per incident): statements built once and run
# straight on the driver (`core.raw_reads`), as the status read is; no ORM instances.
_incidents, _drafts = table_of(Incident), table_of(Draft)
_decisions = table_of(DecisionRecord)
_INCIDENT = RawSelect(sa.select(_incidents).where(_incidents.c.id == bindparam("incident_id")))
_latest = sa.select(sa.func.max(_drafts.c.version)).where(
    _drafts.c.incident_id == bindparam("incident_id")
)
_DRAFT = RawSelect(
    sa.select(_drafts).where(
        _drafts.c.incident_id == bindparam("incident_id"),
        _drafts.c.version == _latest.scalar_subquery(),
    )
)
_DECISIONS = RawSelect(
    sa.select(_decisions)
    .where(_decisions.c.incident_id == bindparam("incident_id"))
    .order_by(_decisions.c.id)
)


def card_on(connection: Connection, policy: Policy, incident_id: str, audience: str) -> Card | None:
    """The card as `connection` reads the read model, in one transaction that ends here."""
    key = {"incident_id": incident_id}
    with connection.begin():
        incident = _INCIDENT.first(connection, key)
        if incident is None:
            return None
        draft = _DRAFT.first(connection, key)
        decisions = _DECISIONS.rows(connection, key)
        joined = joined_reports(connection, incident_id)
    severity = incident["severity"]
    rules = rules_from(policy).severities.get(severity) if severity else None
    cards = build_cards(
        SimpleNamespace(**incident),
        draft_version(SimpleNamespace(**draft)) if draft else None,
        [decision_entry(SimpleNamespace(**row)) for row in decisions],
        rules,
        policy.organization.language,
        joined,
    )
    return next((card for card in cards if card.audience == audience), None)


def _actor(stored: dict[str, Any]) -> Actor:
    return Actor(
        ActorKind(stored["kind"]),
        stored["id"],
        stored["name"],
        tuple(Role(role) for role in stored.get("roles") or []),
        stored.get("person") or "",
    )


def draft_version(row: Any) -> DraftVersion:
    """A `Draft` row (an instance, or a row's columns as attributes) as the workflow has it."""
    return DraftVersion(
        row.version,
        row.hash,
        row.title,
        row.body,
        row.language,
        _actor(row.author),
        utc(row.created_at),
    )


def decision_entry(row: Any) -> DecisionEntry:
    """A `DecisionRecord` row (an instance, or a row's columns as attributes)."""
    return DecisionEntry(
        row.id,
        row.draft_version,
        row.draft_hash,
        row.decision,
        row.reason,
        _actor(row.actor),
        utc(row.at),
    )
