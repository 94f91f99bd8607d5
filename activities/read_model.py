"""Writes the read model and the timeline. Idempotent: a retry finds its rows and adds none.

Rows go in as `INSERT … ON CONFLICT` statements (`core.db.insert_or_skip`, `insert_or_update`),
not ORM objects: this local activity runs about a dozen times per incident, and reading each
row before writing it cost more than the write.

Bad data never makes it retry forever: text is scrubbed of control characters before it is
written (PostgreSQL refuses NUL; the boundaries refuse them, this is the last line), and what
the database still refuses as data (`DataError`, text it cannot encode) is a non-retryable
`BadData` error, since the same rows would be refused again; an outage stays retryable.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DataError
from sqlmodel import Session, col, select
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.types import PersistRequest, Snapshot
from core.db import insert_or_skip, insert_or_update, session_scope
from core.detection.archive import ArchiveEntry, add_to_archive
from core.domain import Actor, Resolution, Stage
from core.tables import DecisionRecord, Draft, Incident, Publication, TimelineEvent
from core.text_hygiene import scrubbed


def actor_json(actor: Actor) -> dict[str, Any]:
    # `person`: so the status read counts each person once, as the workflow's tally does.
    return {"kind": actor.kind.value, "id": actor.id, "name": actor.name, "person": actor.who}


def _snapshot_values(snap: Snapshot) -> dict[str, Any]:
    return {
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
        "growth_per_hour": snap.report.growth_per_hour,
        "media_type": snap.report.media_type,
        "source_urls": snap.report.source_urls,
        "notes": snap.report.notes,
        "reporter": actor_json(snap.reporter),
        "verdict": snap.verdict,
        "verification": snap.verification,
        "draft_version": snap.draft_version,
        "duplicate_of": snap.duplicate_of,
        "archive_match": snap.archive_match,
        "needs_attention": snap.needs_attention,
        "notification_error": snap.notification_error,
        "publish_at": snap.publish_at,
        "deadlines": snap.deadlines,
        "revision": snap.revision,
        "created_at": snap.created_at,
        "updated_at": snap.updated_at,
        "closed_at": snap.closed_at,
    }


def _apply_snapshot(session: Session, snap: Snapshot) -> None:
    values = _snapshot_values(snap)
    # An older or repeated write must never roll the row back: `newer="revision"`.
    upsert = insert_or_update(session, Incident, "id", tuple(values), newer="revision")
    session.execute(upsert, {"id": snap.id, **values})


def _archive_if_published(session: Session, snap: Snapshot) -> None:
    """A published counter-statement joins the archive, so its hoax is known when it returns."""
    if snap.stage != Stage.CLOSED.value or snap.resolution != Resolution.PUBLISHED.value:
        return
    session.flush()
    draft = session.exec(
        select(Draft).where(Draft.incident_id == snap.id).order_by(col(Draft.version).desc())
    ).first()
    if draft is None:
        return
    url = session.exec(
        select(Publication.url).where(
            Publication.incident_id == snap.id,
            Publication.status == "published",
            col(Publication.url).is_not(None),
        )
    ).first()
    add_to_archive(
        session,
        ArchiveEntry(
            claim=snap.claim,
            title=draft.title,
            body=draft.body,
            language=draft.language,
            origin="incident",
            verdict=snap.verdict,
            url=url,
            published_at=snap.closed_at,
            key=f"incident:{snap.id}",
        ),
    )


def write_changes(session: Session, request: PersistRequest) -> None:
    """One statement per kind of row; rows already written (a retry, the API's first event) are
    left as they are, a publication's outcome is updated."""
    incident_id = request.snapshot.id
    _apply_snapshot(session, request.snapshot)
    if request.events:
        session.execute(
            insert_or_skip(session, TimelineEvent),
            [
                {
                    "id": event.id,
                    "incident_id": incident_id,
                    "seq": event.seq,
                    "at": event.at,
                    "type": event.type,
                    "stage": event.stage,
                    "actor_kind": event.actor.kind.value,
                    "actor_id": event.actor.id,
                    "actor_name": event.actor.name,
                    "summary": event.summary,
                    "data": event.data,
                }
                for event in request.events
            ],
        )
    for draft in request.drafts:  # one a version: rare enough for the ORM
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
    if request.decisions:
        session.execute(
            insert_or_skip(session, DecisionRecord),
            [
                {
                    "id": decision.id,
                    "incident_id": incident_id,
                    "draft_version": decision.draft_version,
                    "draft_hash": decision.draft_hash,
                    "decision": decision.decision,
                    "reason": decision.reason,
                    "actor": actor_json(decision.actor),
                    "at": decision.at,
                }
                for decision in request.decisions
            ],
        )
    if request.publications:
        outcome = ("status", "url", "external_id", "error", "attempts", "at")
        session.execute(
            insert_or_update(session, Publication, "idempotency_key", outcome),
            [
                {
                    "idempotency_key": pub.idempotency_key,
                    "incident_id": incident_id,
                    "channel": pub.channel,
                    "operation": pub.operation,
                    "draft_version": pub.draft_version,
                    "status": pub.status,
                    "url": pub.url,
                    "external_id": pub.external_id,
                    "error": pub.error,
                    "attempts": pub.attempts,
                    "at": request.snapshot.updated_at,
                }
                for pub in request.publications
            ],
        )
    _archive_if_published(session, request.snapshot)


class ReadModelActivities:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @activity.defn(name="persist_incident")
    def persist_incident(self, request: PersistRequest) -> None:
        try:
            with session_scope(self._engine) as session:
                write_changes(session, scrubbed(request))
        except (DataError, UnicodeError) as exc:
            # Named by class only: the driver's message quotes the refused values.
            raise ApplicationError(
                f"read model refused the changes of {request.snapshot.id}"
                f" (revision {request.snapshot.revision}): {type(exc).__name__}",
                type="BadData",
                non_retryable=True,
            ) from None
