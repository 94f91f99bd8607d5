"""The office's own labelled pairs: every suggested match a verifier confirmed or rejected —
an archived debunk ("is this the right debunk?") or a report joined as a duplicate ("is this
the same hoax?") — read back from the timeline, where each judgement is an event.
`tangkal archive feedback export` writes them as CSV, evaluation data for the matcher."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from core.tables import Incident, TimelineEvent

# event type: (what was matched, the verifier's decision)
JUDGED = {
    "archive_match_confirmed": ("archive", "confirm"),
    "archive_match_rejected": ("archive", "reject"),
    "duplicate_confirmed": ("duplicate", "confirm"),
    "duplicate_rejected": ("duplicate", "reject"),
}
# "Is this the same hoax?": the judgement event types of joined reports, and their decision.
DUPLICATE_JUDGED = {
    kind: decision for kind, (what, decision) in JUDGED.items() if what == "duplicate"
}
COLUMNS = (
    "incident_id",
    "archive_id",
    "decision",
    "similarity",
    "claim",
    "reason",
    "by",
    "at",
    # A duplicate's judgement: the report joined to the incident, its claim, and the incident
    # it became when it was not the same hoax.
    "kind",
    "duplicate_id",
    "duplicate_claim",
    "split_into",
)


def judgements(engine: Engine) -> Iterator[dict[str, object]]:
    """One row per judgement, oldest first: the incident's claim against what was matched."""
    query = (
        select(TimelineEvent, Incident.claim)
        .join(Incident, col(Incident.id) == col(TimelineEvent.incident_id))
        .where(col(TimelineEvent.type).in_(JUDGED))
        .order_by(col(TimelineEvent.at), col(TimelineEvent.id))
    )
    with Session(engine) as session:
        judged = list(session.exec(query))
        joined = {
            str((e.data or {}).get("incident_id"))
            for e, _ in judged
            if JUDGED[e.type][0] == "duplicate"
        }
        found = select(Incident.id, Incident.claim).where(col(Incident.id).in_(joined))
        claims = {incident_id: text for incident_id, text in session.exec(found)}
    for event, claim in judged:
        data = event.data or {}
        kind, decision = JUDGED[event.type]
        duplicate = data.get("incident_id") if kind == "duplicate" else None
        yield {
            "incident_id": event.incident_id,
            "archive_id": data.get("archive_id"),
            "decision": decision,
            "similarity": data.get("similarity"),
            "claim": claim,
            "reason": data.get("reason") or "",
            "by": event.actor_name,
            "at": event.at.isoformat(),
            "kind": kind,
            "duplicate_id": duplicate,
            "duplicate_claim": claims.get(str(duplicate)) if duplicate else None,
            "split_into": data.get("split_into"),
        }


def as_csv(rows: Iterator[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
