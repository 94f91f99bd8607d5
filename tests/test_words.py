"""The message catalogue and the local clock, as a Humas officer reads them."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory

from core.domain import MediaAuthenticity, MediaType
from core.local_time import LocalClock, countdown, duration
from core.policy import load_policy
from core.triage import assess
from core.words.events import KNOWN_TYPES, event_summary
from core.words.labels import LABELS, label
from core.words.risk import factor_line

ROOT = Path(__file__).resolve().parent.parent
# 06.05 UTC on 2 December 2026: 14.05 in Makassar (WITA), 13.05 in Jakarta, 15.05 in Jayapura.
MOMENT = datetime(2026, 12, 2, 6, 5, 9, tzinfo=UTC)


def test_every_enum_value_has_an_indonesian_and_an_english_label() -> None:
    assert MediaAuthenticity in LABELS and len(LABELS) >= 15
    for kind, words in LABELS.items():
        for member in kind:
            assert member.value in words, f"{kind.__name__}.{member.name} has no label"
            entry = words[member.value]
            assert entry.id.strip() and entry.en.strip(), f"{kind.__name__}.{member.name}"
        assert set(words) <= {m.value for m in kind}, f"{kind.__name__}: labels of no member"


@pytest.mark.parametrize(
    ("kind_value", "indonesian", "english"),
    [
        (("severity", "critical"), "Kritis", "Critical"),
        (("stage", "approval"), "Menunggu persetujuan", "Awaiting approval"),
        (("verdict", "false"), "Hoaks", "False (hoax)"),
        (("resolution", "claim_true"), "Klaim benar", "Claim true"),
        (("decision", "request_changes"), "Diminta perbaikan", "Changes requested"),
    ],
)
def test_enum_values_are_shown_through_labels(
    kind_value: tuple[str, str], indonesian: str, english: str
) -> None:
    from core.words.labels import KINDS

    kind, value = kind_value
    assert label(KINDS[kind], value, "id") == indonesian
    assert label(KINDS[kind], value, "en") == english
    assert label(KINDS[kind], "some_old_value", "id") == "some_old_value"  # an old row
    assert label(KINDS[kind], None, "id") == "—"


def _emitted_types() -> set[str]:
    """Every timeline type the `Incident` workflow writes (workflows/state.py)."""
    source = (ROOT / "workflows" / "state.py").read_text()
    found = set(re.findall(r'self\._log\(\s*"([a-z_]+)"', source))
    found |= {"reported", "reject", "request_changes", "sla_reminder", "sla_escalation"}
    found |= {"archive_match_confirmed", "archive_match_rejected"}
    found |= {
        f"{op}_{end}"
        for op in ("publication", "correction", "retraction")
        for end in ("succeeded", "failed")
    }
    return found


def test_every_event_the_workflow_writes_is_said_from_its_data() -> None:
    emitted = _emitted_types()
    assert len(emitted) > 25
    assert emitted <= KNOWN_TYPES, f"no words for {sorted(emitted - KNOWN_TYPES)}"
    # The workflow stores no prose: in the history recorded on today's code, no entry that
    # its writes carry has a summary of its own.
    history = WorkflowHistory.from_json(
        "TK-REPLAY0003",
        (ROOT / "tests" / "histories" / "incident_slack_sla_duplicate.json").read_text(),
    )
    entries = [
        entry
        for event in history.events
        if event.HasField("activity_task_scheduled_event_attributes")
        and event.activity_task_scheduled_event_attributes.activity_type.name == "write_incident"
        for payload in event.activity_task_scheduled_event_attributes.input.payloads
        for entry in json.loads(payload.data)["events"]
    ]
    assert len(entries) > 10
    assert all(not entry.get("summary") for entry in entries)


def test_timeline_summaries_read_naturally_in_both_languages() -> None:
    wita = LocalClock("Asia/Makassar", "id")
    english = LocalClock("Asia/Makassar", "en")
    approved = {
        "version": 1,
        "approvals": 1,
        "needed": 2,
        "waiting_for": ["leader"],
        "draft_hash": "ab",
    }
    assert event_summary("approved", approved, wita) == (
        "Menyetujui v1 (1 dari 2 persetujuan, masih perlu satu dari: pimpinan)"
    )
    assert event_summary("approved", approved, english) == (
        "Approved v1 (1 of 2 approvals, still needs one from: leader)"
    )
    triaged = {"risk_score": 100, "severity": "critical", "topics": []}
    assert event_summary("triaged", triaged, wita) == "Risiko 100/100, tingkat Kritis"
    assert event_summary("verified", {"verdict": "false"}, wita) == "Putusan: Hoaks"
    moved = {"from": "verification", "to": "drafting"}
    assert event_summary("stage_changed", moved, wita) == "Menunggu verifikasi → Penyusunan draf"
    refused = {"draft_hash": "ab", "reason": "Sumber belum jelas"}
    assert (
        event_summary("request_changes", refused, wita) == "Diminta perbaikan: Sumber belum jelas"
    )
    scheduled = {"publish_at": MOMENT.isoformat(), "reason": ""}
    assert event_summary("embargo_set", scheduled, wita) == (
        "Penerbitan dijadwalkan 2 Desember 2026 14.05 WITA"
    )
    failed = {"channel": "website", "operation": "publication", "error": "HTTP 503"}
    assert (
        event_summary("publication_failed", failed, wita) == "website: publikasi gagal — HTTP 503"
    )
    edit = {"version": 2, "changes": {"title_changed": True, "lines_added": 3, "lines_removed": 1}}
    assert event_summary("draft_version", edit, wita) == "Draf v2 (judul diubah, +3/-1 baris isi)"
    refused = {"title": "[HOAKS] Undian Bank BSI", "differs": "scam: lowongan kerja / undian"}
    assert event_summary("archive_template", refused, english) == (
        "A hoax template like the klarifikasi “[HOAKS] Undian Bank BSI”, but different (kind of"
        " scam: lowongan kerja / undian): check whether it applies"
    )
    # An event of an older release whose data lacks the sentence's facts keeps its summary.
    assert event_summary("approved", {}, wita, "Approved v1 (1/2 approvals)") == (
        "Approved v1 (1/2 approvals)"
    )
    assert event_summary("something_new", {}, wita, "stored words") == "stored words"


@pytest.mark.parametrize(
    ("zone", "indonesian", "english"),
    [
        ("Asia/Makassar", "2 Desember 2026 14.05 WITA", "2 December 2026 14:05 WITA"),
        ("Asia/Jakarta", "2 Desember 2026 13.05 WIB", "2 December 2026 13:05 WIB"),
        ("Asia/Jayapura", "2 Desember 2026 15.05 WIT", "2 December 2026 15:05 WIT"),
    ],
)
def test_times_are_in_the_organisations_zone_with_its_label(
    zone: str, indonesian: str, english: str
) -> None:
    assert LocalClock(zone, "id").moment(MOMENT) == indonesian
    assert LocalClock(zone, "en").moment(MOMENT) == english
    assert LocalClock(zone, "id").moment(MOMENT.isoformat()) == indonesian  # as stored


def test_local_clock_forms() -> None:
    clock = LocalClock("Asia/Makassar", "id")
    assert clock.time(MOMENT) == "14.05 WITA"
    assert clock.time(MOMENT, seconds=True) == "14.05.09 WITA"
    assert clock.short(MOMENT) == "2 Des 14.05 WITA"
    # Just before midnight UTC it is already the next day in Makassar.
    assert clock.date(datetime(2026, 12, 31, 17, 0, tzinfo=UTC)) == "1 Januari 2027"
    assert LocalClock("Europe/Amsterdam", "en").time(MOMENT) == "07:05 CET"


def test_countdowns_cannot_be_misread() -> None:
    now = MOMENT
    assert countdown(now + timedelta(minutes=29, seconds=27), now, "id") == "sisa 29 menit"
    assert countdown(now + timedelta(minutes=29, seconds=27), now, "id", with_seconds=True) == (
        "sisa 29 menit 27 detik"
    )
    assert countdown(now - timedelta(hours=1, minutes=5), now, "id") == "lewat 1 jam 5 menit"
    assert countdown(now - timedelta(hours=1, minutes=5), now, "en") == "1 h 5 min overdue"
    assert countdown(now + timedelta(days=2, hours=3), now, "id") == "sisa 2 hari 3 jam"
    assert duration(30, "id") == "kurang dari 1 menit"


def test_risk_factors_are_explained_in_the_readers_language() -> None:
    policy = load_policy(ROOT / "tangkal.example.toml")
    assessed = assess("Video: KPU Badung curang di TPS 7", 48_000, MediaType.VIDEO, policy)
    lines = {f.factor: factor_line(f.__dict__, "id") for f in assessed.factors}
    assert lines["reach"] == ("Jangkauan", "48.000 tayangan/bagikan dilaporkan")
    # In English the thousands are a comma: "48.000" reads as forty-eight there.
    english = {f.factor: factor_line(f.__dict__, "en") for f in assessed.factors}
    assert english["reach"] == ("Reach", "48,000 views/shares reported")
    # As the read model keeps them (and the API shows them): said in the organisation's
    # language by the same catalogue, not an English sentence written at triage.
    (reach,) = (f.stored("id") for f in assessed.factors if f.factor == "reach")
    assert reach == {
        "factor": "reach",
        "points": reach["points"],
        "explanation": "48.000 tayangan/bagikan dilaporkan",
        "detail": "48000",
    }
    # Footage with nobody speaking or acting is checked for where and when it was recorded.
    assert lines["media_type"] == (
        "Jenis media",
        "video: periksa asal, tempat dan tanggal rekaman (sering lama)",
    )
    speaking = assess("Video Bupati menyuruh ASN memilih paslon 2", 900, MediaType.VIDEO, policy)
    (media,) = (f for f in speaking.factors if f.factor == "media_type")
    assert factor_line(media.__dict__, "en") == (
        "Media type",
        "video: a person speaking or acting, possibly a deepfake",
    )
    # A factor stored before factors carried their detail keeps its explanation.
    old = {"factor": "reach", "points": 20, "explanation": "48,000 views/shares reported"}
    assert factor_line(old, "id") == ("reach", "48,000 views/shares reported")
