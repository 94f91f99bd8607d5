"""What the verification and approval cards show, derived from the incident's state.

The record compares these with what was last shown and queues a rewrite when they differ, so
every decision, edit and stage change reaches the card without each handler remembering to.
"""

from __future__ import annotations

from dataclasses import replace

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.types import Card, IncidentRules
    from core.approval import count_approvals
    from core.domain import Audience, Decision, Stage
    from workflows.legacy.record import IncidentRecord


def build_cards(record: IncidentRecord, rules: IncidentRules) -> list[Card]:
    snap = record.snapshot
    if "verification" not in snap.deadlines:
        return []  # still in triage, or closed as a duplicate before anyone was asked
    verification = snap.verification or {}
    asking = Card(
        incident_id=record.id,
        audience=Audience.VERIFICATION,
        stage=snap.stage,
        claim=snap.claim,
        open=record.stage == Stage.VERIFICATION,
        status=_verification_status(record),
        platform=snap.report.platform,
        reach=snap.report.reach,
        source_urls=list(snap.report.source_urls),
        risk_score=snap.risk_score,
        severity=snap.severity,
        factors=list(snap.risk_factors),
        due_at=snap.deadlines["verification"]["due_at"],
        verdict=snap.verdict,
        summary=verification.get("summary"),
        evidence_urls=list(verification.get("evidence_urls", [])),
    )
    draft = record.draft
    if draft is None or not snap.severity:
        return [asking]
    rules_now = rules.severities[snap.severity]
    counted = count_approvals(record.decisions, draft, rules_now, record.per_version_approvals)
    approving = replace(
        asking,
        audience=Audience.APPROVAL,
        open=record.stage == Stage.APPROVAL,
        status=_approval_status(record, counted.describe()),
        due_at=snap.deadlines.get("approval", {}).get("due_at"),
        draft_title=draft.title,
        draft_body=draft.body,
        draft_version=draft.version,
        draft_hash=draft.hash,
        draft_language=draft.language,
        approved_by=[actor.name for actor in counted.approvers],
        approvals_needed=counted.needed,
        tally=counted.describe(),
    )
    return [asking, approving]


def _verification_status(record: IncidentRecord) -> str:
    snap = record.snapshot
    if snap.verdict:
        by = (snap.verification or {}).get("verified_by", "")
        return f"Verdict: {snap.verdict} (oleh {by})"
    if record.closed:
        return f"Ditutup: {snap.resolution}"
    return "Menunggu verifikasi"


def _approval_status(record: IncidentRecord, counted: str) -> str:
    stage, snap = record.stage, record.snapshot
    last = record.decisions[-1] if record.decisions else None
    if stage == Stage.APPROVAL:
        return f"Menunggu persetujuan: {counted}"
    if stage == Stage.DRAFTING and last is not None and last.decision != Decision.APPROVE:
        return f"{last.decision} oleh {last.actor.name}: {last.reason}"
    if stage == Stage.PUBLISHING:
        return "Disetujui, sedang diterbitkan"
    if stage == Stage.MONITORING or snap.resolution == "published":
        return "Klarifikasi terbit"
    if record.closed:
        return f"Ditutup: {snap.resolution}"
    return f"Tahap {stage.value}"
