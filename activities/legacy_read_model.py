"""The read-model write of the frozen pre-issue-19 workflow (`workflows/legacy`): its whole
snapshot, then its rows. Goes with that package once its incidents have drained."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DataError
from sqlmodel import Session
from temporalio import activity

from activities.read_model import archive, refused, write_rows
from activities.types import PersistRequest, Snapshot
from core.db import insert_or_update, session_scope
from core.domain import Resolution, Stage
from core.incident_row import actor_json
from core.tables import Incident
from core.text_hygiene import scrubbed


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


def write_changes(session: Session, request: PersistRequest) -> None:
    """A write of a pre-issue-19 workflow (`workflows.legacy`): its whole snapshot, then rows."""
    _apply_snapshot(session, request.snapshot)
    write_rows(
        session,
        request.snapshot.id,
        request.snapshot.updated_at,
        request.events,
        request.drafts,
        request.decisions,
        request.publications,
    )
    snap = request.snapshot
    if snap.stage == Stage.CLOSED.value and snap.resolution == Resolution.PUBLISHED.value:
        archive(session, snap.id, snap.claim, snap.verdict, snap.closed_at)


class LegacyReadModelActivities:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @activity.defn(name="persist_incident")
    def persist_incident(self, request: PersistRequest) -> None:
        """The write of a pre-issue-19 workflow; goes when `workflows.legacy` goes."""
        try:
            with session_scope(self._engine) as session:
                write_changes(session, scrubbed(request))
        except (DataError, UnicodeError) as exc:
            raise refused(request.snapshot.id, request.snapshot.revision, exc) from None
