"""The executive brief and the decision dossier, composed from the incident and its timeline."""

from __future__ import annotations

from typing import Any

from api.pages.i18n import translator
from api.pages.stages import now_utc, stage_bars
from api.schemas import DraftPublic, IncidentPublic, TimelineEventPublic
from core.domain import Resolution, Severity, Stage, Verdict
from core.local_time import LocalClock, duration
from core.words.labels import label
from core.words.media import credentials_line, match_line

# Edits after the first version, voided approvals, the decisions that sent a draft back, and
# corrections or retractions of a published klarifikasi.
CORRECTION_EVENTS = {
    "draft_version",
    "approvals_voided",
    "reject",
    "request_changes",
    "correction_proposed",
    "retraction_requested",
}


def executive_brief(
    incident: IncidentPublic, events: list[TimelineEventPublic], clock: LocalClock
) -> list[str]:
    """Four or five sentences a leader can read between meetings."""
    lang = clock.lang
    t = translator(lang)
    now = now_utc()
    bars = stage_bars(incident, events)
    breached = [label(Stage, b.stage, lang) for b in bars if b.breached(now)]
    lines = [
        f"{incident.id} · {t('severity')}: {label(Severity, incident.severity, lang)} · "
        f"{t('risk')}: {incident.risk_score if incident.risk_score is not None else '—'}",
        f"{t('claim')}: {incident.claim[:280]}",
        f"{t('stage')}: {label(Stage, incident.stage, lang)}"
        + (
            f" ({t('resolution')}: {label(Resolution, incident.resolution, lang)})"
            if incident.resolution
            else ""
        )
        + (
            f" · {t('verdict')}: {label(Verdict, incident.verdict, lang)}"
            if incident.verdict
            else ""
        ),
    ]
    if incident.approvals:
        names = ", ".join(a.actor.name for a in incident.approvals)
        lines.append(f"{t('approvals')}: {names}")
    published = [p for p in incident.publications if p.status == "published"]
    if published:
        took = (min(p.at for p in published) - incident.created_at).total_seconds()
        links = ", ".join(p.url or p.channel for p in published)
        lines.append(
            f"{t('publications')}: {links} ({t('published_after')} {duration(took, lang)})"
        )
    lines.append(
        f"{t('breached')}: {', '.join(breached)}" if breached else f"SLA: {t('within_sla')}"
    )
    return lines


def _draft(draft: DraftPublic) -> dict[str, Any]:
    return {
        "version": draft.version,
        "hash": draft.hash,
        "title": draft.title,
        "language": draft.language,
        "author": draft.author.name,
        "created_at": draft.created_at.isoformat(),
    }


def decision_dossier(
    incident: IncidentPublic,
    events: list[TimelineEventPublic],
    drafts: list[DraftPublic],
    organization: str,
    clock: LocalClock,
) -> dict[str, Any]:
    """Who approved which exact version when, SLA per stage, channels and links, corrections."""
    now = now_utc()
    return {
        "organization": organization,
        "generated_at": now.isoformat(),
        "language": clock.lang,
        "timezone": clock.zone,
        "incident": {
            "id": incident.id,
            "claim": incident.claim,
            "platform": incident.platform,
            "severity": incident.severity,
            "risk_score": incident.risk_score,
            "topics": incident.topics,
            "verdict": incident.verdict,
            "stage": incident.stage,
            "resolution": incident.resolution,
            "reported_by": incident.reporter.name if incident.reporter else None,
            "reported_at": incident.created_at.isoformat(),
            "closed_at": incident.closed_at.isoformat() if incident.closed_at else None,
        },
        "brief": executive_brief(incident, events, clock),
        "decisions": [
            {
                "decision": d.decision,
                "by": d.actor.name,
                "actor_id": d.actor.id,
                "draft_version": d.draft_version,
                "draft_hash": d.draft_hash,
                "reason": d.reason,
                "at": d.at.isoformat(),
            }
            for d in incident.decisions
        ],
        "drafts": [_draft(d) for d in drafts],
        "final_text": (
            {"title": incident.draft.title, "body": incident.draft.body} if incident.draft else None
        ),
        "sla": [
            {
                "stage": bar.stage,
                "started_at": bar.started_at.isoformat(),
                "ended_at": bar.ended_at.isoformat() if bar.ended_at else None,
                "minutes": round(bar.minutes(now), 1),
                "sla_minutes": bar.sla_minutes,
                "within_sla": None if bar.sla_minutes is None else not bar.breached(now),
            }
            for bar in stage_bars(incident, events)
        ],
        "publications": [
            {
                "channel": p.channel,
                "operation": p.operation,
                "status": p.status,
                "url": p.url,
                "draft_version": p.draft_version,
                "at": p.at.isoformat(),
                "error": p.error,
            }
            for p in incident.publications
        ],
        # The evidence, each file by its SHA-256, and who touched it (chain of custody).
        "media": [
            {
                "id": m.id,
                "kind": m.kind,
                "mime": m.mime,
                "bytes": m.bytes,
                "sha256": m.sha256,
                "uploaded_by": m.uploaded_by.name if m.uploaded_by else None,
                "uploaded_at": m.uploaded_at.isoformat(),
                "note": m.note,
                "matches": [match_line(match, clock.lang) for match in m.matches],
                "credentials": credentials_line(m.content_credentials, clock.lang),
                "custody": [
                    {"at": e.at.isoformat(), "by": e.actor.name, "type": e.type}
                    for e in events
                    if e.type in ("media_uploaded", "media_downloaded")
                    and e.data.get("media_id") == m.id
                ],
            }
            for m in incident.media
        ],
        "corrections": [
            {"at": e.at.isoformat(), "by": e.actor.name, "type": e.type, "summary": e.summary}
            for e in events
            if e.type in CORRECTION_EVENTS
            and not (e.type == "draft_version" and e.data.get("version") == 1)
        ],
    }
