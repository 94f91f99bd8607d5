"""A stage's SLA clock: a reminder half-way, an escalation when due. Pure: the workflow plans
its timers with it, and the read-model write spells out the moments the workflow sends as a
start and a length."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any


@dataclass
class Deadline:
    """Silence decides nothing: a deadline only reminds and escalates."""

    started_at: datetime
    sla_minutes: int
    reminder_at: datetime
    due_at: datetime

    @classmethod
    def starting(cls, at: datetime, minutes: int) -> Deadline:
        half = timedelta(minutes=minutes / 2)
        return cls(at, minutes, at + half, at + 2 * half)

    def started(self) -> dict[str, Any]:
        """What the workflow sends of it: the rest follows (`spelled_out`)."""
        return {"started_at": self.started_at.isoformat(), "sla_minutes": self.sla_minutes}


def spelled_out(started: dict[str, Any]) -> dict[str, Any]:
    """A deadline as the read model stores it (`incidents.deadlines`), from `started()`."""
    due = Deadline.starting(datetime.fromisoformat(started["started_at"]), started["sla_minutes"])
    return {
        "started_at": due.started_at.isoformat(),
        "sla_minutes": due.sla_minutes,
        "reminder_at": due.reminder_at.isoformat(),
        "due_at": due.due_at.isoformat(),
    }
