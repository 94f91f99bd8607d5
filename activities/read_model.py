"""Writes the read model and the timeline. Idempotent: a retry finds its rows and adds none."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select
from temporalio import activity

from activities.types import PersistRequest, Snapshot
from core.db import session_scope
from core.domain import Actor
from core.tables import DecisionRecord, Draft, Incident, Publication, TimelineEvent


def actor_json(actor: Actor) -> dict[str, Any]:
    return {"kind": actor.kind.value, "id": actor.id, "name": actor.name}


def _apply_snapshot(session: Session, snap: Snapshot) -> None:
    row = session.get(Incident, snap.id)
    if row is not None and row.revision >= snap.revision:
        return  # an older or repeated write must never roll the row back
    values: dict[str, Any] = {
        "stage": snap.stage,
        "resolution": snap.resolution,
        "severity": snap.severity,
        "risk_score": snap.risk_score,
        "risk_factors": snap.risk_factors,
        "topics": snap.topics,
        "claim": snap.claim,
        "normalized_claim": snap.normalized_claim,
        "language": snap.language or snap.report.language,
        "platform": snap.report.platform,
        "reach": snap.report.reach,
        "media_type": snap.report.media_type,
        "source_urls": snap.report.source_urls,
        "notes": snap.report.notes,
        "reporter": actor_json(snap.reporter),
        "verdict": snap.verdict,
        "verification": snap.verification,
        "draft_version": snap.draft_version,
        "duplicate_of": snap.duplicate_of,
        "needs_attention": snap.needs_attention,
        "notification_error": snap.notification_error,
        "publish_at": snap.publish_at,
        "deadlines": snap.deadlines,
        "revision": snap.revision,
        "created_at": snap.created_at,
        "updated_at": snap.updated_at,
        "closed_at": snap.closed_at,
    }
    if row is None:
        session.add(Incident(id=snap.id, **values))
    else:
        for key, value in values.items():
            setattr(row, key, value)
        session.add(row)


def write_changes(session: Session, request: PersistRequest) -> None:
    incident_id = request.snapshot.id
    _apply_snapshot(session, request.snapshot)
    for event in request.events:
        if session.get(TimelineEvent, event.id) is None:
            session.add(
                TimelineEvent(
                    id=event.id,
                    incident_id=incident_id,
                    seq=event.seq,
                    at=event.at,
                    type=event.type,
                    stage=event.stage,
                    actor_kind=event.actor.kind.value,
                    actor_id=event.actor.id,
                    actor_name=event.actor.name,
                    summary=event.summary,
                    data=event.data,
                )
            )
    for draft in request.drafts:
        exists = session.exec(
            select(Draft.id).where(Draft.incident_id == incident_id, Draft.version == draft.version)
        ).first()
        if exists is None:
            session.add(
                Draft(
                    incident_id=incident_id,
                    author=actor_json(draft.author),
                    **{k: v for k, v in dataclasses.asdict(draft).items() if k != "author"},
                )
            )
    for decision in request.decisions:
        if session.get(DecisionRecord, decision.id) is None:
            session.add(
                DecisionRecord(
                    id=decision.id,
                    incident_id=incident_id,
                    draft_version=decision.draft_version,
                    draft_hash=decision.draft_hash,
                    decision=decision.decision,
                    reason=decision.reason,
                    actor=actor_json(decision.actor),
                    at=decision.at,
                )
            )
    for pub in request.publications:
        row = session.get(Publication, pub.idempotency_key)
        if row is None:
            row = Publication(
                idempotency_key=pub.idempotency_key,
                incident_id=incident_id,
                channel=pub.channel,
                operation=pub.operation,
                draft_version=pub.draft_version,
                status=pub.status,
                at=request.snapshot.updated_at,
            )
        row.status, row.url, row.external_id = pub.status, pub.url, pub.external_id
        row.error, row.attempts, row.at = pub.error, pub.attempts, request.snapshot.updated_at
        session.add(row)


class ReadModelActivities:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @activity.defn(name="persist_incident")
    def persist_incident(self, request: PersistRequest) -> None:
        with session_scope(self._engine) as session:
            write_changes(session, request)
