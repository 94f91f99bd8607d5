"""An item from a monitored source or a social-listening signal: seen once, scored, and above
the policy's threshold written as a reported incident (its workflow is started by the caller).

The item's (source, key) primary key is what makes an item open one incident at most, whoever
sees it and however often: a second sighting finds the row and stops.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from activities.types import Report
from core.db import session_scope, utc
from core.detection.archive import find_in_archive
from core.detection.officials import known_entities
from core.detection.tables import SourceItem
from core.domain import Actor, ActorKind, MediaType
from core.incident_ids import random_incident_id
from core.policy import Policy
from core.reports import new_incident
from core.tables import Incident
from core.text_hygiene import is_http_url, normalised
from core.triage import assess
from core.words.risk import MONITOR_NAME, MONITOR_NOTES, RECYCLED_NOTE

ARCHIVE_POINTS = 40  # a debunked hoax coming back is worth a look whatever its topic
MAX_CLAIM = 2000
MAX_COUNT = 2**31 - 1  # reach and growth: the read model's INTEGER columns (PostgreSQL int4)


@dataclass(frozen=True)
class MonitoredItem:
    key: str  # GUID, else URL, else a hash of the text
    text: str
    url: str | None = None
    reach: int | None = None
    growth_per_hour: int | None = None
    platform: str | None = None
    media_type: str | None = None


@dataclass(frozen=True)
class Admission:
    key: str
    status: Literal["opened", "seen", "below_threshold"]
    score: int
    incident_id: str | None = None
    notes: str | None = None  # why it was opened, as stored on the incident
    reported_at: datetime | None = None


def item_key(guid: str | None, url: str | None, text: str) -> str:
    if guid:
        return guid[:300]
    if url:
        return url[:300]
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def monitor_reporter(source: str, lang: str) -> Actor:
    """Who reports what a monitored source brought in: `monitor:<source>`, named for people."""
    return Actor(ActorKind.SYSTEM, f"monitor:{source}", MONITOR_NAME.in_(lang, source=source))


def watch_score(session: Session, item: MonitoredItem, policy: Policy) -> tuple[int, str | None]:
    """Risk score of the item, plus `ARCHIVE_POINTS` when it recycles an archived hoax; and
    the title of the klarifikasi it recycles."""
    media = MediaType(item.media_type) if item.media_type else None
    urls = [item.url] if item.url else []
    assessment = assess(item.text, item.reach, media, policy, urls, item.growth_per_hour)
    hit = find_in_archive(
        session,
        assessment.normalized_claim,
        policy.triage.archive_threshold,
        known_entities(policy.organization),
    )
    if hit is None:
        return assessment.risk_score, None
    return min(100, assessment.risk_score + ARCHIVE_POINTS), hit.claim.title


def _storable(item: MonitoredItem) -> MonitoredItem:
    """The item as the database can hold it, whoever built it: no control characters (the
    feed reader replaces them already, a signal is refused with them), no impossible counts."""
    return dataclasses.replace(
        item,
        key=normalised(item.key, ""),
        text=normalised(item.text),
        url=item.url if item.url is None or is_http_url(item.url) else None,
        reach=item.reach if item.reach is None or 0 <= item.reach <= MAX_COUNT else None,
        growth_per_hour=(
            item.growth_per_hour
            if item.growth_per_hour is None or 0 <= item.growth_per_hour <= MAX_COUNT
            else None
        ),
    )


def admit(
    engine: Engine, policy: Policy, source: str, item: MonitoredItem, threshold: int, now: datetime
) -> Admission:
    item = _storable(item)
    with Session(engine) as session:
        seen = session.get(SourceItem, (source, item.key))
        if seen is not None:
            return _resumed(session, seen) or Admission(item.key, "seen", seen.score)
        score, recycled = watch_score(session, item, policy)
    opened = score >= threshold
    incident_id = random_incident_id() if opened else None
    lang = policy.organization.language
    reporter = monitor_reporter(source, lang)
    # Why it was opened; its risk factors are the incident's own, shown beside the notes.
    said = [MONITOR_NOTES.in_(lang, source=source, score=score)]
    if recycled is not None:
        said.append(RECYCLED_NOTE.in_(lang, title=recycled, points=ARCHIVE_POINTS))
    notes = " ".join(said)
    try:
        with session_scope(engine) as session:
            session.add(
                SourceItem(
                    source=source,
                    item_key=item.key,
                    title=item.text[:500],
                    url=item.url,
                    score=score,
                    incident_id=incident_id,
                    seen_at=now,
                )
            )
            if incident_id is not None:
                _write_report(session, incident_id, item, reporter, notes, now)
    except IntegrityError:  # seen meanwhile by another poll or signal
        return Admission(item.key, "seen", score)
    if incident_id is None:
        return Admission(item.key, "below_threshold", score)
    return Admission(item.key, "opened", score, incident_id, notes, now)


def _resumed(session: Session, seen: SourceItem) -> Admission | None:
    """An item whose incident was written but whose workflow never reported back (the poll
    died in between) is opened again, under the same id, so its workflow gets started."""
    if seen.incident_id is None:
        return None
    row = session.get(Incident, seen.incident_id)
    if row is None or row.revision != 0:
        return None
    return Admission(seen.item_key, "opened", seen.score, row.id, row.notes, utc(row.created_at))


def _write_report(
    session: Session,
    incident_id: str,
    item: MonitoredItem,
    reporter: Actor,
    notes: str,
    now: datetime,
) -> None:
    report = Report(
        claim=item.text[:MAX_CLAIM],
        source_urls=[item.url] if item.url else [],
        platform=item.platform,
        reach=item.reach,
        media_type=item.media_type,
        notes=notes,
        growth_per_hour=item.growth_per_hour,
    )
    row, first_event = new_incident(incident_id, report, reporter, now)
    session.add(row)
    session.flush()  # the incident row before its first event, on every database
    session.add(first_event)
