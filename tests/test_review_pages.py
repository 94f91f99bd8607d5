"""The verifier's and the approver's pages over plain HTTP: who may use them, refusals shown on
the form that was sent, a double submit applied once, and whom an approval waits on."""

from __future__ import annotations

import re
from typing import Any

from core.db import engine_for
from core.domain import Role
from tests.flow import CRITICAL_CLAIM, LOW_CLAIM, auth, decide, report, timeline, wait_for
from tests.pages_flow import csrf_of, incident_in_approval, sign_in
from tests.support import Stack, person_key
from tests.test_words_shown import page_text, shown_wrongly

SUMMARY = "Dinas PUPR: Jalan Sunset Road tetap dibuka; hanya satu lajur diperbaiki malam hari."


def _verdict_form(html: str, **fields: Any) -> dict[str, Any]:
    token = re.search(r'name="form" value="([^"]+)"', html)
    assert token, "the verdict page has no form token"
    return {
        "csrf": csrf_of(html),
        "form": token.group(1),
        "verdict": "false",
        "summary": SUMMARY,
        "evidence_urls": "https://pu.badungkab.go.id/info/77\nhttps://badungkab.go.id/berita/1",
        "authority": "Dinas PUPR Kabupaten Badung",
        "checklist": ["source_traced"],
        **fields,
    }


async def test_the_verdict_pages_are_the_verifiers_and_need_the_forms_token(
    sqlite_stack: Stack,
) -> None:
    stack = sqlite_stack
    created = await report(stack.http, stack.keys.officer, LOW_CLAIM)
    await wait_for(stack.http, stack.keys.officer, created["id"], stage="verification")
    page = f"/view/incidents/{created['id']}/verifikasi"
    async with sign_in(stack, stack.keys.approver) as approver:
        assert (await approver.get("/verifikasi")).status_code == 403
        assert (await approver.get(page)).status_code == 403
    async with sign_in(stack, stack.keys.officer) as officer:
        assert (await officer.get("/persetujuan")).status_code == 403
    async with sign_in(stack, stack.keys.verifier) as verifier:
        html = (await verifier.get(page)).text
        forged = await verifier.post(page, data=_verdict_form(html, csrf="forged"))
        assert forged.status_code == 403
        shown = page_text(html)
        assert "Menunggu verifikasi" in shown and "WITA" in shown
        assert shown_wrongly(shown, created["id"]) == []
    after = await wait_for(stack.http, stack.keys.officer, created["id"], stage="verification")
    assert after["verdict"] is None


async def test_a_double_submitted_verdict_is_recorded_once(sqlite_stack: Stack) -> None:
    stack = sqlite_stack
    created = await report(stack.http, stack.keys.officer, LOW_CLAIM)
    await wait_for(stack.http, stack.keys.officer, created["id"], stage="verification")
    page = f"/view/incidents/{created['id']}/verifikasi"
    async with sign_in(stack, stack.keys.verifier) as verifier:
        form = _verdict_form((await verifier.get(page)).text)
        first = await verifier.post(page, data=form)
        second = await verifier.post(page, data=form)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == f"/view/incidents/{created['id']}?done=1"
    incident = await wait_for(stack.http, stack.keys.officer, created["id"], stage="approval")
    assert incident["verification"]["evidence_urls"] == [
        "https://pu.badungkab.go.id/info/77",
        "https://badungkab.go.id/berita/1",
    ]
    events = await timeline(stack.http, stack.keys.officer, created["id"])
    assert [e["type"] for e in events].count("verified") == 1


