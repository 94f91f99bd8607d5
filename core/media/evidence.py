"""Taking one media file as evidence: what it is, its hash, fingerprint and content
credentials, what archived or official media it matches, kept in the locker, recorded with
the chain of custody. Blocking work (decoding, ffmpeg, hashing): callers run it off the event
loop.
"""

from __future__ import annotations

import dataclasses
import secrets
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from core.db import utc
from core.detection.tables import ArchivedClaim
from core.domain import Actor
from core.incident_row import actor_json
from core.media.altered import locate_alteration
from core.media.catalogue import Found, make_searchable, search
from core.media.credentials import read_credentials
from core.media.facts import examine
from core.media.fingerprints import fingerprint, near_enough, to_json
from core.media.locker import Locker, sha256_of
from core.media.tables import MediaCustody, MediaItem
from core.media.types import Fingerprint, MediaKind

_SHOWN_MATCHES = 5


@dataclass(frozen=True)
class Examined:
    """A file read through: not yet kept nor recorded."""

    item: MediaItem
    fingerprint: Fingerprint


def new_media_id() -> str:
    return "MD-" + secrets.token_hex(6).upper()


def examine_file(
    path: Path, max_bytes: int, actor: Actor, note: str | None, sha256: str | None = None
) -> Examined:
    """What the file is and how it is fingerprinted; `MediaRefused` if Tangkal does not take it.
    `sha256`: the file's, if the caller hashed it already."""
    facts = examine(path, max_bytes=max_bytes)
    prints = fingerprint(path, facts)
    credentials = read_credentials(path, facts.mime)
    item = MediaItem(
        id=new_media_id(),
        sha256=sha256 or sha256_of(path),
        kind=facts.kind.value,
        mime=facts.mime,
        bytes=path.stat().st_size,
        width=facts.width,
        height=facts.height,
        duration_s=facts.duration_s,
        note=note,
        credentials=dataclasses.asdict(credentials),
        fingerprint=to_json(prints),
        taken_by=actor_json(actor),
        created_at=datetime.now(UTC),
    )
    return Examined(item, prints)


def upload(
    engine: Engine,
    locker: Locker,
    path: Path,
    *,
    incident_id: str,
    actor: Actor,
    note: str | None,
    max_bytes: int,
    sha256: str | None = None,
) -> MediaItem:
    """An incident's new evidence: examined, matched, kept, and its upload in the custody log."""
    examined = examine_file(path, max_bytes, actor, note, sha256)
    return keep(engine, locker, path, examined, incident_id=incident_id, actor=actor)


def keep(
    engine: Engine,
    locker: Locker,
    path: Path,
    examined: Examined,
    *,
    incident_id: str,
    actor: Actor,
) -> MediaItem:
    """A file already examined (`examine_file`) as the incident's evidence: matched, kept, and
    its upload in the custody log. The report form examines before the incident exists."""
    item = examined.item
    with Session(engine) as session:
        found = search(session, examined.fingerprint)
        shown = [_match_json(session, locker, f, path) for f in found]
        item.matches = [m for m in shown if m is not None][:_SHOWN_MATCHES]
        locker.put(path, item.sha256)
        item.incident_id = incident_id
        session.add(item)
        session.add(custody(item, "uploaded", actor))
        session.commit()
        session.refresh(item)
    return item


def custody(item: MediaItem, action: str, actor: Actor) -> MediaCustody:
    assert item.incident_id is not None
    return MediaCustody(
        incident_id=item.incident_id,
        media_id=item.id,
        action=action,
        sha256=item.sha256,
        actor=actor_json(actor),
        at=datetime.now(UTC),
    )


def register(
    engine: Engine,
    locker: Locker,
    path: Path,
    *,
    actor: Actor,
    max_bytes: int,
    official_title: str | None = None,
    archive_id: int | None = None,
    note: str | None = None,
) -> MediaItem:
    """An official item of the organisation, or media archived with a klarifikasi: kept and
    made searchable. The same file registered again is the row it already has."""
    examined = examine_file(path, max_bytes, actor, note)
    item = examined.item
    with Session(engine) as session:
        same = select(MediaItem).where(
            MediaItem.sha256 == item.sha256,
            col(MediaItem.incident_id).is_(None),
            MediaItem.archive_id == archive_id,
            MediaItem.official_title == official_title,
        )
        if (existing := session.exec(same).first()) is not None:
            return existing
        locker.put(path, item.sha256)
        item.official_title, item.archive_id, item.matches = official_title, archive_id, []
        session.add(item)
        session.flush()
        make_searchable(session, item, examined.fingerprint)
        session.commit()
        session.refresh(item)
    return item


def _match_json(
    session: Session, locker: Locker, found: Found, upload_path: Path
) -> dict[str, Any] | None:
    """The match as the incident shows it; None for an official picture found loosely whose
    closer look finds no local change (another picture of the same scene)."""
    stored, similarity = found.item, found.similarity
    match: dict[str, Any] = {
        "media_id": stored.id,
        "sha256": stored.sha256,
        "similarity": round(similarity.score, 3),
        "where": similarity.where,
    }
    if stored.official_title is not None:
        match |= {"scope": "official", "title": stored.official_title, "altered": None}
        if stored.kind == MediaKind.IMAGE.value:
            match["altered"] = _alteration(locker, stored.sha256, upload_path)
            if match["altered"] is None and not near_enough(similarity):
                return None
        return match
    archived = session.get(ArchivedClaim, stored.archive_id) if stored.archive_id else None
    match |= {"scope": "archive", "archive_id": stored.archive_id}
    if archived is not None:
        published = utc(archived.published_at).isoformat() if archived.published_at else None
        match |= {"title": archived.title, "url": archived.url, "verdict": archived.verdict}
        match |= {"published_at": published}
    return match


def _alteration(locker: Locker, official_sha: str, upload_path: Path) -> dict[str, Any] | None:
    with locker.local(official_sha) as official:
        found = locate_alteration(official, upload_path)
    if found is None:
        return None
    difference = None
    if found.difference_png:
        with tempfile.NamedTemporaryFile(suffix=".png") as f:
            f.write(found.difference_png)
            f.flush()
            difference = sha256_of(Path(f.name))
            locker.put(Path(f.name), difference)
    return {
        "box": list(found.box),
        "changed_share": round(found.changed_share, 4),
        "difference_sha256": difference,
    }
