"""A new incident's row and its first timeline event, written by whoever stores the report (the
API, a monitored source, a signal) with the ids the workflow expects: the workflow never writes
them again, and later writes only what differs from `core.incident_row.report_row`."""

from __future__ import annotations

from datetime import datetime

from activities.types import Report
from core.domain import Actor, Stage, event_id
from core.incident_row import report_row
from core.tables import Incident, TimelineEvent


def new_incident(
    incident_id: str, report: Report, reporter: Actor, at: datetime
) -> tuple[Incident, TimelineEvent]:
    """The row (revision 0: its workflow has not written yet) and the "reported" event."""
    row = Incident(**report_row(incident_id, report, reporter, at), revision=0, updated_at=at)
    event = TimelineEvent(
        id=event_id(incident_id, 0),
        incident_id=incident_id,
        seq=0,
        at=at,
        type="reported",
        stage=Stage.REPORTED.value,
        actor_kind=reporter.kind.value,
        actor_id=reporter.id,
        actor_name=reporter.name,
        summary="Claim reported",
        data={"platform": report.platform, "reach": report.reach, "media_type": report.media_type},
    )
    return row, event
