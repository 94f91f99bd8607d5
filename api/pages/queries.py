"""What the pages read from the read model (sync; routes call these in a thread pool)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from core.db import utc
from core.tables import Incident, OutboxMessage

SEVERITY_ORDER = ("critical", "high", "medium", "low")


@dataclass(frozen=True)
class OpenIncident:
    id: str
    claim: str
    stage: str
    severity: str | None
    risk_score: int | None
    needs_attention: bool
    due_at: str | None
    created_at: datetime


@dataclass(frozen=True)
class OutboxLine:
    channel: str
    text: str
    at: datetime


def _rank(severity: str | None) -> int:
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)


def open_incidents(engine: Engine) -> list[OpenIncident]:
    """Open incidents, the most severe first, then the oldest first."""
    with Session(engine) as session:
        rows = session.exec(select(Incident).where(Incident.stage != "closed")).all()
    found = [
        OpenIncident(
            id=r.id,
            claim=r.claim,
            stage=r.stage,
            severity=r.severity,
            risk_score=r.risk_score,
            needs_attention=r.needs_attention,
            due_at=((r.deadlines or {}).get(r.stage) or {}).get("due_at"),
            created_at=utc(r.created_at),
        )
        for r in rows
    ]
    return sorted(found, key=lambda i: (_rank(i.severity), i.created_at))


def recently_closed(engine: Engine, limit: int = 10) -> list[Incident]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(Incident)
                .where(Incident.stage == "closed")
                .order_by(col(Incident.updated_at).desc())
                .limit(limit)
            ).all()
        )


def outbox_of(engine: Engine, incident_id: str) -> list[OutboxLine]:
    with Session(engine) as session:
        rows = session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.incident_id == incident_id)
            .order_by(col(OutboxMessage.at))
        ).all()
    return [OutboxLine(channel=r.channel, text=r.text, at=utc(r.at)) for r in rows]
