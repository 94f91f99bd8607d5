"""Triage: risk score with reasons, the open incident a claim duplicates, the archived
counter-statement it recycles."""

from __future__ import annotations

import dataclasses

from sqlalchemy import Engine
from sqlmodel import Session, select
from temporalio import activity

from activities.types import ArchiveMatch, TriageRequest, TriageResult
from core.db import utc
from core.detection.archive import find_in_archive
from core.detection.matching import similarity
from core.detection.text import terms
from core.domain import MediaType, Stage
from core.policy import Policy
from core.tables import Incident
from core.triage import assess

# Open incidents are few (they close within days); the archive is the large set and is indexed.
_OPEN_WINDOW = 2000


def find_open_duplicate(
    session: Session, incident_id: str, normalized: str, threshold: float
) -> tuple[str | None, float]:
    rows = session.exec(
        select(Incident.id, Incident.normalized_claim)
        .where(
            Incident.stage != Stage.CLOSED.value,
            Incident.id != incident_id,
            Incident.normalized_claim != "",
        )
        .order_by(Incident.created_at.desc())  # type: ignore[attr-defined]
        .limit(_OPEN_WINDOW)
    ).all()
    wanted = terms(normalized)
    best: tuple[str | None, float] = (None, 0.0)
    for other_id, other_claim in rows:
        score = similarity(wanted, terms(other_claim))  # terms are cached across triages
        if score >= threshold and score > best[1]:
            best = (other_id, score)
    return best


def find_archive_match(session: Session, normalized: str, threshold: float) -> ArchiveMatch | None:
    hit = find_in_archive(session, normalized, threshold)
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
    )


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
        with Session(self._engine) as session:
            duplicate_of, score = find_open_duplicate(
                session,
                request.incident_id,
                assessment.normalized_claim,
                thresholds.duplicate_threshold,
            )
            archived = find_archive_match(
                session, assessment.normalized_claim, thresholds.archive_threshold
            )
        return TriageResult(
            normalized_claim=assessment.normalized_claim,
            language=assessment.language,
            risk_score=assessment.risk_score,
            severity=self._policy.severity_for(assessment.risk_score).value,
            factors=[dataclasses.asdict(f) for f in assessment.factors],
            topics=assessment.topics,
            duplicate_of=duplicate_of,
            duplicate_similarity=round(score, 3),
            archive_match=archived,
        )
