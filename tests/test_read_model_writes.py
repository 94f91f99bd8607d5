"""What the workflow sends its read model, and what the write and the publisher make of it:
a card rewritten only when what it shows changed, deadlines sent as a start and a length,
payloads without the fields that hold their defaults, no write for an incident nobody
reported, and no publication of a text other than the one approved."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session
from temporalio.converter import DataConverter
from temporalio.exceptions import ApplicationError

from activities.publishing import approved_text
from activities.read_model import apply_changes
from activities.types import (
    DecisionEntry,
    DraftVersion,
    Entry,
    IncidentChanges,
    Notice,
    PublicationResult,
    PublishRequest,
    Report,
)
from core.cards import build_cards, verification_view
from core.db import engine_for, session_scope
from core.domain import Actor, ActorKind, Audience, NoticeKind, Role
from core.drafting import draft_hash
from core.incident_row import report_row
from core.migrate import migrate
from core.payloads import DATA_CONVERTER
from core.reports import new_incident
from core.sla import Deadline, spelled_out
from core.tables import Draft, Incident

NOW = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)
OFFICER = Actor(ActorKind.API_KEY, "k_officer", "Petugas", (Role.OFFICER,))
REPORT = Report("Beredar pesan: TPS 7 dipindah ke balai desa", platform="whatsapp", reach=900)


def _verification_card_rows() -> list[dict[str, Any]]:
    """The row along one incident's life, as the workflow's writer sees it."""
    base = report_row("TK-CARD", REPORT, OFFICER, NOW)
    due = {"verification": Deadline.starting(NOW, 120).started()}
    triaged = base | {"severity": "high", "risk_score": 58, "deadlines": due}
    verified = triaged | {
        "verdict": "false",
        "verification": {"summary": "KPU: tidak dipindah", "verified_by": "Verifikator"},
    }
    return [
        triaged | {"stage": "verification"},
        triaged | {"stage": "verification", "risk_score": 71},  # re-triaged: shown
        triaged | {"stage": "closed", "resolution": "cancelled"},  # closed unverified
        triaged | {"stage": "closed", "resolution": "duplicate"},
        *(verified | {"stage": stage} for stage in ("drafting", "approval", "publishing")),
        verified | {"stage": "monitoring", "resolution": None},
        verified | {"stage": "closed", "resolution": "published"},
    ]


def _verification_card(row: dict[str, Any]) -> Any:
    deadlines = {stage: spelled_out(due) for stage, due in row["deadlines"].items()}
    incident = Incident(**(row | {"deadlines": deadlines}), revision=1, updated_at=NOW)
    (card,) = build_cards(incident, None, [], None)
    return replace(card, stage="")  # the card never shows the stage by name


def test_the_verification_card_is_rewritten_exactly_when_what_it_shows_changes() -> None:
    rows = _verification_card_rows()
    for a, b in itertools.combinations(rows, 2):
        same_view = verification_view(a) == verification_view(b)
        assert same_view == (_verification_card(a) == _verification_card(b)), (a, b)
    # After the verdict, the stages that follow leave the card as it is: no rewrites.
    assert all(verification_view(row) == verification_view(rows[4]) for row in rows[4:])


def test_payloads_leave_out_defaults_and_any_client_reads_them() -> None:
    entry = Entry(3, "stage_changed", "triage", "", data={"from": "reported", "to": "triage"})
    notice = Notice("TK-X:n0001:card:verification", "TK-X", Audience.VERIFICATION, "", NOW)
    changes = IncidentChanges("TK-X", 2, NOW, {"stage": "triage"}, events=[entry])
    approver = Actor(ActorKind.PERSON, "per_1", "Kabag", (Role.APPROVER, Role.LEADER), "per_1")
    text = ("[HOAKS] TPS 7 tidak dipindah", "Beredar pesan …", "id")
    draft = DraftVersion(1, draft_hash(*text), *text, OFFICER, NOW)
    decision = DecisionEntry("TK-X:d0001", 1, draft.hash, "approve", None, approver, NOW)
    published = PublicationResult("website", "TK-X:v1:website", 1, "published", url="https://x/1")
    everything = replace(  # nested dataclasses, enums, tuples, optionals and datetimes
        changes, drafts=[draft], decisions=[decision], publications=[published], archive=True
    )
    for value in (changes, everything, replace(notice, kind=NoticeKind.CARD)):
        (compact,) = DATA_CONVERTER.payload_converter.to_payloads([value])
        (full,) = DataConverter.default.payload_converter.to_payloads([value])
        assert len(compact.data) < len(full.data)
        if value is not everything:  # a decision's reason has no default: `null` stays
            assert b"null" not in compact.data and b"[]" not in compact.data
        # Both ways: the default converter reads compact payloads, ours reads full ones.
        for payload, reader in ((compact, DataConverter.default), (full, DATA_CONVERTER)):
            (decoded,) = reader.payload_converter.from_payloads([payload], [type(value)])
            assert decoded == value


@pytest.fixture
def engine(tmp_path: Path) -> Any:
    url = f"sqlite:///{tmp_path / 'writes.db'}"
    migrate(url)
    return engine_for(url)


def _reported(engine: Any, incident_id: str) -> None:
    row, event = new_incident(incident_id, REPORT, OFFICER, NOW)
    with session_scope(engine) as session:
        session.add(row)
        session.flush()
        session.add(event)


def test_deadlines_arrive_as_start_and_length_and_join_the_earlier_ones(engine: Any) -> None:
    _reported(engine, "TK-DUE")
    triage, verification = Deadline.starting(NOW, 5), Deadline.starting(NOW, 240)
    for revision, deadlines in ((1, {"triage": triage}), (2, {"verification": verification})):
        started = {stage: due.started() for stage, due in deadlines.items()}
        with session_scope(engine) as session:
            apply_changes(session, IncidentChanges("TK-DUE", revision, NOW, {"deadlines": started}))
    with Session(engine) as session:
        row = session.get(Incident, "TK-DUE")
        assert row is not None
        stored = row.deadlines
    assert set(stored) == {"triage", "verification"}
    assert stored["verification"]["reminder_at"] == (NOW + timedelta(hours=2)).isoformat()
    assert stored["verification"]["due_at"] == (NOW + timedelta(hours=4)).isoformat()
    assert stored["triage"]["due_at"] == (NOW + timedelta(minutes=5)).isoformat()


def test_a_write_for_an_incident_nobody_reported_is_refused_for_good(engine: Any) -> None:
    with pytest.raises(ApplicationError) as refused, session_scope(engine) as session:
        apply_changes(session, IncidentChanges("TK-NOBODY", 1, NOW, {"stage": "triage"}))
    assert refused.value.type == "NoRow" and refused.value.non_retryable
    assert "TK-NOBODY" in refused.value.message


def test_only_the_approved_text_is_published(engine: Any) -> None:
    _reported(engine, "TK-PUB")
    title, body = "[HOAKS] TPS 7 dipindah ke balai desa", "Informasi tersebut tidak benar."
    approved = draft_hash(title, body, "id")
    request = PublishRequest("TK-PUB", "website", 1, approved)
    with pytest.raises(ApplicationError) as not_yet:  # its write is still on the way
        approved_text(engine, request)
    assert not not_yet.value.non_retryable
    with session_scope(engine) as session:
        session.add(
            Draft(
                incident_id="TK-PUB",
                version=1,
                hash=approved,
                title=title,
                body=body,
                language="id",
                author={"name": "Verifikator"},
                created_at=NOW,
            )
        )
    filled = approved_text(engine, request)
    assert (filled.title, filled.body, filled.claim) == (title, body, REPORT.claim)
    with session_scope(engine) as session:  # the text changed behind the workflow's back
        draft = session.get(Draft, 1)
        assert draft is not None
        draft.body = "Informasi tersebut benar."
        session.add(draft)
    with pytest.raises(ApplicationError) as changed:
        approved_text(engine, request)
    assert changed.value.type == "TextChanged" and changed.value.non_retryable
