"""The API's reads and writes of the read model (sync; routes call them in a thread pool)."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, or_
from sqlmodel import Session, col, select

from api.problems import Problem
from api.schemas import (
    ActorPublic,
    DecisionPublic,
    DraftPublic,
    IncidentPage,
    IncidentPublic,
    IncidentSummary,
    PublicationPublic,
    TimelineEventPublic,
)
from core.db import utc
from core.domain import Decision
from core.tables import (
    DecisionRecord,
    Draft,
    Incident,
    Publication,
    TimelineEvent,
)


def _actor(raw: Any) -> ActorPublic:
    return ActorPublic(kind=raw["kind"], id=raw["id"], name=raw["name"])


def _decision(row: DecisionRecord) -> DecisionPublic:
    return DecisionPublic(
        decision=row.decision,
        draft_version=row.draft_version,
        draft_hash=row.draft_hash,
        reason=row.reason,
        actor=_actor(row.actor),
        at=utc(row.at),
    )


def draft_public(row: Draft) -> DraftPublic:
    return DraftPublic(
        version=row.version,
        hash=row.hash,
        title=row.title,
        body=row.body,
        language=row.language,
        author=_actor(row.author),
        created_at=utc(row.created_at),
    )


def stage_of(engine: Engine, incident_id: str) -> tuple[str, str | None]:
    """Stage and resolution alone: one row, for checks that need nothing else."""
    with Session(engine) as session:
        row = session.get(Incident, incident_id)
    if row is None:
        raise Problem(404, f"incident {incident_id} not found", code="not_found")
    return row.stage, row.resolution


def incident_public(session: Session, incident_id: str) -> IncidentPublic | None:
    row = session.get(Incident, incident_id)
    if row is None:
        return None
    draft_row = session.exec(
        select(Draft).where(Draft.incident_id == incident_id).order_by(col(Draft.version).desc())
    ).first()
    decisions = session.exec(
        select(DecisionRecord)
        .where(DecisionRecord.incident_id == incident_id)
        .order_by(col(DecisionRecord.at))
    ).all()
    publications = session.exec(
        select(Publication)
        .where(Publication.incident_id == incident_id)
        .order_by(col(Publication.channel), col(Publication.at))
    ).all()
    draft = draft_public(draft_row) if draft_row is not None else None
    current = draft.hash if draft else None
    return IncidentPublic(
        id=row.id,
        stage=row.stage,
        resolution=row.resolution,
        severity=row.severity,
        risk_score=row.risk_score,
        risk_factors=row.risk_factors or [],
        topics=row.topics or [],
        verdict=row.verdict,
        verification=row.verification,
        claim=row.claim,
        platform=row.platform,
        reach=row.reach,
        growth_per_hour=row.growth_per_hour,
        media_type=row.media_type,
        source_urls=row.source_urls or [],
        language=row.language,
        notes=row.notes,
        reporter=_actor(row.reporter) if row.reporter else None,
        draft=draft,
        approvals=[
            _decision(d)
            for d in decisions
            if d.decision == Decision.APPROVE and d.draft_hash == current
        ],
        decisions=[_decision(d) for d in decisions],
        publications=[
            PublicationPublic(
                channel=p.channel,
                operation=p.operation,
                draft_version=p.draft_version,
                status=p.status,
                url=p.url,
                external_id=p.external_id,
                error=p.error,
                attempts=p.attempts,
                idempotency_key=p.idempotency_key,
                at=utc(p.at),
            )
            for p in publications
        ],
        deadlines=row.deadlines or {},
        needs_attention=row.needs_attention,
        notification_error=row.notification_error,
        publish_at=utc(row.publish_at) if row.publish_at else None,
        duplicate_of=row.duplicate_of,
        archive_match=row.archive_match,
        created_at=utc(row.created_at),
        updated_at=utc(row.updated_at),
        closed_at=utc(row.closed_at) if row.closed_at else None,
    )


def get_incident(engine: Engine, incident_id: str) -> IncidentPublic:
    with Session(engine) as session:
        found = incident_public(session, incident_id)
    if found is None:
        raise Problem(404, f"incident {incident_id} not found", code="not_found")
    return found


def _encode_cursor(row: Incident) -> str:
    raw = json.dumps([utc(row.created_at).isoformat(), row.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        created, incident_id = json.loads(base64.urlsafe_b64decode(padded))
        return datetime.fromisoformat(created), str(incident_id)
    except (ValueError, TypeError):
        raise Problem(
            422,
            "cursor: not a cursor this API returned",
            code="invalid_request",
            errors=[{"field": "cursor", "message": "malformed"}],
        ) from None


def list_incidents(
    engine: Engine,
    *,
    stage: str | None,
    severity: str | None,
    q: str | None,
    limit: int,
    cursor: str | None,
) -> IncidentPage:
    query = select(Incident)
    if stage:
        query = query.where(Incident.stage == stage)
    if severity:
        query = query.where(Incident.severity == severity)
    if q:
        pattern = f"%{q.lower()}%"
        query = query.where(
            or_(col(Incident.claim).ilike(pattern), col(Incident.normalized_claim).like(pattern))
        )
    if cursor:
        created, incident_id = _decode_cursor(cursor)
        query = query.where(
            or_(
                col(Incident.created_at) < created,
                (col(Incident.created_at) == created) & (col(Incident.id) < incident_id),
            )
        )
    query = query.order_by(col(Incident.created_at).desc(), col(Incident.id).desc())
    with Session(engine) as session:
        rows = session.exec(query.limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    items = [
        IncidentSummary(
            id=r.id,
            stage=r.stage,
            resolution=r.resolution,
            severity=r.severity,
            risk_score=r.risk_score,
            claim=r.claim,
            needs_attention=r.needs_attention,
            created_at=utc(r.created_at),
            updated_at=utc(r.updated_at),
        )
        for r in rows
    ]
    return IncidentPage(items=items, next_cursor=_encode_cursor(rows[-1]) if more else None)


def timeline(engine: Engine, incident_id: str) -> list[TimelineEventPublic]:
    with Session(engine) as session:
        if session.get(Incident, incident_id) is None:
            raise Problem(404, f"incident {incident_id} not found", code="not_found")
        rows = session.exec(
            select(TimelineEvent)
            .where(TimelineEvent.incident_id == incident_id)
            .order_by(col(TimelineEvent.seq))
        ).all()
    return [
        TimelineEventPublic(
            id=r.id,
            incident_id=r.incident_id,
            at=utc(r.at),
            type=r.type,
            stage=r.stage,
            actor=ActorPublic(kind=r.actor_kind, id=r.actor_id, name=r.actor_name),
            summary=r.summary,
            data=r.data or {},
        )
        for r in rows
    ]
