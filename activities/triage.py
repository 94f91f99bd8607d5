"""Triage: risk score with reasons, and the link to an open incident the claim duplicates."""

from __future__ import annotations

import dataclasses

from sqlalchemy import Engine
from sqlmodel import Session, select
from temporalio import activity

from activities.types import TriageRequest, TriageResult
from core.domain import MediaType, Stage
from core.policy import Policy
from core.tables import Incident
from core.triage import assess, similarity

# The first pass compares against the most recent open incidents; the detection issue indexes it.
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
    best: tuple[str | None, float] = (None, 0.0)
    for other_id, other_claim in rows:
        score = similarity(normalized, other_claim)
        if score >= threshold and score > best[1]:
            best = (other_id, score)
    return best


class TriageActivities:
    def __init__(self, engine: Engine, policy: Policy) -> None:
        self._engine = engine
        self._policy = policy

    @activity.defn(name="triage_incident")
    def triage_incident(self, request: TriageRequest) -> TriageResult:
        media = MediaType(request.media_type) if request.media_type else None
        assessment = assess(request.claim, request.reach, media, self._policy)
        with Session(self._engine) as session:
            duplicate_of, score = find_open_duplicate(
                session,
                request.incident_id,
                assessment.normalized_claim,
                self._policy.triage.duplicate_threshold,
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
        )
