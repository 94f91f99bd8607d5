"""Bad requests get a clear 4xx naming the problem, and change nothing."""

from __future__ import annotations

from typing import Any

import httpx

from core.words.problems import LEADS
from tests.flow import CRITICAL_CLAIM, LOW_CLAIM, auth, decide, report, timeline, verify, wait_for
from tests.support import Stack


def problem(response: httpx.Response, status: int, *words: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    for word in words:
        assert word in body["detail"], f"{word!r} not in {body['detail']!r}"
    # Bahasa Indonesia first: the problem's lead, then the reason.
    assert body["detail"].split(": ")[0] in {w.id for w in LEADS.values()} | {
        "Permintaan tidak dapat dibaca"
    } or body["detail"].startswith("Tindakan ini"), body["detail"]
    return body


async def _in_approval(stack: Stack) -> tuple[str, dict[str, Any]]:
    http, keys = stack.http, stack.keys
    incident_id = (await report(http, keys.officer, CRITICAL_CLAIM))["id"]
    await wait_for(http, keys.officer, incident_id, stage="verification")
    await verify(http, keys.verifier, incident_id)
    incident = await wait_for(http, keys.officer, incident_id, stage="approval")
    return incident_id, incident


async def test_decisions_that_break_the_rules_are_refused_and_change_nothing(
    sqlite_stack: Stack,
) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    incident_id, incident = await _in_approval(sqlite_stack)
    v1 = incident["draft"]
    before = await timeline(http, keys.leader, incident_id)

    problem(await decide(http, keys.officer, incident_id, v1["hash"]), 403, "approver")
    problem(await decide(http, keys.approver, incident_id, "0" * 64), 422, "draft_hash")
    problem(await decide(http, keys.approver, incident_id, v1["hash"], "reject"), 422, "reason")

    # The verifier (also an officer) rewrites the draft: v1's hash is now stale,
    # and the author of v2 may not approve it.
    edited = await http.put(
        f"/incidents/{incident_id}/draft",
        headers=auth(keys.verifier),
        json={"title": v1["title"], "body": v1["body"] + " Tambahan."},
    )
    assert edited.status_code == 200, edited.text
    v2 = edited.json()["incident"]["draft"]
    before = await timeline(http, keys.leader, incident_id)
    stale = problem(await decide(http, keys.approver, incident_id, v1["hash"]), 409, "older")
    assert stale["code"] == "stale_draft"
    unknown_field = await http.post(
        f"/incidents/{incident_id}/decisions",
        headers=auth(keys.leader),
        json={"decision": "approve", "draft_hash": v2["hash"], "auto": True},
    )
    assert problem(unknown_field, 422, "auto")["errors"][0]["field"] == "auto"
    after = await timeline(http, keys.leader, incident_id)
    assert after == before
    current = (await http.get(f"/incidents/{incident_id}", headers=auth(keys.leader))).json()
    assert current["approvals"] == [] and current["stage"] == "approval"


async def test_self_approval_is_refused(sqlite_stack: Stack) -> None:
    http = sqlite_stack.http
    incident_id, _ = await _in_approval(sqlite_stack)
    # The leader holds the approver role; give them a draft of their own by way of a key that
    # is both officer and approver.
    from core.db import engine_for
    from core.domain import Role
    from core.keys import create_key

    both = create_key(
        engine_for(sqlite_stack.settings.effective_database_url),
        "Kabag merangkap",
        [Role.OFFICER, Role.APPROVER],
    )
    edited = await http.put(
        f"/incidents/{incident_id}/draft",
        headers=auth(both),
        json={"title": "[HOAKS] Surat suara dicoblos", "body": "Faktanya..."},
    )
    assert edited.status_code == 200, edited.text
    v2 = edited.json()["incident"]["draft"]
    refused = problem(await decide(http, both, incident_id, v2["hash"]), 403, "someone else")
    assert refused["code"] == "self_approval"


async def test_wrong_stage_is_a_conflict(sqlite_stack: Stack) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    incident_id = (await report(http, keys.officer, LOW_CLAIM))["id"]
    await wait_for(http, keys.officer, incident_id, stage="verification")
    before = await timeline(http, keys.officer, incident_id)
    refused = await decide(http, keys.approver, incident_id, "a" * 64)
    assert problem(refused, 409, "verification")["code"] == "wrong_stage"
    edit = await http.put(
        f"/incidents/{incident_id}/draft",
        headers=auth(keys.officer),
        json={"title": "x", "body": "y"},
    )
    problem(edit, 409, "stage")
    assert await timeline(http, keys.officer, incident_id) == before


async def test_verification_rules(sqlite_stack: Stack) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    incident_id = (await report(http, keys.officer, LOW_CLAIM))["id"]
    await wait_for(http, keys.officer, incident_id, stage="verification")
    url = f"/incidents/{incident_id}/verification"
    body = {"verdict": "false", "summary": "Dinas PU: tidak ada penutupan."}
    problem(await http.post(url, json=body, headers=auth(keys.verifier)), 422, "source_traced")
    problem(
        await http.post(
            url,
            json={**body, "verdict": "maybe", "checklist": ["source_traced"]},
            headers=auth(keys.verifier),
        ),
        422,
        "verdict",
    )
    problem(
        await http.post(
            url,
            json={**body, "evidence_urls": ["javascript:alert(1)"]},
            headers=auth(keys.verifier),
        ),
        422,
        "evidence_urls",
    )
    problem(await http.post(url, json=body, headers=auth(keys.approver)), 403, "verifier")
    still = (await http.get(f"/incidents/{incident_id}", headers=auth(keys.officer))).json()
    assert still["stage"] == "verification" and still["verdict"] is None


async def test_reports_are_validated(sqlite_stack: Stack) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    listing = (await http.get("/incidents", headers=auth(keys.leader))).json()
    problem(
        await http.post(
            "/incidents", json={"claim": "x" * 10, "severity": "low"}, headers=auth(keys.officer)
        ),
        422,
        "severity",
    )
    problem(
        await http.post(
            "/incidents", json={"claim": "Hoaks", "platform": "myspace"}, headers=auth(keys.officer)
        ),
        422,
        "platform",
    )
    problem(
        await http.post("/incidents", json={"reach": 5}, headers=auth(keys.officer)), 422, "claim"
    )
    problem(
        await http.post(
            "/incidents",
            content=b"{not json",
            headers={**auth(keys.officer), "content-type": "application/json"},
        ),
        422,
    )
    huge = {"claim": "Hoaks", "notes": "x" * 70_000}
    problem(await http.post("/incidents", json=huge, headers=auth(keys.officer)), 413, "bytes")
    problem(
        await http.post("/incidents", json=LOW_CLAIM, headers=auth(keys.verifier + "x")),
        401,
        "API key",
    )
    problem(await http.post("/incidents", json=LOW_CLAIM), 401, "bearer")
    problem(
        await http.post("/incidents", json=LOW_CLAIM, headers=auth(keys.approver)), 403, "officer"
    )
    problem(await http.get("/incidents/TK-NOPE", headers=auth(keys.leader)), 404, "TK-NOPE")
    problem(await http.get("/incidents?cursor=%%%", headers=auth(keys.leader)), 422, "cursor")
    assert (await http.get("/incidents", headers=auth(keys.leader))).json() == listing


async def test_idempotency_key_returns_the_same_incident(sqlite_stack: Stack) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    headers = {**auth(keys.officer), "Idempotency-Key": "lapor-2026-11-27-001"}
    first = await http.post("/incidents", json=LOW_CLAIM, headers=headers)
    again = await http.post("/incidents", json=LOW_CLAIM, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    other = await http.post("/incidents", json={**LOW_CLAIM, "reach": 41}, headers=headers)
    problem(other, 422, "Idempotency-Key")
    page = (
        await http.get("/incidents", params={"q": "sunset road"}, headers=auth(keys.leader))
    ).json()
    assert [item["id"] for item in page["items"]].count(first.json()["id"]) == 1


async def test_listing_filters_and_pages(sqlite_stack: Stack) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    ids = [
        (
            await report(
                http,
                keys.officer,
                {**LOW_CLAIM, "claim": f"Pengumuman palsu nomor {word} soal pajak kendaraan"},
            )
        )["id"]
        for word in ("satu", "dua", "tiga")
    ]
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, str | int] = {"limit": 2, "q": "pajak kendaraan"}
        if cursor:
            params["cursor"] = cursor
        page = (await http.get("/incidents", params=params, headers=auth(keys.leader))).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(ids)
    assert seen == sorted(seen, key=ids.index, reverse=True)  # newest first
    bad = await http.get("/incidents", params={"stage": "limbo"}, headers=auth(keys.leader))
    problem(bad, 422, "stage")
