"""Driving incidents through the API the way a PR team does, with timings."""

from __future__ import annotations

import asyncio
import secrets
import string
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.flow import VERDICT, auth
from tests.support import Keys

POLL = 0.02
CLAIM = {
    "claim": "Pesan berantai: jembatan Tukad Bangkung ditutup total mulai besok pagi",
    "platform": "whatsapp",
    "reach": 60,
    "media_type": "text",
}


@dataclass
class Timings:
    decision_ms: list[float] = field(default_factory=list)
    report_to_verification_ms: list[float] = field(default_factory=list)
    approval_to_closed_ms: list[float] = field(default_factory=list)


async def stage_of(http: httpx.AsyncClient, key: str, incident_id: str) -> dict[str, Any]:
    response = await http.get(f"/incidents/{incident_id}", headers=auth(key))
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    return body


async def until_stage(
    http: httpx.AsyncClient, key: str, incident_id: str, stage: str, timeout: float = 300
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        incident = await stage_of(http, key, incident_id)
        if incident["stage"] == stage:
            return incident
        if incident["stage"] == "closed" or time.monotonic() > deadline:
            raise TimeoutError(f"{incident_id} stuck in {incident['stage']}")
        await asyncio.sleep(POLL)


async def to_approval(
    http: httpx.AsyncClient, keys: Keys, claim: dict[str, Any], timings: Timings
) -> tuple[str, str]:
    started = time.perf_counter()
    # Distinct words per report, or triage rightly joins them all as duplicates of the first.
    # (letters only: triage ignores numbers, which change between recycled hoaxes).
    words = " ".join(
        "".join(secrets.choice(string.ascii_lowercase) for _ in range(8)) for _ in range(6)
    )
    claim = {**claim, "claim": f"{claim['claim']} ({words})"}
    created = await http.post("/incidents", json=claim, headers=auth(keys.officer))
    created.raise_for_status()
    incident_id = str(created.json()["id"])
    await until_stage(http, keys.officer, incident_id, "verification")
    timings.report_to_verification_ms.append((time.perf_counter() - started) * 1000)
    verified = await http.post(
        f"/incidents/{incident_id}/verification", json=VERDICT, headers=auth(keys.verifier)
    )
    verified.raise_for_status()
    incident = await until_stage(http, keys.officer, incident_id, "approval")
    return incident_id, str(incident["draft"]["hash"])


async def whole_lifecycle(http: httpx.AsyncClient, keys: Keys, timings: Timings) -> str:
    incident_id, draft_hash = await to_approval(http, keys, CLAIM, timings)
    started = time.perf_counter()
    decided = await http.post(
        f"/incidents/{incident_id}/decisions",
        headers=auth(keys.approver),
        json={"decision": "approve", "draft_hash": draft_hash},
    )
    decided.raise_for_status()
    timings.decision_ms.append((time.perf_counter() - started) * 1000)
    await until_stage(http, keys.officer, incident_id, "closed")
    timings.approval_to_closed_ms.append((time.perf_counter() - started) * 1000)
    return incident_id


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]
