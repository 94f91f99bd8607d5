"""The reports triage joined to an incident as its duplicates, and what a verifier said of
each ("is this the same hoax?"), read from the incident's own timeline.

The incident's workflow writes a `duplicate_linked` entry when a report joins it and a
judgement entry when a verifier answers, before it asks for a card: read here, the card and the
verification page never wait on the joined report's own row, and show the same list.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Connection, Engine, bindparam

from activities.types import JoinedReport
from core.db import table_of, utc
from core.detection.feedback import DUPLICATE_JUDGED
from core.raw_reads import RawSelect
from core.tables import TimelineEvent

LINKED = "duplicate_linked"

_events = table_of(TimelineEvent)
_KINDS = {f"kind{n}": kind for n, kind in enumerate([LINKED, *DUPLICATE_JUDGED])}
_JOINED = RawSelect(
    sa.select(_events.c.type, _events.c.data, _events.c.at)
    .where(
        _events.c.incident_id == bindparam("incident_id"),
        sa.or_(*(_events.c.type == bindparam(name) for name in _KINDS)),
    )
    .order_by(_events.c.at, _events.c.id)
)


def joined_reports(connection: Connection, incident_id: str) -> list[JoinedReport]:
    """The reports joined to `incident_id`, oldest first, and their judgement."""
    joined: dict[str, JoinedReport] = {}
    for event in _JOINED.rows(connection, {"incident_id": incident_id, **_KINDS}):
        data, kind = event["data"], event["type"]
        if not isinstance(data, dict) or not (report := str(data.get("incident_id") or "")):
            continue
        if kind == LINKED:
            claim, similarity = str(data.get("claim") or ""), float(data.get("similarity") or 0)
            at = utc(event["at"]) if event["at"] else None
            joined.setdefault(report, JoinedReport(report, claim, similarity, at=at))
        elif (earlier := joined.get(report)) is not None:
            earlier.judged = DUPLICATE_JUDGED[kind]
            earlier.split_into = data.get("split_into")
    return list(joined.values())


def joined_to(engine: Engine, incident_id: str) -> list[JoinedReport]:
    """`joined_reports` on a connection of its own."""
    with engine.connect() as connection, connection.begin():
        return joined_reports(connection, incident_id)
