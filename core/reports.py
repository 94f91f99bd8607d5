"""The first timeline event of a report, written by whoever stores the report (the API, a
monitored source) with the same id the workflow gives it, so the two never make two events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.domain import Stage, event_id
from core.tables import TimelineEvent


def reported_event(
    incident_id: str, reporter: dict[str, Any], at: datetime, data: dict[str, Any]
) -> TimelineEvent:
    return TimelineEvent(
        id=event_id(incident_id, 0),
        incident_id=incident_id,
        seq=0,
        at=at,
        type="reported",
        stage=Stage.REPORTED.value,
        actor_kind=reporter["kind"],
        actor_id=reporter["id"],
        actor_name=reporter["name"],
        summary="Claim reported",
        data=data,
    )
