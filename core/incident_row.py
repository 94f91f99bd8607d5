"""The one projection of a reported incident onto its row, and its first timeline entry.
Pure: the workflow imports it.

Every writer of a new incident (`core.reports.new_incident`: the API's report, a monitored
source, a signal) writes these before it starts the workflow, and the workflow's writes
start from the same projection (`workflows.outbox`), sending only what differs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from activities.types import Entry, Report
from core.domain import Actor, Stage


def actor_json(actor: Actor) -> dict[str, Any]:
    # `person`: so the status read counts each person once, as the workflow's tally does;
    # `roles`: so a card built from the stored decisions knows who may approve.
    return {
        "kind": actor.kind.value,
        "id": actor.id,
        "name": actor.name,
        "person": actor.who,
        "roles": [role.value for role in actor.roles],
    }


def report_row(incident_id: str, report: Report, reporter: Actor, at: datetime) -> dict[str, Any]:
    """The columns of a just-reported incident: what it was told, nothing found yet. Every
    column of `core.tables.Incident` but the writer's `revision` and `updated_at` (its test:
    tests/test_incident_shape.py)."""
    return {
        "id": incident_id,
        "stage": Stage.REPORTED.value,
        "resolution": None,
        "severity": None,
        "risk_score": None,
        "risk_factors": [],
        "topics": [],
        "claim": report.claim,
        "normalized_claim": "",
        "language": report.language,
        "platform": report.platform,
        "reach": report.reach,
        "growth_per_hour": report.growth_per_hour,
        "first_seen_at": report.first_seen_at,
        "media_type": report.media_type,
        "source_urls": list(report.source_urls),
        "notes": report.notes,
        "reporter": actor_json(reporter),
        "verdict": None,
        "verification": None,
        "draft_version": None,
        "duplicate_of": None,
        "split_from": report.split_from,
        "archive_match": None,
        "needs_attention": False,
        "notification_error": None,
        "publish_at": None,
        "deadlines": {},
        "created_at": at,
        "closed_at": None,
    }


def reported_entry(report: Report, reporter: Actor, at: datetime) -> Entry:
    """Entry 0 of every incident's timeline."""
    data = {"platform": report.platform, "reach": report.reach, "media_type": report.media_type}
    if report.split_from:
        data["split_from"] = report.split_from
    return Entry(0, "reported", Stage.REPORTED.value, "", reporter, data, at)
