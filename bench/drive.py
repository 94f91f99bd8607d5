"""Driving incidents through the API the way a PR team does, with timings.

People act when Slack shows them the card (verification, then approval) and decide through
the API; the end of the lifecycle is awaited on Temporal, as the bare baseline's is.
"""

from __future__ import annotations

import secrets
import string
import time
from dataclasses import dataclass, field
from typing import Any

from bench.stack import BenchStack
from tests.flow import VERDICT, auth
from tests.slack_flow import APPROVE_CHANNEL, VERIFY_CHANNEL

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


def distinct(claim: dict[str, Any]) -> dict[str, Any]:
    """Distinct words per report, or triage rightly joins them all as duplicates of the first
    (letters only: triage ignores numbers, which change between recycled hoaxes)."""
    words = " ".join(
        "".join(secrets.choice(string.ascii_lowercase) for _ in range(8)) for _ in range(6)
    )
    return {**claim, "claim": f"{claim['claim']} ({words})"}


async def to_approval(
    stack: BenchStack, claim: dict[str, Any], timings: Timings
) -> tuple[str, str]:
    """Reports a claim, verifies it when its card arrives; returns the id and the draft hash
    once the approval card shows it."""
    http, keys = stack.http, stack.keys
    started = time.perf_counter()
    created = await http.post("/incidents", json=distinct(claim), headers=auth(keys.officer))
    created.raise_for_status()
    incident_id = str(created.json()["id"])
    await stack.cards.button(VERIFY_CHANNEL, incident_id, "tangkal.verdict.false")
    timings.report_to_verification_ms.append((time.perf_counter() - started) * 1000)
    verified = await http.post(
        f"/incidents/{incident_id}/verification", json=VERDICT, headers=auth(keys.verifier)
    )
    verified.raise_for_status()
    value = await stack.cards.button(APPROVE_CHANNEL, incident_id, "tangkal.approve")
    return incident_id, value.split("|")[1]


async def whole_lifecycle(stack: BenchStack, timings: Timings) -> str:
    incident_id, draft_hash = await to_approval(stack, CLAIM, timings)
    started = time.perf_counter()
    decided = await stack.http.post(
        f"/incidents/{incident_id}/decisions",
        headers=auth(stack.keys.approver),
        json={"decision": "approve", "draft_hash": draft_hash},
    )
    decided.raise_for_status()
    timings.decision_ms.append((time.perf_counter() - started) * 1000)
    resolution = await stack.client.get_workflow_handle(incident_id).result()
    if resolution != "published":
        raise RuntimeError(f"{incident_id} closed as {resolution}, not published")
    timings.approval_to_closed_ms.append((time.perf_counter() - started) * 1000)
    return incident_id


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]
