"""The API's reads and writes of the read model (sync; routes call them in a thread pool)."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy import Connection, Engine, bindparam, or_
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
from core.approval import standing_approvals
from core.db import table_of, utc
from core.local_time import LocalClock
from core.media.tables import MediaCustody, MediaItem
from core.raw_reads import RawSelect
from core.tables import (
    DecisionRecord,
    Draft,
    Incident,
    Publication,
    TimelineEvent,
)
from core.words.events import event_summary


def draft_public(row: Draft) -> DraftPublic:
    return DraftPublic.model_validate(_with_utc(row.model_dump(), "created_at"))


def _with_utc(data: dict[str, Any], *moments: str) -> dict[str, Any]:
    for name in moments:
        if data[name] is not None:
            data[name] = utc(data[name])
    return data


def stage_of(engine: Engine, incident_id: str) -> tuple[str, str | None]:
    """Stage and resolution alone: one row, for checks that need nothing else."""
    with Session(engine) as session:
        row = session.get(Incident, incident_id)
    if row is None:
        raise Problem(404, f"incident {incident_id} not found", code="not_found")
    return row.stage, row.resolution


# The status read is the API's hottest path: its statements are built once (building a
# SELECT costs more than SQLite takes to run it) and run as Core on one connection, without
# the ORM's identity map and instance loading. Each selects the columns its public model
# shows, under the model's names, so a row becomes the model's data as it is; the whole is
# validated once.
_incidents, _drafts = table_of(Incident), table_of(Draft)
_decisions, _publications = table_of(DecisionRecord), table_of(Publication)


def _shown(table: sa.Table, model: type[BaseModel]) -> list[sa.Column[Any]]:
    return [table.c[name] for name in model.model_fields if name in table.c]


_DRAFT_PREFIX = "latest_draft_"
_any_draft = _drafts.alias("any_draft")
_latest_version = (
    sa.select(sa.func.max(_any_draft.c.version))
    .where(_any_draft.c.incident_id == _incidents.c.id)
    .scalar_subquery()
)
# The incident with its latest draft (columns prefixed), in one statement.
_INCIDENT = (
    sa.select(
        *_shown(_incidents, IncidentPublic),
        *(c.label(_DRAFT_PREFIX + c.name) for c in _shown(_drafts, DraftPublic)),
    )
    .select_from(
        _incidents.outerjoin(
            _drafts,
            (_drafts.c.incident_id == _incidents.c.id) & (_drafts.c.version == _latest_version),
        )
    )
    .where(_incidents.c.id == bindparam("incident_id"))
)
# (column, field) of the draft's columns in the incident's row.
_DRAFT_COLUMNS = tuple(
    (str(column.key), str(column.key).removeprefix(_DRAFT_PREFIX))
    for column in _INCIDENT.selected_columns
    if str(column.key).startswith(_DRAFT_PREFIX)
)
_DECISIONS = (
    sa.select(*_shown(_decisions, DecisionPublic))
    .where(_decisions.c.incident_id == bindparam("incident_id"))
    .order_by(_decisions.c.at)
)
_media = table_of(MediaItem)
_MEDIA = (
    sa.select(_media)
    .where(_media.c.incident_id == bindparam("incident_id"))
    .order_by(_media.c.created_at, _media.c.id)
)
_PUBLICATIONS = (
    sa.select(*_shown(_publications, PublicationPublic))
    .where(_publications.c.incident_id == bindparam("incident_id"))
    .order_by(_publications.c.channel, _publications.c.at)
)


# Run straight on the driver (`core.raw_reads`): the same statements, a third of the cost.
_INCIDENT_RAW, _DECISIONS_RAW = RawSelect(_INCIDENT), RawSelect(_DECISIONS)
_PUBLICATIONS_RAW, _MEDIA_RAW = RawSelect(_PUBLICATIONS), RawSelect(_MEDIA)


def _actor(stored: dict[str, Any]) -> dict[str, Any]:
    return {"kind": stored["kind"], "id": stored["id"], "name": stored["name"]}


def _latest_draft(incident: dict[str, Any]) -> dict[str, Any] | None:
    """Takes the draft's columns out of the incident's; None while it has no draft."""
    draft = {field: incident.pop(column) for column, field in _DRAFT_COLUMNS}
    if draft["version"] is None:
        return None
    return _with_utc(draft, "created_at") | {"author": _actor(draft["author"])}


def media_document(row: Any) -> dict[str, Any]:
    """A media row (a row's dict, or `MediaItem`) as `MediaPublic` shows it."""
    if not isinstance(row, dict):
        row = {name: getattr(row, name) for name in _MEDIA_COLUMNS}
    return {
        "id": row["id"],
        "sha256": row["sha256"],
        "kind": row["kind"],
        "mime": row["mime"],
        "bytes": row["bytes"],
        "width": row["width"],
        "height": row["height"],
        "duration_s": row["duration_s"],
        "content_credentials": row["credentials"],
        "matches": row["matches"] or [],
        "note": row["note"],
        "uploaded_by": _actor(row["taken_by"]) if row["taken_by"] else None,
        "uploaded_at": utc(row["created_at"]),
    }


_MEDIA_COLUMNS = (
    *("id", "sha256", "kind", "mime", "bytes", "width", "height", "duration_s"),
    *("credentials", "matches", "note", "taken_by", "created_at"),
)


def _decision(row: dict[str, Any]) -> dict[str, Any]:
    actor = row["actor"]
    person = actor.get("person") or actor["id"]  # rows older than persons: the id
    return _with_utc(row, "at") | {"actor": _actor(actor), "person": person}


def _decision_facts(decision: dict[str, Any]) -> tuple[int, str, str]:
    return decision["draft_version"], decision["person"], decision["decision"]


def incident_document(connection: Connection, incident_id: str) -> dict[str, Any]:
    """The incident as `IncidentPublic` shows it, as plain data: its fields, in its order."""
    key = {"incident_id": incident_id}
    row = _INCIDENT_RAW.first(connection, key)
    if row is None:
        raise Problem(404, f"incident {incident_id} not found", code="not_found")
    incident = _with_utc(
        row, "created_at", "updated_at", "closed_at", "publish_at", "first_seen_at"
    )
    draft = _latest_draft(incident)
    decisions = [_decision(d) for d in _DECISIONS_RAW.rows(connection, key)]
    # The workflow's rule: the current version only, each person by their latest decision.
    current = draft["version"] if draft else -1
    incident.update(
        draft=draft,
        decisions=decisions,
        approvals=standing_approvals(decisions, current, _decision_facts),
        publications=[_with_utc(p, "at") for p in _PUBLICATIONS_RAW.rows(connection, key)],
        # Columns a fresh report leaves empty.
        risk_factors=incident["risk_factors"] or [],
        topics=incident["topics"] or [],
        source_urls=incident["source_urls"] or [],
        deadlines=incident["deadlines"] or {},
        reporter=_actor(incident["reporter"]) if incident["reporter"] else None,
        media=[media_document(m) for m in _MEDIA_RAW.rows(connection, key)],
    )
    return {name: incident[name] for name in IncidentPublic.model_fields}


def incident_public(connection: Connection, incident_id: str) -> IncidentPublic:
    return IncidentPublic.model_validate(incident_document(connection, incident_id))


def get_incident(engine: Engine, incident_id: str) -> IncidentPublic:
    with engine.connect() as connection:
        return incident_public(connection, incident_id)


def _encode_cursor(item: IncidentSummary) -> str:
    raw = json.dumps([item.created_at.isoformat(), item.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        created, incident_id = json.loads(base64.urlsafe_b64decode(padded))
        if not isinstance(incident_id, str) or not incident_id.isprintable():
            raise ValueError("not an incident id")  # NUL would be a 500 on PostgreSQL
        return datetime.fromisoformat(created), incident_id
    except (ValueError, TypeError):
        raise Problem(
            422,
            "cursor: not a cursor this API returned",
            code="invalid_request",
            errors=[{"field": "cursor", "message": "malformed"}],
        ) from None


_LIKE_ESCAPE = "\\"


def _containing(text: str) -> str:
    """A LIKE pattern matching `text` literally anywhere: `%` and `_` in what people search
    for are characters, not wildcards (a search for "%" must not list every incident)."""
    for special in (_LIKE_ESCAPE, "%", "_"):
        text = text.replace(special, _LIKE_ESCAPE + special)
    return f"%{text}%"


def list_incidents(
    engine: Engine,
    *,
    stage: str | None,
    severity: str | None,
    q: str | None,
    limit: int,
    cursor: str | None,
) -> IncidentPage:
    query = page_query(stage=stage, severity=severity, q=q, limit=limit, cursor=cursor)
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    items = [
        IncidentSummary.model_validate(_with_utc(r._asdict(), "created_at", "updated_at"))
        for r in rows[:limit]
    ]
    more = len(rows) > limit
    return IncidentPage(items=items, next_cursor=_encode_cursor(items[-1]) if more else None)


def page_query(
    *, stage: str | None, severity: str | None, q: str | None, limit: int, cursor: str | None
) -> sa.Select[Any]:
    """One page of incidents, newest first, and one more row to tell whether another follows."""
    query = sa.select(*_shown(_incidents, IncidentSummary))
    if stage:
        query = query.where(_incidents.c.stage == stage)
    if severity:
        query = query.where(_incidents.c.severity == severity)
    if q:
        pattern = _containing(q.lower())
        query = query.where(
            or_(
                _incidents.c.claim.ilike(pattern, escape=_LIKE_ESCAPE),
                _incidents.c.normalized_claim.like(pattern, escape=_LIKE_ESCAPE),
            )
        )
    if cursor:
        created, incident_id = _decode_cursor(cursor)
        # A row value, so the (…, created_at, id) indexes seek straight to the page: each page
        # costs its own rows, not the rows before it (an OR of the two conditions scanned them).
        query = query.where(
            sa.tuple_(_incidents.c.created_at, _incidents.c.id) < sa.tuple_(created, incident_id)
        )
    order = (_incidents.c.created_at.desc(), _incidents.c.id.desc())
    return query.order_by(*order).limit(limit + 1)


def timeline(engine: Engine, incident_id: str, clock: LocalClock) -> list[TimelineEventPublic]:
    """The events, oldest first, each summary said for `clock`'s reader: the workflow's, and
    the chain of custody of the incident's media (who uploaded or downloaded which file)."""
    with Session(engine) as session:
        if session.get(Incident, incident_id) is None:
            raise Problem(404, f"incident {incident_id} not found", code="not_found")
        rows = session.exec(
            select(TimelineEvent)
            .where(TimelineEvent.incident_id == incident_id)
            .order_by(col(TimelineEvent.seq))
        ).all()
        custody = session.exec(
            select(MediaCustody)
            .where(MediaCustody.incident_id == incident_id)
            .order_by(col(MediaCustody.at), col(MediaCustody.id))
        ).all()
    events = [
        TimelineEventPublic(
            id=r.id,
            incident_id=r.incident_id,
            at=utc(r.at),
            type=r.type,
            stage=r.stage,
            actor=ActorPublic(kind=r.actor_kind, id=r.actor_id, name=r.actor_name),
            summary=event_summary(r.type, r.data or {}, clock, r.summary),
            data=r.data or {},
        )
        for r in rows
    ]
    return _with_custody(events, custody, clock)


def _with_custody(
    events: list[TimelineEventPublic], custody: Sequence[MediaCustody], clock: LocalClock
) -> list[TimelineEventPublic]:
    """Custody entries in time order among the workflow's events, each in the stage of the
    event before it."""
    merged = list(events)
    for c in custody:
        at = utc(c.at)
        place = next((i for i, e in enumerate(merged) if e.at > at), len(merged))
        stage = merged[place - 1].stage if place else "reported"
        kind = f"media_{c.action}"
        data = {"media_id": c.media_id, "sha256": c.sha256}
        actor = c.actor or {}
        merged.insert(
            place,
            TimelineEventPublic(
                id=f"{c.incident_id}:media:{c.id}",
                incident_id=c.incident_id,
                at=at,
                type=kind,
                stage=stage,
                actor=ActorPublic(
                    kind=actor.get("kind", "api_key"),
                    id=actor.get("id", ""),
                    name=actor.get("name", ""),
                ),
                summary=event_summary(kind, data, clock, ""),
                data=data,
            ),
        )
    return merged
