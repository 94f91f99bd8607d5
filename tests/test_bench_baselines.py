"""The status read's same-work baseline (`bench.bare_reads`) serves what Tangkal's status read
serves, so the ratio the bench reports compares the same work: the same incident, its latest
draft, decisions, publications and media; an unknown key refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from bench.instructions import _app, prepare


async def _status(app: Any, key: str, incident_id: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        return await client.get(
            f"/incidents/{incident_id}", headers={"Authorization": f"Bearer {key}"}
        )


async def test_the_same_work_route_reads_what_the_status_read_shows(tmp_path: Path) -> None:
    url, key, incident_id = prepare(tmp_path)
    ours = (await _status(_app("tangkal", url), key, incident_id)).json()
    same = (await _status(_app("same", url), key, incident_id)).json()

    assert same["id"] == ours["id"] == incident_id
    assert same["claim"] == ours["claim"]
    assert same["stage"] == ours["stage"] == "monitoring"
    assert same["d_body"] == ours["draft"]["body"]
    assert same["d_hash"] == ours["draft"]["hash"]
    assert [d["actor"]["name"] for d in same["decisions"]] == [
        d["actor"]["name"] for d in ours["decisions"]
    ]
    assert [p["url"] for p in same["publications"]] == [p["url"] for p in ours["publications"]]
    assert same["risk_factors"] == ours["risk_factors"]


async def test_the_same_work_route_refuses_an_unknown_key(tmp_path: Path) -> None:
    url, _, incident_id = prepare(tmp_path)
    refused = await _status(_app("same", url), "tk_not-a-key", incident_id)
    assert refused.status_code == 401
    assert (await _status(_app("tangkal", url), "tk_not-a-key", incident_id)).status_code == 401