async def test_a_verdict_for_an_incident_past_verification_is_refused_on_its_form(
    sqlite_stack: Stack,
) -> None:
    stack = sqlite_stack
    created = await report(stack.http, stack.keys.officer, LOW_CLAIM)
    await wait_for(stack.http, stack.keys.officer, created["id"], stage="verification")
    page = f"/view/incidents/{created['id']}/verifikasi"
    async with sign_in(stack, stack.keys.verifier) as verifier:
        form = _verdict_form((await verifier.get(page)).text)
        # Someone else records the verdict first (through the API) …
        verdict = {
            "verdict": "misleading",
            "summary": "Sudah diperiksa.",
            "checklist": ["source_traced"],
        }
        response = await stack.http.post(
            f"/incidents/{created['id']}/verification",
            json=verdict,
            headers=auth(stack.keys.verifier),
        )
        assert response.status_code == 200, response.text
        # … so this one is refused, on the form, with what was typed.
        refused = await verifier.post(page, data=form)
        assert refused.status_code == 409
        shown = page_text(refused.text)
        assert "Tahap insiden tidak memungkinkan tindakan ini" in shown
        assert SUMMARY in refused.text and "Dinas PUPR Kabupaten Badung" in refused.text
        # An empty summary is named on its field, in the reader's language.
        await verifier.get("/lang/en")
        empty = await verifier.post(page, data={**form, "summary": "  "})
        assert empty.status_code == 422
        assert "The summary of the facts is required" in page_text(empty.text)
        assert "rv_" not in page_text(empty.text)
    incident = await wait_for(stack.http, stack.keys.officer, created["id"], stage="approval")
    assert incident["verdict"] == "misleading"


async def test_an_approval_waits_on_those_whose_approval_would_count(sqlite_stack: Stack) -> None:
    """Critical: two approvals, one of them a leader's. Once two approvers who are not leaders
    approved, it waits on the leader alone."""
    stack = sqlite_stack
    incident = await incident_in_approval(stack, CRITICAL_CLAIM)
    engine = engine_for(stack.settings.effective_database_url)
    kasubag = person_key(engine, "Kasubag Humas", [Role.APPROVER])
    other = person_key(engine, "Kabid IKP", [Role.APPROVER])
    for key in (stack.keys.approver, kasubag):
        decided = await decide(stack.http, key, incident["id"], incident["draft"]["hash"])
        assert decided.status_code == 200, decided.text

    async def lists(key: str) -> tuple[str, str]:
        async with sign_in(stack, key) as client:
            html = (await client.get("/persetujuan")).text
        waiting, others = html.split('id="others"')
        return waiting, others

    for key in (stack.keys.approver, other):  # approved it; can't give the leader's approval
        waiting, others = await lists(key)
        assert incident["id"] not in waiting and incident["id"] in others
    waiting, others = await lists(stack.keys.leader)
    assert incident["id"] in waiting and incident["id"] not in others
    text = page_text(waiting)
    assert "Menunggu Anda (1)" in text
    assert "2 dari 2 persetujuan, masih perlu satu dari: pimpinan" in text
    assert shown_wrongly(text, incident["id"]) == []
    async with sign_in(stack, stack.keys.leader) as leader:
        await leader.get("/lang/en")
        listed = page_text((await leader.get("/persetujuan")).text)
        page = page_text((await leader.get(f"/view/incidents/{incident['id']}/persetujuan")).text)
    assert "Waiting for you (1)" in listed and "2 of 2 approvals" in listed
    assert "The whole klarifikasi text" in page and "Approve v1" in page
    assert "rv_" not in listed + page


async def test_sending_a_draft_back_needs_a_reason_said_on_the_approval_page(
    sqlite_stack: Stack,
) -> None:
    stack = sqlite_stack
    incident = await incident_in_approval(stack, LOW_CLAIM)
    page = f"/view/incidents/{incident['id']}/persetujuan"
    async with sign_in(stack, stack.keys.approver) as approver:
        html = (await approver.get(page)).text
        form = {"csrf": csrf_of(html), "draft_hash": incident["draft"]["hash"]}
        bare = await approver.post(page, data={**form, "decision": "request_changes"})
        assert bare.status_code == 422
        assert "Permintaan tidak valid" in page_text(bare.text)
        assert 'id="decision-form"' in bare.text  # the buttons are still there to try again
        reason = "Sebutkan nomor siaran pers KPU di paragraf kedua."
        sent = await approver.post(
            page, data={**form, "decision": "request_changes", "reason": reason}
        )
        assert sent.status_code == 303 and sent.headers["location"] == page + "?done=1"
    back = await wait_for(stack.http, stack.keys.officer, incident["id"], stage="drafting")
    assert [(d["decision"], d["reason"]) for d in back["decisions"]] == [
        ("request_changes", reason)
    ]
