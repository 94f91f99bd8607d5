"""Poison input at the boundaries: control characters and disguised links are refused with a 422
naming the field (API, Slack, signed signals) or reported by line (archive import), and change
nothing; on PostgreSQL a NUL was a 500 (it cannot store one) and the incident went on as if."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.fakes.slack import FakeSlack, text_value
from tests.flow import (
    CRITICAL_CLAIM,
    LOW_CLAIM,
    auth,
    decide,
    report,
    timeline,
    verify,
    wait_for,
)
from tests.slack_flow import APPROVE_CHANNEL, VERIFY_CHANNEL, SlackDriver, buttons, until
from tests.support import Stack
from tests.test_archive import _archived, _import
from tests.test_refusals import problem
from tests.test_signals import VIRAL, _signed, signal_stack

__all__ = ["signal_stack"]  # the fixture, used below
HASH = "a" * 64


async def in_approval(stack: Stack, claim: str) -> dict[str, Any]:
    """A critical incident through triage, verification and drafting: the worker answers.
    Each test its own claim: on PostgreSQL the database is shared by the session's tests, and
    an open incident with a like claim would make this one its duplicate."""
    http, keys = stack.http, stack.keys
    created = (await report(http, keys.officer, {**CRITICAL_CLAIM, "claim": claim}))["id"]
    await wait_for(http, keys.officer, created, stage="verification")
    await verify(http, keys.verifier, created)
    return await wait_for(http, keys.officer, created, stage="approval")


def _refused(response: Any, field: str) -> None:
    body = problem(response, 422, field)
    assert body["errors"][0]["field"] == field, body
    assert "U+" in body["detail"] or "tautan" in body["detail"] or "satu baris" in body["detail"]


async def test_control_characters_and_disguised_links_are_refused_naming_the_field(
    stack: Stack,
) -> None:
    http, keys = stack.http, stack.keys
    incident = await in_approval(stack, "Video: petugas PPK Kuta Selatan merobek surat suara")
    incident_id = incident["id"]
    before = await timeline(http, keys.leader, incident_id)
    listing = (await http.get("/incidents", headers=auth(keys.leader))).json()
    on = f"/incidents/{incident_id}"
    nul = "Klarifikasi\x00 resmi"
    cases: list[tuple[str, str, str, dict[str, Any], str]] = [
        ("post", "/incidents", keys.officer, {"claim": nul}, "claim"),
        ("post", "/incidents", keys.officer, {"claim": "Hoaks", "notes": "\x1b[2J"}, "notes"),
        (
            "post",
            "/incidents",
            keys.officer,
            {"claim": "Hoaks", "source_urls": ["https://evil.example|kpu.go.id"]},
            "source_urls.0",
        ),
        (
            "post",
            "/incidents",
            keys.officer,
            {"claim": "Hoaks", "source_urls": ["https://kpu.go.id@evil.example/x"]},
            "source_urls.0",
        ),
        (
            "post",
            f"{on}/verification",
            keys.verifier,
            {"verdict": "false", "summary": nul},
            "summary",
        ),
        (
            "post",
            f"{on}/verification",
            keys.verifier,
            {"verdict": "false", "summary": "Fakta", "evidence_urls": ["https://a.example/<b>"]},
            "evidence_urls.0",
        ),
        ("put", f"{on}/draft", keys.officer, {"title": nul, "body": "Isi"}, "title"),
        ("put", f"{on}/draft", keys.officer, {"title": "Judul\nKedua", "body": "Isi"}, "title"),
        ("put", f"{on}/draft", keys.officer, {"title": "Judul", "body": nul}, "body"),
        (
            "post",
            f"{on}/decisions",
            keys.approver,
            {"decision": "reject", "draft_hash": incident["draft"]["hash"], "reason": nul},
            "reason",
        ),
        ("post", f"{on}/cancel", keys.officer, {"reason": "\x7f"}, "reason"),
        ("post", f"{on}/schedule", keys.approver, {"publish_at": None, "reason": nul}, "reason"),
        (
            "post",
            f"{on}/correction",
            keys.officer,
            {"title": "Koreksi", "body": nul, "reason": "Salah tanggal"},
            "body",
        ),
        ("post", f"{on}/retraction", keys.approver, {"reason": nul}, "reason"),
        ("post", f"{on}/publications/retry", keys.admin, {"reason": nul}, "reason"),
    ]
    for method, path, key, body, field in cases:
        _refused(await http.request(method, path, json=body, headers=auth(key)), field)
    # A lone surrogate (half of a UTF-16 pair), which no UTF-8 database can store.
    raw = b'{"claim": "Hoaks \\ud800 beredar"}'
    headers = {**auth(keys.officer), "content-type": "application/json"}
    problem(await http.post("/incidents", content=raw, headers=headers), 422, "claim")
    # Path and query reach the database as they came: 500 on PostgreSQL before.
    _refused(await http.get("/incidents?q=%00", headers=auth(keys.leader)), "q")
    _refused(await http.get("/incidents/TK-%00", headers=auth(keys.leader)), "path")
    _refused(await http.get("/incidents/TK-%00/timeline", headers=auth(keys.leader)), "path")
    _refused(await http.post("/incidents/TK-%00/cancel", json={"reason": "x"}), "path")

    assert await timeline(http, keys.leader, incident_id) == before
    assert (await http.get("/incidents", headers=auth(keys.leader))).json() == listing
    # Nothing was wedged: this incident and a second one go on.
    for key in (keys.approver, keys.leader):
        assert (await decide(http, key, incident_id, incident["draft"]["hash"])).status_code == 200
    other = {**LOW_CLAIM, "claim": "Air PDAM di Kuta tercemar, warga diminta tidak minum"}
    second = (await report(http, keys.officer, other))["id"]
    await wait_for(http, keys.officer, second, stage="verification")
    closed = await wait_for(http, keys.leader, incident_id, stage="closed")
    assert closed["resolution"] == "published" and "\x00" not in json.dumps(closed)


async def test_tabs_and_line_breaks_in_text_and_plain_urls_are_kept_as_typed(
    stack: Stack,
) -> None:
    """Tab, newline and CR in multi-line text are what people type: accepted unchanged."""
    http, keys = stack.http, stack.keys
    notes = "Baris satu\r\nBaris dua\tdengan tab"
    created = await report(
        http,
        keys.officer,
        {
            **LOW_CLAIM,
            "claim": "Listrik padam total se-Bali selama tiga hari mulai Senin",
            "notes": notes,
            "source_urls": ["https://kpu.go.id/a?b=1&c=%20#d"],
        },
    )
    assert created["notes"] == notes
    assert created["source_urls"] == ["https://kpu.go.id/a?b=1&c=%20#d"]


async def test_slack_modal_with_a_control_character_names_its_block(
    slack_stack: Stack, fake_slack: FakeSlack
) -> None:
    slack = SlackDriver(slack_stack, fake_slack)
    answer = await slack.command("U0OFFICER", "lapor Klaim dengan\x00 karakter kendali")
    assert "U+0000" in answer["text"] and "TK-" not in answer["text"]
    answer = await slack.command("U0OFFICER", "lapor Jembatan Tukad Bangkung akan ambruk besok")
    found = re.search(r"TK-[A-Z0-9]+", answer["text"])
    assert found is not None
    incident_id = found.group(0)
    await until(lambda: slack.has_card(VERIFY_CHANNEL, incident_id), "verification card")
    await slack.click("U0VERIFY", "tangkal.verdict.false", incident_id, VERIFY_CHANNEL)
    view = slack.opened_view()
    values = {
        **text_value("summary", "Dinas PUPR:\x00 jembatan aman"),
        **text_value("evidence", "https://pupr.example/a\nhttps://evil.example|pupr.go.id"),
        **text_value("authority", "Dinas\x1bPUPR"),
    }
    refused = (await slack.submit("U0VERIFY", view, values)).json()
    assert refused["response_action"] == "errors"
    assert set(refused["errors"]) == {"summary", "evidence", "authority"}
    assert "U+0000" in refused["errors"]["summary"]
    assert "Baris 2" in refused["errors"]["evidence"] and "'|'" in refused["errors"]["evidence"]
    current = (
        await slack_stack.http.get(
            f"/incidents/{incident_id}", headers=auth(slack_stack.keys.leader)
        )
    ).json()
    assert current["stage"] == "verification" and current["verdict"] is None
    await slack.verify("U0VERIFY", incident_id)  # the same modal, fixed, goes through
    await until(lambda: slack.has_card(APPROVE_CHANNEL, incident_id), "approval card")
    draft_hash = buttons(slack.card(APPROVE_CHANNEL, incident_id))["tangkal.approve"].split("|")[1]
    await slack.click("U0KABAG", "tangkal.reject", f"{incident_id}|{draft_hash}", APPROVE_CHANNEL)
    reason = (
        await slack.submit("U0KABAG", slack.opened_view(), text_value("reason", "\x00"))
    ).json()
    assert reason["response_action"] == "errors" and "U+0000" in reason["errors"]["reason"]
    after = await slack_stack.http.get(
        f"/incidents/{incident_id}", headers=auth(slack_stack.keys.leader)
    )
    assert after.json()["decisions"] == [] and after.json()["stage"] == "approval"


async def test_signed_signal_with_a_control_character_is_refused(signal_stack: Stack) -> None:
    http = signal_stack.http
    poisoned = {**VIRAL, "id": "brand24-nul", "text": f"{VIRAL['text']}\x00"}
    batch = {"source": "brand24", "items": [VIRAL, poisoned]}
    _refused(await http.post("/signals", **_signed(batch)), "items.1.text")
    bad_link = {**VIRAL, "id": "brand24-link", "url": "https://x.example/a b"}
    refused = await http.post("/signals", **_signed({"source": "brand24", "items": [bad_link]}))
    _refused(refused, "items.0.url")
    listing = (await http.get("/incidents", headers=auth(signal_stack.keys.leader))).json()
    assert listing["items"] == []  # the good item of the refused batch was not opened either
    accepted = await http.post("/signals", **_signed({"source": "brand24", "items": [VIRAL]}))
    assert accepted.status_code == 200 and accepted.json()["items"][0]["status"] == "opened"


def test_archive_rows_with_control_characters_are_reported_by_line_and_skipped(
    database_url: str, tmp_path: Path
) -> None:
    csv = tmp_path / "arsip.csv"
    csv.write_text(
        "claim,title,body,url,verdict,language,published_at\n"
        '"Surat suara tercoblos di TPS 12","[HOAKS] Surat suara","Faktanya: tersegel.",'
        "https://badungkab.go.id/k/1,Hoaks,id,2024-02-10\n"
        '"Bansos cair hari ini\x00","[HOAKS] Bansos","Faktanya: tidak ada.",,Hoaks,id,\n'
        '"Gempa besar besok","[HOAKS] Gempa","Faktanya: BMKG tidak memprediksi.",'
        "https://evil.example|bmkg.go.id,Hoaks,id,\n",
        encoding="utf-8",
    )
    done = _import(csv, database_url, tmp_path)
    assert done.returncode == 1, done.stderr
    assert "line 3: claim: berisi karakter kendali U+0000" in done.stderr
    assert "line 4: url: not an http(s) URL" in done.stderr
    assert "1 added, 0 already in the archive, 2 bad rows skipped" in done.stderr
    archived = _archived(database_url)  # on PostgreSQL, shared with the session's other tests
    assert "Surat suara tercoblos di TPS 12" in archived
    assert not any(claim.startswith(("Bansos cair", "Gempa besar")) for claim in archived)
