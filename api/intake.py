"""The API's writes: a reported incident, its Idempotency-Key, and finding unstarted reports."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from activities.types import Report
from api.problems import Problem
from api.schemas import IncidentCreate
from core.db import session_scope, utc
from core.domain import Actor, Stage
from core.reports import new_incident
from core.tables import IdempotencyRecord, Incident


def find_idempotent(engine: Engine, api_key_id: str, key: str, request_hash: str) -> str | None:
    with Session(engine) as session:
        record = session.get(IdempotencyRecord, (api_key_id, key))
    if record is None:
        return None
    if record.request_hash != request_hash:
        raise Problem(
            422,
            "Idempotency-Key was already used with a different request body",
            code="idempotency_key_reused",
        )
    return record.incident_id


def record_report(
    engine: Engine,
    incident_id: str,
    body: IncidentCreate,
    reporter: Actor,
    idempotency: tuple[str, str, str] | None,
    now: datetime,
) -> bool:
    """Write the reported incident and its first event; False if it already existed."""
    report = Report(
        claim=body.claim,
        source_urls=list(body.source_urls),
        platform=body.platform,
        reach=body.reach,
        media_type=body.media_type,
        language=body.language,
        notes=body.notes,
        growth_per_hour=body.growth_per_hour,
        # SQLite keeps a moment's wall time and drops its offset: stored in UTC.
        first_seen_at=utc(body.first_seen_at) if body.first_seen_at else None,
    )
    row, first_event = new_incident(incident_id, report, reporter, now)
    try:
        with session_scope(engine) as session:
            session.add(row)
            session.flush()  # the incident row before its first event, on every database
            session.add(first_event)
            if idempotency is not None:
                key_id, key, request_hash = idempotency
                session.add(
                    IdempotencyRecord(
                        api_key_id=key_id,
                        key=key,
                        request_hash=request_hash,
                        incident_id=incident_id,
                        created_at=now,
                    )
                )
    except IntegrityError:
        return False
    return True


def unstarted_incidents(engine: Engine, before: datetime) -> list[Incident]:
    """Incidents written by the API whose workflow never reported back (revision 0)."""
    with Session(engine) as session:
        return list(
            session.exec(
                select(Incident).where(
                    Incident.revision == 0,
                    Incident.stage == Stage.REPORTED.value,
                    col(Incident.created_at) < before,
                )
            ).all()
        )


def utcnow() -> datetime:
    return datetime.now(UTC)
