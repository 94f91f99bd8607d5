"""The office's own labelled pairs: every archive match a verifier confirmed or rejected
("is this the right debunk?"), read back from the timeline, where each judgement is an event.
`tangkal archive feedback export` writes them as CSV, evaluation data for the matcher."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from core.tables import Incident, TimelineEvent

JUDGED = {"archive_match_confirmed": "confirm", "archive_match_rejected": "reject"}
COLUMNS = ("incident_id", "archive_id", "decision", "similarity", "claim", "reason", "by", "at")


def judgements(engine: Engine) -> Iterator[dict[str, object]]:
    """One row per judgement, oldest first: the incident's claim against the archived entry."""
    query = (
        select(TimelineEvent, Incident.claim)
        .join(Incident, col(Incident.id) == col(TimelineEvent.incident_id))
        .where(col(TimelineEvent.type).in_(JUDGED))
        .order_by(col(TimelineEvent.at), col(TimelineEvent.id))
    )
    with Session(engine) as session:
        for event, claim in session.exec(query):
            data = event.data or {}
            yield {
                "incident_id": event.incident_id,
                "archive_id": data.get("archive_id"),
                "decision": JUDGED[event.type],
                "similarity": data.get("similarity"),
                "claim": claim,
                "reason": data.get("reason") or "",
                "by": event.actor_name,
                "at": event.at.isoformat(),
            }


def as_csv(rows: Iterator[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
