"""Writes the read model and the timeline. Idempotent: a retry finds its rows and adds none.

Rows go in as `INSERT … ON CONFLICT` statements (`core.db.insert_or_skip`, `insert_or_update`),
not ORM objects: this activity runs once per workflow task that changed an incident, and
reading each row before writing it cost more than the write.

Bad data never makes it retry forever: text is scrubbed of control characters before it is
written (PostgreSQL refuses NUL; the boundaries refuse them, this is the last line), and what
the database still refuses as data (`DataError`, text it cannot encode) is a non-retryable
`BadData` error, since the same rows would be refused again; an outage stays retryable.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import DateTime, Engine, bindparam
from sqlalchemy.exc import DataError
from sqlmodel import Session, SQLModel, col, select
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.types import (
    DecisionEntry,
    DraftVersion,
    Entry,
    Event,
    IncidentChanges,
    PublicationResult,
)
from core.db import insert_or_skip, insert_or_update, session_scope, table_of
from core.detection.archive import ArchiveEntry, add_to_archive, archive_id_of
from core.domain import SYSTEM, event_id
from core.incident_row import actor_json
from core.media.catalogue import archive_incident_media
from core.sla import spelled_out
from core.tables import DecisionRecord, Draft, Incident, Publication, TimelineEvent
from core.text_hygiene import scrubbed


def archive(
    session: Session, incident_id: str, claim: str, verdict: str | None, closed_at: datetime | None
) -> None:
    """A published counter-statement joins the archive, so its hoax is known when it returns."""
    session.flush()
    draft = session.exec(
        select(Draft).where(Draft.incident_id == incident_id).order_by(col(Draft.version).desc())
    ).first()
    if draft is None:
        return
    url = session.exec(
        select(Publication.url).where(
            Publication.incident_id == incident_id,
            Publication.status == "published",
            col(Publication.url).is_not(None),
        )
    ).first()
    entry = ArchiveEntry(
        claim=claim,
        title=draft.title,
        body=draft.body,
        language=draft.language,
        origin="incident",
        verdict=verdict,
        url=url,
        published_at=closed_at,
        key=f"incident:{incident_id}",
    )
    add_to_archive(session, entry)
    # Its media with it, so the same photo or video is known when it comes back.
    archive_incident_media(session, incident_id, archive_id_of(session, entry))


_incidents = table_of(Incident)
_DEADLINES = sa.select(_incidents.c.deadlines).where(_incidents.c.id == bindparam("the_id"))
# Only a newer revision lands: a retry, or an older write arriving late, changes nothing.
_UPDATE = _incidents.update().where(
    _incidents.c.id == bindparam("the_id"), _incidents.c.revision < bindparam("older_than")
)

_CLOSED = sa.select(
    _incidents.c.id, _incidents.c.claim, _incidents.c.verdict, _incidents.c.closed_at
).where(_incidents.c.id == bindparam("the_id"))

NO_ROW = "NoRow"  # a workflow started without its reporter's row: no write can ever land


def apply_changes(session: Session, changes: IncidentChanges) -> None:
    """One write of an `Incident` workflow: the changed columns (`deadlines`: the stages that
    changed) if the row is older, then the new rows. A retry, or an older write arriving
    late, changes nothing."""
    columns = _row_columns(changes.columns)
    columns.update(revision=changes.revision, updated_at=changes.at)
    connection = session.connection()
    if "deadlines" in columns:  # the stages whose deadline changed, merged into the rest
        stored = connection.execute(_DEADLINES, {"the_id": changes.incident_id}).scalar()
        columns["deadlines"] = (stored or {}) | {
            stage: spelled_out(started) for stage, started in columns["deadlines"].items()
        }
    # The changed columns as the statement's parameters: its SET clause (one compiled form
    # per set of columns, cached by SQLAlchemy).
    keys = {"the_id": changes.incident_id, "older_than": changes.revision}
    written = connection.execute(_UPDATE, columns | keys)
    if written.rowcount == 0 and session.get(Incident, changes.incident_id) is None:
        # Every reporter writes the row before it starts the workflow (`core.reports`).
        raise ApplicationError(
            f"incident {changes.incident_id} has no row: it was not reported",
            type=NO_ROW,
            non_retryable=True,
        )
    write_rows(
        session,
        changes.incident_id,
        changes.at,
        changes.events,
        changes.drafts,
        changes.decisions,
        changes.publications,
    )
    if changes.archive:
        row = connection.execute(_CLOSED, {"the_id": changes.incident_id}).first()
        if row is not None:
            archive(session, row.id, row.claim, row.verdict, row.closed_at)


_COLUMNS = SQLModel.metadata.tables[Incident.__tablename__].columns
_DATETIME_COLUMNS = frozenset(c.name for c in _COLUMNS if isinstance(c.type, DateTime))
_WRITABLE = frozenset(c.name for c in _COLUMNS) - {"id", "revision", "updated_at"}


def _row_columns(columns: dict[str, Any]) -> dict[str, Any]:
    unknown = set(columns) - _WRITABLE
    if unknown:
        raise ApplicationError(
            f"not columns of an incident: {', '.join(sorted(unknown))}",
            type="BadData",
            non_retryable=True,
        )
    return {
        name: datetime.fromisoformat(value)
        if name in _DATETIME_COLUMNS and isinstance(value, str)
        else value
        for name, value in columns.items()
    }


def write_rows(
    session: Session,
    incident_id: str,
    at: datetime,
    events: Sequence[Event | Entry],
    drafts: list[DraftVersion],
    decisions: list[DecisionEntry],
    publications: list[PublicationResult],
) -> None:
    """One statement per kind of row, run on the session's connection (no ORM objects); rows
    already written (a retry, the API's first event) are left as they are, a publication's
    outcome is updated."""
    connection = session.connection()
    if events:
        connection.execute(
            insert_or_skip(connection, TimelineEvent),
            [
                {
                    "id": event_id(incident_id, event.seq),
                    "incident_id": incident_id,
                    "seq": event.seq,
                    "at": event.at or at,
                    "type": event.type,
                    "stage": event.stage,
                    "actor_kind": (event.actor or SYSTEM).kind.value,
                    "actor_id": (event.actor or SYSTEM).id,
                    "actor_name": (event.actor or SYSTEM).name,
                    "summary": event.summary,
                    "data": event.data,
                }
                for event in events
            ],
        )
    if drafts:  # a version already written (incident and version are unique) is kept
        connection.execute(
            insert_or_skip(connection, Draft),
            [
                {
                    "incident_id": incident_id,
                    "version": draft.version,
                    "hash": draft.hash,
                    "title": draft.title,
                    "body": draft.body,
                    "language": draft.language,
                    "author": actor_json(draft.author),
                    "created_at": draft.created_at,
                }
                for draft in drafts
            ],
        )
    if decisions:
        connection.execute(
            insert_or_skip(connection, DecisionRecord),
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
                for decision in decisions
            ],
        )
    if publications:
        outcome = ("status", "url", "external_id", "error", "warning", "attempts", "at")
        connection.execute(
            insert_or_update(connection, Publication, "idempotency_key", outcome),
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
                    "warning": pub.warning,
                    "attempts": pub.attempts,
                    "at": at,
                }
                for pub in publications
            ],
        )


class ReadModelActivities:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @activity.defn(name="write_incident")
    def write_incident(self, changes: IncidentChanges) -> None:
        try:
            with session_scope(self._engine) as session:
                apply_changes(session, scrubbed(changes))
        except (DataError, UnicodeError) as exc:
            raise refused(changes.incident_id, changes.revision, exc) from None


def refused(incident_id: str, revision: int, exc: Exception) -> ApplicationError:
    # Named by class only: the driver's message quotes the refused values.
    return ApplicationError(
        f"read model refused the changes of {incident_id} (revision {revision}):"
        f" {type(exc).__name__}",
        type="BadData",
        non_retryable=True,
    )
