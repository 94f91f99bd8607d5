"""A new incident's row and its first timeline event, as whoever stores the report writes them
(the API, a monitored source, a signal), before its workflow starts: the workflow's writes
only bring the row up to date from there."""

from __future__ import annotations

from datetime import datetime

from activities.types import Report
from core.db import utc
from core.domain import Actor, ActorKind, Role, event_id
from core.incident_row import report_row, reported_entry
from core.tables import Incident, TimelineEvent


def new_incident(
    incident_id: str, report: Report, reporter: Actor, at: datetime
) -> tuple[Incident, TimelineEvent]:
    """The row (revision 0: its workflow has not written yet) and the "reported" event."""
    row = Incident(**report_row(incident_id, report, reporter, at), revision=0, updated_at=at)
    entry = reported_entry(report, reporter, at)
    event = TimelineEvent(
        id=event_id(incident_id, entry.seq),
        incident_id=incident_id,
        seq=entry.seq,
        at=at,
        type=entry.type,
        stage=entry.stage,
        actor_kind=reporter.kind.value,
        actor_id=reporter.id,
        actor_name=reporter.name,
        summary=entry.summary,
        data=entry.data,
    )
    return row, event


def stored_report(row: Incident) -> tuple[Report, Actor]:
    """The report and the reporter as `new_incident` stored them."""
    reporter = row.reporter or {"kind": "system", "id": "unknown", "name": "unknown"}
    report = Report(
        claim=row.claim,
        source_urls=row.source_urls or [],
        platform=row.platform,
        reach=row.reach,
        media_type=row.media_type,
        language=row.language,
        notes=row.notes,
        growth_per_hour=row.growth_per_hour,
        first_seen_at=utc(row.first_seen_at) if row.first_seen_at else None,
        split_from=row.split_from,
    )
    actor = Actor(
        ActorKind(reporter["kind"]),
        reporter["id"],
        reporter["name"],
        tuple(Role(r) for r in reporter.get("roles", [])),
        reporter.get("person", ""),
    )
    return report, actor
