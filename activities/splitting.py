"""A report joined to an incident as its duplicate, which a verifier judged not the same hoax,
reported again as an incident of its own (issue 14: "is this the same hoax?").

The new incident's row and entry 0 are written here, as every reporter writes them
(`core.reports`); the judging incident's workflow then starts its workflow. The new id is
derived from the report it comes from, so a retried split writes nothing twice.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlmodel import Session
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.read_model import NO_ROW
from activities.types import OpenedIncident, SplitRequest
from core.db import session_scope, utc
from core.reports import new_incident, stored_report
from core.tables import Incident


def split(engine: Engine, request: SplitRequest, now: datetime) -> OpenedIncident:
    with Session(engine) as session:
        duplicate = session.get(Incident, request.duplicate_id)
        existing = session.get(Incident, request.incident_id)
    if duplicate is None:
        raise ApplicationError(
            f"incident {request.duplicate_id} has no row", type=NO_ROW, non_retryable=True
        )
    report, reporter = stored_report(duplicate)
    report = replace(report, split_from=duplicate.id)
    if existing is not None:  # a retry: the first attempt wrote it
        return OpenedIncident(existing.id, report, reporter, utc(existing.created_at))
    row, first_event = new_incident(request.incident_id, report, reporter, now)
    with session_scope(engine) as session:
        session.add(row)
        session.flush()  # the incident row before its first event, on every database
        session.add(first_event)
    return OpenedIncident(request.incident_id, report, reporter, now)


class SplitActivities:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @activity.defn(name="split_duplicate")
    def split_duplicate(self, request: SplitRequest) -> OpenedIncident:
        return split(self._engine, request, datetime.now(UTC))
