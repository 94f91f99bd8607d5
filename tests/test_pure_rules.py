"""The incident's pure rules, tested directly, without a server: the approval tally, the SLA
deadlines, what an update must satisfy, and what the cards show."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from temporalio.exceptions import ApplicationError

from activities.types import (
    DecisionEntry,
    DraftVersion,
    IncidentRules,
    PublicationResult,
    Report,
    SeverityRules,
)
from core.approval import tally
from core.cards import build_cards
from core.domain import Actor, ActorKind, Role, Stage
from core.incident_row import report_row
from core.tables import Incident
from workflows import rules
from workflows.state import IncidentState
from workflows.types import (
    CancelInput,
    DecisionInput,
    IncidentInput,
    ScheduleInput,
    VerificationInput,
)

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
OFFICER = Actor(ActorKind.API_KEY, "k_officer", "Petugas", (Role.OFFICER,))
VERIFIER = Actor(ActorKind.API_KEY, "k_verifier", "Verifikator", (Role.VERIFIER, Role.APPROVER))
KABAG = Actor(ActorKind.API_KEY, "k_kabag", "Kabag", (Role.APPROVER,))
SEKDA = Actor(ActorKind.API_KEY, "k_sekda", "Sekda", (Role.APPROVER, Role.LEADER))
CRITICAL = SeverityRules(
    approvals=2,
    approver_roles=["leader"],
    sla_minutes={"triage": 5, "verification": 60, "drafting": 30, "approval": 30},
    monitoring_minutes=0,
)
LOW = SeverityRules(1, [], {"triage": 10, "verification": 240, "approval": 120}, 0)
RULES = IncidentRules({"critical": CRITICAL, "low": LOW}, [], ["source_traced"], "id")


def _draft(version: int = 1, author: Actor = VERIFIER) -> DraftVersion:
    return DraftVersion(version, f"hash{version}", "[HOAKS] Judul", "Isi", "id", author, NOW)


def _decision(n: int, actor: Actor, decision: str = "approve", version: int = 1) -> DecisionEntry:
    return DecisionEntry(f"d{n}", version, f"hash{version}", decision, None, actor, NOW)


def _state(stage: Stage) -> IncidentState:
    state = IncidentState(IncidentInput("TK-UNIT", Report("Klaim"), OFFICER, NOW))
    state.stage, state.rules = stage, RULES
    return state


def test_the_tally_counts_each_person_once_by_their_latest_decision_on_this_version() -> None:
    draft = _draft(2)
    decisions = [
        _decision(1, SEKDA, version=1),  # an approval of an earlier version does not count
        _decision(2, KABAG, version=2),
        _decision(3, KABAG, "request_changes", version=2),  # ... and is withdrawn
        _decision(4, KABAG, version=2),
    ]
    counted = tally(decisions, draft, CRITICAL)
    assert (counted.approvals, counted.satisfied) == (1, False)
    assert counted.describe() == "1/2 approvals, still needs one from: leader"
    counted = tally([*decisions, _decision(5, SEKDA, version=2)], draft, CRITICAL)
    assert counted.satisfied and [a.name for a in counted.approvers] == ["Kabag", "Sekda"]


def test_sla_deadlines_remind_half_way_and_triage_takes_the_strictest() -> None:
    due = rules.deadline(RULES, Stage.APPROVAL, "critical", NOW)
    assert due is not None
    assert (due.reminder_at, due.due_at) == (
        NOW + timedelta(minutes=15),
        NOW + timedelta(minutes=30),
    )
    triage = rules.deadline(RULES, Stage.TRIAGE, None, NOW)
    assert triage is not None and triage.sla_minutes == 5  # severity not known yet
    assert rules.deadline(RULES, Stage.MONITORING, "low", NOW) is None
    assert rules.deadline(None, Stage.APPROVAL, "low", NOW) is None


def test_decisions_are_refused_for_what_the_approval_rule_forbids() -> None:
    state = _state(Stage.APPROVAL)
    state.drafts = [_draft(1), _draft(2)]
    state.composed_versions = {2}
    stale = DecisionInput(KABAG, "approve", "hash1")
    with pytest.raises(ApplicationError) as stale_refusal:
        rules.decision(state, stale)
    assert stale_refusal.value.type == "stale_draft" and "v2" in stale_refusal.value.message
    with pytest.raises(ApplicationError) as own:
        rules.decision(state, DecisionInput(VERIFIER, "approve", "hash2"))
    assert own.value.type == "self_approval"  # composed from their own verdict
    with pytest.raises(ApplicationError) as reasonless:
        rules.decision(state, DecisionInput(KABAG, "reject", "hash2"))
    assert reasonless.value.type == "invalid" and "reason" in reasonless.value.message
    with pytest.raises(ApplicationError) as officer:
        rules.decision(state, DecisionInput(OFFICER, "approve", "hash2"))
    assert officer.value.type == "forbidden"
    rules.decision(state, DecisionInput(SEKDA, "approve", "hash2"))  # allowed: no error


def test_schedules_and_retractions_are_refused_where_they_cannot_apply() -> None:
    state = _state(Stage.APPROVAL)
    state.drafts = [_draft(1)]
    far = ScheduleInput(KABAG, NOW + timedelta(days=61), "masa tenang")
    with pytest.raises(ApplicationError) as too_far:
        rules.schedule(state, far, NOW)
    assert too_far.value.type == "invalid" and "60 days" in too_far.value.message
    with pytest.raises(ApplicationError) as nothing_live:
        rules.retraction(state, CancelInput(SEKDA, "KPU meralat"))
    assert nothing_live.value.type == "wrong_stage"
    state.stage = Stage.MONITORING
    state.live["website"] = PublicationResult("website", "k", 1, "published")
    rules.retraction(state, CancelInput(SEKDA, "KPU meralat"))  # allowed now


def test_cards_show_who_approved_and_ask_only_while_the_stage_waits_for_them() -> None:
    row = Incident(
        **report_row("TK-UNIT", Report("Klaim TPS dipindah", platform="whatsapp"), OFFICER, NOW),
        revision=3,
        updated_at=NOW,
    )
    row.stage, row.severity, row.verdict = "approval", "critical", "false"
    row.verification = {"summary": "KPU: tidak dipindah", "verified_by": "Verifikator"}
    row.deadlines = {
        "verification": {"due_at": (NOW + timedelta(hours=1)).isoformat()},
        "approval": {"due_at": (NOW + timedelta(minutes=30)).isoformat()},
    }
    asking, approving = build_cards(row, _draft(1), [_decision(1, KABAG)], CRITICAL)
    assert not asking.open and asking.status == "Putusan: Hoaks (oleh Verifikator)"
    assert approving.open and approving.approved_by == ["Kabag"]
    assert approving.status == (
        "Menunggu persetujuan: 1 dari 2 persetujuan, masih perlu satu dari: pimpinan"
    )
    _, in_english = build_cards(row, _draft(1), [_decision(1, KABAG)], CRITICAL, "en")
    assert in_english.status == "Awaiting approval: 1 of 2 approvals, still needs one from: leader"
    row.stage = "publishing"
    _, approving = build_cards(row, _draft(1), [_decision(1, KABAG)], CRITICAL)
    assert not approving.open and approving.status == "Disetujui, sedang diterbitkan"
    row.deadlines = {}
    assert build_cards(row, _draft(1), [], CRITICAL) == []  # nobody asked yet: no card


def test_a_verification_needs_the_checklist_the_policy_requires() -> None:
    state = _state(Stage.VERIFICATION)
    missing = VerificationInput(VERIFIER, "false", "KPU: tersegel", checklist=[])
    with pytest.raises(ApplicationError) as refused:
        rules.verification(state, missing)
    assert refused.value.type == "invalid" and "source_traced" in refused.value.message
    complete = VerificationInput(VERIFIER, "false", "KPU", [], "", ["source_traced"])
    rules.verification(state, complete)  # allowed: no error
