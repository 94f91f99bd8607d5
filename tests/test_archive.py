"""The archive of counter-statements: seeded by `tangkal archive import`, grown by publication,
and offered as the starting draft when a hoax comes back ("HLBK")."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from core.db import engine_for
from core.detection.archive import ArchiveEntry, add_to_archive
from core.detection.tables import ArchivedClaim
from tests.fakes.webhook import WebhookReceiver
from tests.flow import VERDICT, auth, decide, report, timeline, verify, wait_for
from tests.processes import tangkal_env
from tests.support import Stack

DATA = Path(__file__).parent / "data"


def _import(path: Path, database_url: str, directory: Path) -> subprocess.CompletedProcess[str]:
    env = tangkal_env(data_dir=directory, database_url=database_url)
    return subprocess.run(
        [sys.executable, "-m", "core.cli", "archive", "import", str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _archived(database_url: str) -> dict[str, ArchivedClaim]:
    with Session(engine_for(database_url)) as session:
        return {row.claim: row for row in session.exec(select(ArchivedClaim)).all()}


def test_claim_review_import_keeps_good_items_and_names_bad_ones(
    database_url: str, tmp_path: Path
) -> None:
    done = _import(DATA / "claimreview.jsonld", database_url, tmp_path)
    assert done.returncode == 1, done.stderr
    assert "item 3: claim: missing" in done.stderr
    assert "item 4: @type: not a ClaimReview" in done.stderr
    assert "2 added, 0 already in the archive, 2 bad rows skipped" in done.stderr
    rows = _archived(database_url)
    vaccine = rows["Vaksin COVID-19 mengandung microchip untuk melacak warga"]
    assert vaccine.title == "[HOAKS] Vaksin mengandung microchip untuk melacak warga"
    assert vaccine.verdict == "Hoaks" and vaccine.language == "id"
    quake = next(row for claim, row in rows.items() if claim.startswith("BMKG"))
    assert quake.title.startswith("[DISINFORMASI]")
    assert "https://badungkab.go.id/klarifikasi/gempa-prediksi" in quake.body

    again = _import(DATA / "claimreview.jsonld", database_url, tmp_path)
    assert "0 added, 2 already in the archive" in again.stderr
    assert len(_archived(database_url)) == len(rows)


def test_csv_import_reports_bad_rows_by_line(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'archive.db'}"
    done = _import(DATA / "archive_bad_rows.csv", database_url, tmp_path)
    assert done.returncode == 1
    assert "line 3: claim: missing" in done.stderr
    assert "line 4: published_at: not an ISO 8601 date: 'kemarin'" in done.stderr
    assert "line 5: url: not an http(s) URL" in done.stderr
    rows = _archived(database_url)
    assert len(rows) == 2
    english = rows["Kidnappers in a white van are taking children near schools"]
    assert english.language == "en"  # detected offline: the row left it blank


async def test_published_counter_statement_is_offered_when_the_hoax_returns(
    sqlite_stack: Stack, receiver: WebhookReceiver
) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    first = await report(
        http,
        keys.officer,
        {"claim": "Jembatan Tukad Bangkung retak parah dan akan segera ambruk", "reach": 30},
    )
    await wait_for(http, keys.officer, first["id"], stage="verification")
    await verify(http, keys.verifier, first["id"])
    drafted = await wait_for(http, keys.officer, first["id"], stage="approval")
    published_draft = drafted["draft"]
    assert (await decide(http, keys.approver, first["id"], published_draft["hash"])).is_success
    closed = await wait_for(http, keys.officer, first["id"], stage="closed")
    assert closed["resolution"] == "published"

    assert "sejak" not in published_draft["body"]  # no first circulation reported: no date

    # A year later the same hoax returns, reworded, in slang; first seen the evening before.
    refused = await http.post(
        "/incidents",
        json={"claim": "Jembatan retak lagi", "first_seen_at": "2999-01-01T00:00:00+08:00"},
        headers=auth(keys.officer),
    )
    assert refused.status_code == 422 and "first_seen_at" in refused.text
    recycled = await report(
        http,
        keys.officer,
        {
            "claim": "retakan parah di jembatan tukad bangkung, jembatan bisa ambruk kapan aja!!",
            "platform": "facebook",
            "first_seen_at": "2026-01-15T22:30:00+00:00",  # 16 January in Bali
        },
    )
    assert recycled["first_seen_at"] == "2026-01-15T22:30:00Z"
    triaged = await wait_for(http, keys.officer, recycled["id"], stage="verification")
    events = await timeline(http, keys.officer, recycled["id"])
    match = next(e for e in events if e["type"] == "archive_match")
    assert match["data"]["title"] == published_draft["title"]
    assert triaged["resolution"] is None  # a recycled hoax is answered again, not closed
    shown = triaged["archive_match"]
    assert shown["title"] == published_draft["title"] and shown["similarity"] >= 0.55
    assert shown["body"] == published_draft["body"]  # the earlier klarifikasi, whole

    summary = "Dinas PUPR memeriksa ulang jembatan pekan ini: tidak ada retakan baru."
    await verify(http, keys.verifier, recycled["id"], {**VERDICT, "summary": summary})
    redrafted = await wait_for(http, keys.officer, recycled["id"], stage="approval")
    body = redrafted["draft"]["body"]
    # The new narasi, dated by its first circulation, and the verifier's new summary ...
    assert body.startswith(
        "Kembali beredar narasi di Facebook sejak 16 Januari 2026 yang menyebutkan:\n\n"
        '"retakan parah di jembatan tukad bangkung, jembatan bisa ambruk kapan aja!!"'
    )
    assert summary in body
    # ... beside the archived explanation, with the archived klarifikasi in Rujukan ...
    published_on = _spelled(datetime.fromisoformat(closed["closed_at"]))
    assert (
        f"Klarifikasi serupa telah diterbitkan pada {published_on}:\n{VERDICT['summary']}" in body
    )
    assert shown["url"] and shown["url"].startswith("https://")
    assert f"- {shown['url']} (klarifikasi serupa telah diterbitkan pada {published_on})" in body
    # ... issued today by today's issuer; the title states the new claim.
    today = _spelled(datetime.now(UTC))
    assert body.endswith(f"Diterbitkan oleh Pemerintah Kabupaten Badung, {today}.")
    assert redrafted["draft"]["title"] == (
        "[HOAKS] Retakan parah di jembatan tukad bangkung, jembatan bisa ambruk kapan aja"
    )
    response = await http.get(f"/incidents/{recycled['id']}", headers=auth(keys.leader))
    assert response.json()["draft"]["version"] == 1


MONTHS = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"


def _spelled(moment: datetime) -> str:
    """A date as the klarifikasi spells it, in the organisation's time zone (Bali)."""
    local = moment.astimezone(ZoneInfo("Asia/Makassar"))
    return f"{local.day} {MONTHS.split()[local.month - 1]} {local.year}"


