"""The searchable media: archived items (recycled hoaxes) and the organisation's official
media, found by fingerprint keys.

A lookup reads the items sharing a key with the query (`media_keys`' primary key is the lookup
path), keeps the few sharing most keys, and compares only those: the cost follows the items a
key points to, not the number of items.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import insert
from sqlmodel import Session, col, select

from core.media.fingerprints import compare, from_json, index_keys, probe_keys
from core.media.tables import MediaItem, MediaKey
from core.media.types import Fingerprint, MediaSimilarity

_CANDIDATES = 200
_KEYS_PER_QUERY = 500  # bound parameters per statement, well under SQLite's limit


@dataclass(frozen=True)
class Found:
    item: MediaItem
    similarity: MediaSimilarity


def make_searchable(session: Session, item: MediaItem, fingerprint: Fingerprint) -> None:
    """Index an archived or official item (idempotent: its keys are its primary keys)."""
    known = set(session.exec(select(MediaKey.key).where(MediaKey.media_id == item.id)).all())
    rows = [{"key": k, "media_id": item.id} for k in sorted(index_keys(fingerprint) - known)]
    if rows:
        session.execute(insert(MediaKey), rows)


def search(session: Session, fingerprint: Fingerprint) -> list[Found]:
    """Archived and official items that are the same media as `fingerprint`, best first."""
    keys = sorted(probe_keys(fingerprint))
    shared: Counter[str] = Counter()
    for start in range(0, len(keys), _KEYS_PER_QUERY):
        batch = keys[start : start + _KEYS_PER_QUERY]
        shared.update(
            session.exec(select(MediaKey.media_id).where(col(MediaKey.key).in_(batch))).all()
        )
    if not shared:
        return []
    ids = [media_id for media_id, _ in shared.most_common(_CANDIDATES)]
    items = session.exec(select(MediaItem).where(col(MediaItem.id).in_(ids))).all()
    found = []
    for item in items:
        if item.fingerprint is None or item.kind != fingerprint.kind.value:
            continue
        # Official pictures are looked at more closely: an altered copy is further off.
        loose = item.official_title is not None
        similarity = compare(fingerprint, from_json(item.fingerprint), loose=loose)
        if similarity is not None:
            found.append(Found(item, similarity))
    return sorted(found, key=lambda f: (-f.similarity.score, f.item.id))


def archive_incident_media(session: Session, incident_id: str, archive_id: int) -> None:
    """A published incident's media join the archive with its klarifikasi."""
    items = session.exec(
        select(MediaItem).where(
            MediaItem.incident_id == incident_id, col(MediaItem.archive_id).is_(None)
        )
    ).all()
    for item in items:
        item.archive_id = archive_id
        session.add(item)
        if item.fingerprint is not None:
            make_searchable(session, item, from_json(item.fingerprint))
