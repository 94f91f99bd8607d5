"""Triage: risk score with reasons, the open incident a claim duplicates, the archived
counter-statement it recycles."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select
from temporalio import activity

from activities.types import ArchiveMatch, TriageRequest, TriageResult
from core.db import utc
from core.detection.archive import ArchiveHit, search_archive
from core.detection.entities import Known, slots
from core.detection.matching import duplicate_match
from core.detection.officials import known_entities
from core.detection.tables import ArchivedClaim
from core.domain import MediaType, Stage
from core.media.risk import best_archive_match, media_factors, strongest_media
from core.media.tables import MediaItem
from core.policy import Policy
from core.tables import Incident
from core.triage import assess

# Open incidents are few (they close within days); the archive is the large set and is indexed.
_OPEN_WINDOW = 2000


@dataclasses.dataclass(frozen=True)
class OpenDuplicate:
    incident_id: str | None
    similarity: float
    template_of: str | None = None  # the best open incident on the same template, other entity


def find_open_duplicate(
    session: Session,
    incident_id: str,
    normalized: str,
    threshold: float,
    known: Known = (),
    not_duplicate_of: tuple[str, ...] = (),
) -> OpenDuplicate:
    rows = session.exec(
        select(Incident.id, Incident.normalized_claim)
        .where(
            Incident.stage != Stage.CLOSED.value,
            col(Incident.id).not_in((incident_id, *not_duplicate_of)),
            Incident.normalized_claim != "",
        )
        .order_by(Incident.created_at.desc())  # type: ignore[attr-defined]
        .limit(_OPEN_WINDOW)
    ).all()
    mine = slots(normalized, known)
    best: tuple[str | None, float] = (None, 0.0)
    template: tuple[str | None, float] = (None, 0.0)
    for other_id, other_claim in rows:
        # Terms and slots are cached across triages.
        other = slots(other_claim, known)
        score, differs = duplicate_match(normalized, other_claim, mine, other, threshold)
        if score < threshold or score <= best[1]:
            continue
        if differs is None:
            best = (other_id, score)
        elif score > template[1]:
            template = (other_id, score)
    refused = template[0] if template[1] > best[1] else None
    return OpenDuplicate(best[0], best[1], refused)


def find_archive_match(
    session: Session, normalized: str, threshold: float, known: Known = ()
) -> tuple[ArchiveMatch | None, ArchiveMatch | None]:
    """The archived counter-statement the claim recycles, and the best one on the same
    template with another entity."""
    found = search_archive(session, normalized, threshold, known)
    return _match(found.hit), _match(found.template)


def _media_match(session: Session, found: Mapping[str, Any]) -> ArchiveMatch | None:
    """The archived klarifikasi whose media an upload is the same as."""
    row = session.get(ArchivedClaim, found["archive_id"])
    if row is None:
        return None
    hit = ArchiveHit(row, float(found.get("similarity") or 0))
    match = _match(hit)
    return dataclasses.replace(match, media_id=str(found["upload"])) if match else None


def _match(hit: ArchiveHit | None) -> ArchiveMatch | None:
    if hit is None or hit.claim.id is None:
        return None
    row, archive_id = hit.claim, hit.claim.id
    return ArchiveMatch(
        archive_id=archive_id,
        claim=row.claim,
        title=row.title,
        body=row.body,
        language=row.language,
        similarity=round(hit.similarity, 3),
        verdict=row.verdict,
        url=row.url,
        # The moment: its date is the organisation's, which the drafting activity knows.
        published_at=utc(row.published_at).isoformat() if row.published_at else None,
        entity_differs=hit.conflict.describe() if hit.conflict is not None else None,
    )


def _judged_not_duplicate_of(session: Session, split_from: str | None) -> tuple[str, ...]:
    """A report split off a wrong duplicate is not a duplicate of the incident it was joined
    to (nor of the closed report it came from)."""
    if split_from is None:
        return ()
    joined_to = session.exec(select(Incident.duplicate_of).where(Incident.id == split_from)).first()
    return (split_from, joined_to) if joined_to else (split_from,)


class TriageActivities:
    def __init__(self, engine: Engine, policy: Policy) -> None:
        self._engine = engine
        self._policy = policy

    @activity.defn(name="triage_incident")
    def triage_incident(self, request: TriageRequest) -> TriageResult:
        media = MediaType(request.media_type) if request.media_type else None
        assessment = assess(
            request.claim,
            request.reach,
            media,
            self._policy,
            request.source_urls,
            request.growth_per_hour,
        )
        thresholds = self._policy.triage
        known = known_entities(self._policy.organization)
        with Session(self._engine) as session:
            duplicate = find_open_duplicate(
                session,
                request.incident_id,
                assessment.normalized_claim,
                thresholds.duplicate_threshold,
                known,
                _judged_not_duplicate_of(session, request.split_from),
            )
            archived, template = find_archive_match(
                session, assessment.normalized_claim, thresholds.archive_threshold, known
            )
        return TriageResult(
            normalized_claim=assessment.normalized_claim,
            language=assessment.language,
            risk_score=assessment.risk_score,
            severity=self._policy.severity_for(assessment.risk_score).value,
            factors=[f.stored(self._policy.organization.language) for f in assessment.factors],
            topics=assessment.topics,
            duplicate_of=duplicate.incident_id,
            duplicate_similarity=round(duplicate.similarity, 3),
            archive_match=archived,
            archive_template=template,
            duplicate_template_of=duplicate.template_of,
        )

    @activity.defn(name="rescore_with_media")
    def rescore_with_media(self, request: TriageRequest) -> TriageResult:
        """Triage again with the incident's media: the strongest media kind, a declared AI
        generation, an altered copy of official media; and the archived klarifikasi whose
        media an upload recycles."""
        with Session(self._engine) as session:
            rows = session.exec(
                select(MediaItem).where(MediaItem.incident_id == request.incident_id)
            ).all()
            items = [{"id": r.id, "credentials": r.credentials, "matches": r.matches} for r in rows]
            recycled = best_archive_match(items)
            archived = _media_match(session, recycled) if recycled else None
        reported = MediaType(request.media_type) if request.media_type else None
        assessment = assess(
            request.claim,
            request.reach,
            strongest_media(reported, [r.kind for r in rows]),
            self._policy,
            request.source_urls,
            request.growth_per_hour,
        )
        factors = assessment.factors + media_factors(items)
        score = max(0, min(100, sum(f.points for f in factors)))
        return TriageResult(
            normalized_claim=assessment.normalized_claim,
            language=assessment.language,
            risk_score=score,
            severity=self._policy.severity_for(score).value,
            factors=[f.stored(self._policy.organization.language) for f in factors],
            topics=assessment.topics,
            archive_match=archived,
        )