async def test_a_template_hoax_about_another_entity_is_named_not_offered(
    sqlite_stack: Stack,
) -> None:
    """The archive holds the debunk of Bupati Lamongan's fake WhatsApp account; a report of the
    same scam in the name of Bupati Bojonegoro is a new hoax. The verifier is told of the
    template, and nothing is offered as the starting draft."""
    http, keys = sqlite_stack.http, sqlite_stack.keys
    with Session(engine_for(sqlite_stack.settings.effective_database_url)) as session:
        claim = "Akun WhatsApp palsu Bupati Lamongan minta transfer dana bantuan banjir"
        archived = ArchiveEntry(claim, f"[HOAKS] {claim}", "Faktanya ...", "id", "test", key="lmg")
        add_to_archive(session, archived)
        session.commit()
    reported = await report(
        http,
        keys.officer,
        {"claim": "Akun WhatsApp Bupati Bojonegoro meminta transfer dana bantuan banjir"},
    )
    triaged = await wait_for(http, keys.officer, reported["id"], stage="verification")
    assert triaged["archive_match"] is None
    events = await timeline(http, keys.officer, reported["id"])
    template = next(e for e in events if e["type"] == "archive_template")
    assert template["summary"] == (
        f"Templat hoaks yang mirip dengan klarifikasi “[HOAKS] {claim}”, tetapi berbeda"
        " (pejabat: bupati bojonegoro / bupati lamongan): periksa apakah klarifikasi itu berlaku"
    )


