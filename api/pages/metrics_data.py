"""The numbers leadership asks for: how fast we verify, approve and publish, and what breaks."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from core.db import utc
from core.tables import Incident, Publication, TimelineEvent

MEASURES = ("time_to_verify", "time_to_approve", "time_to_klarifikasi")
# Fewer incidents than this in a week and severity make no p50/p90 worth drawing.
FEWEST_FOR_PERCENTILES = 3


def percentile(values: list[float], share: float) -> float:
    """Linear interpolation between the closest ranks (p50 of [1, 2] is 1.5)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Row:
    week: str
    severity: str
    count: int
    p50: float
    p90: float


@dataclass
class Metrics:
    rows: dict[str, list[Row]] = field(default_factory=dict)
    breaches: list[tuple[str, int]] = field(default_factory=list)
    topics: list[tuple[str, int]] = field(default_factory=list)
    platforms: list[tuple[str, int]] = field(default_factory=list)


def _week(moment: datetime, zone: ZoneInfo) -> str:
    year, week, _ = moment.astimezone(zone).isocalendar()
    return f"{year}-W{week:02d}"


def _minutes(start: datetime, end: datetime) -> float:
    return round((end - start).total_seconds() / 60, 1)


def _durations(
    incident: Incident, events: list[TimelineEvent], published: datetime | None
) -> dict[str, float]:
    created = utc(incident.created_at)
    found: dict[str, float] = {}
    approval_started: datetime | None = None
    for event in events:
        moved = event.data or {}
        if event.type != "stage_changed":
            continue
        if moved.get("from") == "verification" and "time_to_verify" not in found:
            found["time_to_verify"] = _minutes(created, utc(event.at))
        if moved.get("to") == "approval" and approval_started is None:
            approval_started = utc(event.at)
        if moved.get("from") == "approval" and moved.get("to") == "publishing" and approval_started:
            found.setdefault("time_to_approve", _minutes(approval_started, utc(event.at)))
    if published is not None:
        found["time_to_klarifikasi"] = _minutes(created, published)
    return found


def compute_metrics(engine: Engine, timezone: str, now: datetime, weeks: int = 12) -> Metrics:
    zone = ZoneInfo(timezone)
    since = now - timedelta(weeks=weeks)
    with Session(engine) as session:
        incidents = session.exec(select(Incident).where(col(Incident.created_at) >= since)).all()
        ids = [i.id for i in incidents]
        events = session.exec(
            select(TimelineEvent)
            .where(col(TimelineEvent.incident_id).in_(ids))
            .order_by(col(TimelineEvent.seq))
        ).all()
        publications = session.exec(
            select(Publication).where(
                col(Publication.incident_id).in_(ids),
                Publication.status == "published",
                Publication.operation == "publication",
            )
        ).all()
    by_incident: dict[str, list[TimelineEvent]] = defaultdict(list)
    for event in events:
        by_incident[event.incident_id].append(event)
    first_published: dict[str, datetime] = {}
    for p in publications:
        at = utc(p.at)
        first_published[p.incident_id] = min(at, first_published.get(p.incident_id, at))

    samples: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    breaches: Counter[str] = Counter()
    topics: Counter[str] = Counter()
    platforms: Counter[str] = Counter()
    for incident in incidents:
        week = _week(utc(incident.created_at), zone)
        timeline = by_incident[incident.id]
        measured = _durations(incident, timeline, first_published.get(incident.id))
        for measure, minutes in measured.items():
            samples[(measure, week, incident.severity or "—")].append(minutes)
        breaches[week] += sum(e.type == "sla_escalation" for e in timeline)
        topics.update(incident.topics or [])
        platforms[incident.platform or "other"] += 1

    result = Metrics(
        breaches=sorted(breaches.items()),
        topics=topics.most_common(),
        platforms=platforms.most_common(),
    )
    for measure in MEASURES:
        result.rows[measure] = [
            Row(week, severity, len(values), percentile(values, 0.5), percentile(values, 0.9))
            for (m, week, severity), values in sorted(samples.items())
            if m == measure
        ]
    return result
