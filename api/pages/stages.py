"""The incident's stages as bars: how long each took against its SLA, and its events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from api.schemas import IncidentPublic, TimelineEventPublic


@dataclass
class StageBar:
    stage: str
    started_at: datetime
    ended_at: datetime | None
    sla_minutes: int | None
    due_at: datetime | None
    events: list[TimelineEventPublic] = field(default_factory=list)

    @property
    def running(self) -> bool:
        return self.ended_at is None

    def minutes(self, now: datetime) -> float:
        return ((self.ended_at or now) - self.started_at).total_seconds() / 60

    def breached(self, now: datetime) -> bool:
        return self.sla_minutes is not None and self.minutes(now) > self.sla_minutes

    def fill_percent(self, now: datetime) -> int:
        """Width of the bar: the time taken as a share of the SLA (capped at 100)."""
        if not self.sla_minutes:
            return 100
        return max(2, min(100, round(100 * self.minutes(now) / self.sla_minutes)))


def stage_bars(incident: IncidentPublic, events: list[TimelineEventPublic]) -> list[StageBar]:
    bars = [StageBar("reported", incident.created_at, None, None, None)]
    for event in events:
        if event.type == "stage_changed" and event.data.get("to"):
            bars[-1].ended_at = event.at
            to = str(event.data["to"])
            if to != "closed":
                deadline = incident.deadlines.get(to) or {}
                due = deadline.get("due_at")
                bars.append(
                    StageBar(
                        to,
                        event.at,
                        None,
                        deadline.get("sla_minutes"),
                        datetime.fromisoformat(due) if due else None,
                    )
                )
    if incident.stage == "closed" and bars[-1].ended_at is None:
        bars[-1].ended_at = incident.closed_at or incident.updated_at
    for event in events:
        # An event belongs to the stage that was running when it happened.
        began = [b for b in bars if b.started_at <= event.at] or bars[:1]
        target = next((b for b in reversed(began) if b.stage == event.stage), began[-1])
        target.events.append(event)
    return bars


def now_utc() -> datetime:
    return datetime.now(UTC)
