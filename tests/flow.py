"""Steps a PR team takes, over HTTP, used by the lifecycle tests."""

from __future__ import annotations

import asyncio
import json
import re
import time
from typing import Any

import httpx

CRITICAL_CLAIM = {
    "claim": "Video viral: petugas KPU Badung mencoblos surat suara sebelum pemilu di TPS 12",
    "source_urls": ["https://www.tiktok.com/@akun/video/123"],
    "platform": "tiktok",
    "reach": 250000,
    "media_type": "video",
}
LOW_CLAIM = {
    "claim": "Jalan Sunset Road ditutup total selama sebulan mulai besok",
    "platform": "whatsapp",
    "reach": 40,
    "media_type": "text",
}
VERDICT = {
    "verdict": "false",
    "summary": "KPU Kabupaten Badung memastikan seluruh surat suara masih tersegel di gudang.",
    "evidence_urls": ["https://kpu-badungkab.go.id/siaran-pers/12"],
    "authority": "KPU Kabupaten Badung",
    "checklist": ["source_traced", "agency_statement"],
}


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def wait_for(
    http: httpx.AsyncClient, key: str, incident_id: str, *, stage: str, timeout: float = 30.0
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        response = await http.get(f"/incidents/{incident_id}", headers=auth(key))
        assert response.status_code == 200, response.text
        incident: dict[str, Any] = response.json()
        if incident["stage"] == stage:
            return incident
        if time.monotonic() > deadline:
            raise AssertionError(f"{incident_id} stuck in {incident['stage']}, wanted {stage}")
        await asyncio.sleep(0.1)


async def report(http: httpx.AsyncClient, key: str, claim: dict[str, Any]) -> dict[str, Any]:
    response = await http.post("/incidents", json=claim, headers=auth(key))
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def verify(
    http: httpx.AsyncClient, key: str, incident_id: str, verdict: dict[str, Any] | None = None
) -> dict[str, Any]:
    response = await http.post(
        f"/incidents/{incident_id}/verification", json=verdict or VERDICT, headers=auth(key)
    )
    assert response.status_code == 200, response.text
    outcome: dict[str, Any] = response.json()
    return outcome


async def decide(
    http: httpx.AsyncClient,
    key: str,
    incident_id: str,
    draft_hash: str,
    decision: str = "approve",
    reason: str | None = None,
) -> httpx.Response:
    body: dict[str, Any] = {"decision": decision, "draft_hash": draft_hash}
    if reason is not None:
        body["reason"] = reason
    return await http.post(f"/incidents/{incident_id}/decisions", json=body, headers=auth(key))


async def timeline(http: httpx.AsyncClient, key: str, incident_id: str) -> list[dict[str, Any]]:
    response = await http.get(f"/incidents/{incident_id}/timeline", headers=auth(key))
    assert response.status_code == 200, response.text
    events: list[dict[str, Any]] = response.json()
    return events


async def approved_incident(
    http: httpx.AsyncClient,
    keys: Any,
    claim: dict[str, Any] | None = None,
    verdict: dict[str, Any] | None = None,
) -> str:
    """A critical incident reported, verified, and approved by an approver and a leader."""
    incident_id = str((await report(http, keys.officer, claim or CRITICAL_CLAIM))["id"])
    await wait_for(http, keys.officer, incident_id, stage="verification")
    await verify(http, keys.verifier, incident_id, verdict)
    draft = (await wait_for(http, keys.officer, incident_id, stage="approval"))["draft"]
    for key in (keys.approver, keys.leader):
        assert (await decide(http, key, incident_id, draft["hash"])).status_code == 200
    return incident_id


def jsonld_in(html: str) -> dict[str, Any]:
    """The JSON-LD document a page or post carries in its script element."""
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found, html
    document: dict[str, Any] = json.loads(found[1])
    return document
