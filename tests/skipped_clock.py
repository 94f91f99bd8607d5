"""Incidents run on Temporal's time-skipping server, read by pages on the wall clock.

Hours pass in seconds on the time-skipping server, so the workflow's clock runs ahead of the
wall clock the pages read. Once the workflow is done writing, `move_back` moves every stored
moment the workflow wrote back by that lead, as if the hours had passed in real time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from core.db import engine_for, utc
from core.tables import DecisionRecord, Draft, Incident, OutboxMessage, Publication, TimelineEvent


@dataclass(frozen=True)
class ClockLead:
    """The workflow's clock ran `by` ahead of the wall clock from `since` on (the skip):
    moments the workflow wrote are `by` ahead; those the API wrote after the skip are not."""

    since: datetime
    by: timedelta
    now: datetime

    def seen(self, moment: datetime) -> datetime:
        moment = utc(moment)
        # Before the skip both clocks agree; after it, a moment past the wall clock is the
        # workflow's. Either is read `by` earlier: the hours skipped, as if they had passed.
        return moment - self.by if moment < self.since or moment > self.now else moment

    def deadlines(self, stored: dict[str, Any]) -> dict[str, Any]:
        return {
            stage: {
                k: self.seen(datetime.fromisoformat(v)).isoformat() if k.endswith("_at") else v
                for k, v in due.items()
            }
            for stage, due in stored.items()
        }


def move_back(url: str, lead: ClockLead) -> None:
    """Every stored moment read on one clock: the wall clock, hours after the reports."""
    with Session(engine_for(url)) as session:
        for incident in session.exec(select(Incident)).all():
            for name in ("created_at", "updated_at", "first_seen_at", "closed_at", "publish_at"):
                if (moment := getattr(incident, name)) is not None:
                    setattr(incident, name, lead.seen(moment))
            incident.deadlines = lead.deadlines(incident.deadlines or {})
            session.add(incident)
        rows: list[TimelineEvent | DecisionRecord | Publication | OutboxMessage] = [
            *session.exec(select(TimelineEvent)).all(),
            *session.exec(select(DecisionRecord)).all(),
            *session.exec(select(Publication)).all(),
            *session.exec(select(OutboxMessage)).all(),
        ]
        for row in rows:
            row.at = lead.seen(row.at)
            session.add(row)
        for draft in session.exec(select(Draft)).all():
            draft.created_at = lead.seen(draft.created_at)
            session.add(draft)
        session.commit()