async def test_the_verifier_says_whether_the_suggested_debunk_is_the_right_one(
    sqlite_stack: Stack,
) -> None:
    """A wrong match is rejected with a reason: unlinked, the draft composed afresh; a right
    one is confirmed; both are on the timeline and in `tangkal archive feedback export`."""
    http, keys = sqlite_stack.http, sqlite_stack.keys
    url = sqlite_stack.settings.effective_database_url
    claim = "Jembatan Tukad Bangkung ditutup total mulai besok pagi untuk perbaikan"
    # Another hoax with its own debunk: two open claims, neither a duplicate of the other.
    other = "Pembagian sembako gratis di Kantor Camat Kuta Selatan hari Sabtu untuk warga"
    with Session(engine_for(url)) as session:
        archived = ArchiveEntry(claim, f"[HOAKS] {claim}", "Faktanya ...", "id", "test", key="tb")
        add_to_archive(session, archived)
        add_to_archive(session, ArchiveEntry(other, f"[HOAKS] {other}", "Faktanya", "id", "test"))
        session.commit()
    wrong = await report(http, keys.officer, {"claim": claim, "reach": 40})
    right = await report(http, keys.officer, {"claim": other, "reach": 40})
    for incident in (wrong, right):
        shown = await wait_for(http, keys.officer, incident["id"], stage="verification")
        assert shown["archive_match"] is not None

    path = f"/incidents/{wrong['id']}/archive-match"
    officer = await http.post(
        path, json={"decision": "reject", "reason": "x"}, headers=auth(keys.officer)
    )
    assert officer.status_code == 403
    reasonless = await http.post(path, json={"decision": "reject"}, headers=auth(keys.verifier))
    assert reasonless.status_code == 422 and "reason" in reasonless.json()["detail"]
    reason = "jembatan lain: ini Tukad Bangkung yang baru, bukan kabar 2024"
    rejected = await http.post(
        path, json={"decision": "reject", "reason": reason}, headers=auth(keys.verifier)
    )
    assert rejected.status_code == 200, rejected.text
    confirmed = await http.post(
        f"/incidents/{right['id']}/archive-match",
        json={"decision": "confirm"},
        headers=auth(keys.verifier),
    )
    assert confirmed.status_code == 200, confirmed.text

    unlinked = await wait_for(http, keys.officer, wrong["id"], stage="verification")
    assert unlinked["archive_match"] is None
    events = await timeline(http, keys.officer, wrong["id"])
    judged = next(e for e in events if e["type"] == "archive_match_rejected")
    assert judged["actor"]["name"] == "Verifikator"
    assert judged["summary"] == (
        f"Verifikator menolak kecocokan dengan klarifikasi “[HOAKS] {claim}”: {reason};"
        " draf disusun baru"
    )
    again = await http.post(path, json={"decision": "confirm"}, headers=auth(keys.verifier))
    assert again.status_code == 409  # nothing matched any more
    await verify(http, keys.verifier, wrong["id"])
    fresh = await wait_for(http, keys.officer, wrong["id"], stage="approval")
    assert "Faktanya ..." not in fresh["draft"]["body"]  # not the rejected klarifikasi's text

    done = subprocess.run(
        [sys.executable, "-m", "core.cli", "archive", "feedback", "export"],
        env=tangkal_env(database_url=url),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(r["incident_id"], r["decision"], r["reason"]) for r in rows] == [
        (wrong["id"], "reject", reason),
        (right["id"], "confirm", ""),
    ]
    assert all(r["archive_id"] for r in rows)
    assert [r["claim"] for r in rows] == [claim, other]
