"""`compose_digest`: the last 24 hours in numbers, worded for leadership (Bahasa Indonesia)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select
from temporalio import activity

from activities.digest_types import DigestRequest, DigestSummary
from core.policy import Policy
from core.tables import Incident, Publication, TimelineEvent

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
        local = end.astimezone(ZoneInfo(self._policy.organization.timezone))
        return DigestSummary(
            local_date=local.date().isoformat(),
            opened=int(opened),
            published=int(published),
            breaches=int(breaches),
            still_open=len(still_open),
            text=_wording(
                self._policy.organization.name,
                local,
                request.hours,
                opened,
                published,
                breaches,
                still_open,
            ),
            open_ids=[i.id for i in still_open],
        )


def _wording(
    organization: str,
    local: datetime,
    hours: int,
    opened: int,
    published: int,
    breaches: int,
    still_open: list[Incident],
) -> str:
    lines = [
        f"Ringkasan harian {organization} — {local:%d-%m-%Y %H:%M} ({hours} jam terakhir)",
        f"Dibuka: {opened} · Dipublikasikan: {published} · SLA terlampaui: {breaches} "
        f"· Masih terbuka: {len(still_open)}",
    ]
    for incident in still_open[:5]:
        lines.append(
            f"• {incident.id} [{incident.severity or '—'}] {incident.stage}: {incident.claim[:90]}"
        )
    if len(still_open) > 5:
        lines.append(f"… dan {len(still_open) - 5} lainnya")
    return "\n".join(lines)
