"""What the verification and approval cards show, derived from the incident's state.

The writer compares these with what was last shown and sends a rewrite when they differ, so
every decision, edit and stage change reaches the card without each handler remembering to.
"""

from __future__ import annotations

from dataclasses import replace

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.types import Card, IncidentRules
    from core.domain import Audience, Decision, Stage
    from workflows.approval import tally
    from workflows.state import IncidentState


def build_cards(state: IncidentState, rules: IncidentRules) -> list[Card]:
    asked = state.deadlines.get(Stage.VERIFICATION)
    if asked is None:
        return []  # still in triage, or closed as a duplicate before anyone was asked
    triage, verification = state.triage, state.verification
    asking = Card(
        incident_id=state.id,
        audience=Audience.VERIFICATION,
        stage=state.stage.value,
        claim=state.claim,
        open=state.stage == Stage.VERIFICATION,
        status=_verification_status(state),
        platform=state.report.platform,
        reach=state.report.reach,
        source_urls=list(state.report.source_urls),
        risk_score=triage.risk_score if triage else None,
        severity=state.severity,
        factors=list(triage.factors) if triage else [],
        due_at=asked.due_at.isoformat(),
        verdict=verification.verdict.value if verification else None,
        summary=verification.summary if verification else None,
        evidence_urls=list(verification.evidence_urls) if verification else [],
    )
    draft = state.draft
    if draft is None or not state.severity:
        return [asking]
    counted = tally(state.decisions, draft, rules.severities[state.severity])
    approval = state.deadlines.get(Stage.APPROVAL)
    approving = replace(
        asking,
        audience=Audience.APPROVAL,
        open=state.stage == Stage.APPROVAL,
        status=_approval_status(state, counted.describe()),
        due_at=approval.due_at.isoformat() if approval else None,
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


def _verification_status(state: IncidentState) -> str:
    if state.verification is not None:
        return f"Verdict: {state.verification.verdict.value} (oleh {state.verification.by.name})"
    if state.closed:
        return f"Ditutup: {state.resolution}"
    return "Menunggu verifikasi"


def _approval_status(state: IncidentState, counted: str) -> str:
    stage = state.stage
    last = state.decisions[-1] if state.decisions else None
    if stage == Stage.APPROVAL:
        return f"Menunggu persetujuan: {counted}"
    if stage == Stage.DRAFTING and last is not None and last.decision != Decision.APPROVE:
        return f"{last.decision} oleh {last.actor.name}: {last.reason}"
    if stage == Stage.PUBLISHING:
        return "Disetujui, sedang diterbitkan"
    if stage == Stage.MONITORING or state.resolution == "published":
        return "Klarifikasi terbit"
    if state.closed:
        return f"Ditutup: {state.resolution}"
    return f"Tahap {stage.value}"
