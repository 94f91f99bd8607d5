"""What the pages read from the read model (sync; routes call these in a thread pool)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from core.db import utc
from core.tables import Incident, OutboxMessage

SEVERITY_ORDER = ("critical", "high", "medium", "low")


@dataclass(frozen=True)
class OutboxLine:
    incident_id: str
    channel: str
    text: str
    at: datetime


def open_incident_ids(engine: Engine, limit: int) -> list[str]:
    """The open incidents (at most `limit`, the newest), for the dashboard to order."""
    with Session(engine) as session:
        return list(
            session.exec(
                select(Incident.id)
                .where(Incident.stage != "closed")
                .order_by(col(Incident.created_at).desc())
                .limit(limit)
            ).all()
        )


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


def reports_since(
    engine: Engine, since: datetime
) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Reports since `since` by topic and by platform, the most frequent first."""
    with Session(engine) as session:
        rows = session.exec(
            select(Incident.topics, Incident.platform).where(col(Incident.created_at) >= since)
        ).all()
    topics: Counter[str] = Counter()
    platforms: Counter[str] = Counter()
    for found, platform in rows:
        topics.update(found or [])
        platforms[platform or "other"] += 1
    return topics.most_common(), platforms.most_common()


def recent_outbox(engine: Engine, limit: int) -> list[OutboxLine]:
    """The console outbox, newest first."""
    with Session(engine) as session:
        rows = session.exec(
            select(OutboxMessage).order_by(col(OutboxMessage.at).desc()).limit(limit)
        ).all()
    return [
        OutboxLine(incident_id=r.incident_id, channel=r.channel, text=r.text, at=utc(r.at))
        for r in rows
    ]
