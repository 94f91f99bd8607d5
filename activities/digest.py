"""`compose_digest`: the last 24 hours in numbers, worded for leadership in the organisation's
language and time zone."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select
from temporalio import activity

from activities.digest_types import DigestRequest, DigestSummary
from core.domain import Severity, Stage
from core.local_time import LocalClock
from core.policy import Policy
from core.tables import Incident, Publication, TimelineEvent
from core.words import digest as words
from core.words.labels import label

SEVERITY_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3}


class DigestActivities:
    def __init__(self, engine: Engine, policy: Policy) -> None:
        self._engine = engine
        self._policy = policy

    @activity.defn(name="compose_digest")
    async def compose_digest(self, request: DigestRequest) -> DigestSummary:
        return await asyncio.to_thread(self._compose, request)

    def _compose(self, request: DigestRequest) -> DigestSummary:
        end = request.end
        start = end - timedelta(hours=request.hours)
        with Session(self._engine) as session:
            opened = session.exec(
                select(func.count())
                .select_from(Incident)
                .where(col(Incident.created_at) >= start, col(Incident.created_at) < end)
            ).one()
            published = session.exec(
                select(func.count(func.distinct(Publication.incident_id))).where(
                    Publication.status == "published",
                    Publication.operation == "publication",  # not corrections, retractions
                    col(Publication.at) >= start,
                    col(Publication.at) < end,
                )
            ).one()
            breaches = session.exec(
                select(func.count())
                .select_from(TimelineEvent)
                .where(
                    TimelineEvent.type == "sla_escalation",
                    col(TimelineEvent.at) >= start,
                    col(TimelineEvent.at) < end,
                )
            ).one()
            still_open = list(session.exec(select(Incident).where(Incident.stage != "closed")))
        still_open.sort(key=lambda i: (SEVERITY_RANK.get(i.severity or "", 9), i.created_at))
        organization = self._policy.organization
        clock = LocalClock(organization.timezone, organization.language)
        local = clock.local(end)
        return DigestSummary(
            local_date=local.date().isoformat(),
            opened=int(opened),
            published=int(published),
            breaches=int(breaches),
            still_open=len(still_open),
            text=_wording(
                organization.name,
                clock,
                end,
                request.hours,
                (int(opened), int(published), int(breaches)),
                still_open,
            ),
            open_ids=[i.id for i in still_open],
        )


def _wording(
    organization: str,
    clock: LocalClock,
    end: datetime,
    hours: int,
    counts: tuple[int, int, int],
    still_open: list[Incident],
) -> str:
    lang = clock.lang
    opened, published, breaches = counts
    lines = [
        words.HEADING.in_(lang, organization=organization, at=clock.moment(end), hours=hours),
        words.COUNTS.in_(
            lang, opened=opened, published=published, breaches=breaches, open=len(still_open)
        ),
    ]
    for incident in still_open[:5]:
        line = words.OPEN_LINE.in_(
            lang,
            id=incident.id,
            severity=label(Severity, incident.severity, lang),
            stage=label(Stage, incident.stage, lang),
            claim=incident.claim[:90],
        )
        lines.append(line)
    if len(still_open) > 5:
        lines.append(words.MORE.in_(lang, count=len(still_open) - 5))
    return "\n".join(lines)
