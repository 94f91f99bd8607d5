"""POST /signals: a social-listening tool's HMAC-signed push opens incidents like a feed does."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from core.migrate import migrate
from core.settings import Settings
from tests.fakes.webhook import WebhookReceiver
from tests.flow import auth, wait_for
from tests.pages_flow import sign_in
from tests.support import Stack, running_stack
from tests.test_words_shown import page_text, shown_wrongly

SECRET_ENV = "TANGKAL_TEST_SIGNALS_SECRET"
SECRET = "sig-" + uuid.uuid4().hex
POLICY = f"""
[monitoring]
min_score = 30
signals_secret_env = "{SECRET_ENV}"
"""
VIRAL = {
    "id": "brand24-889",
    "text": "Video: Bupati Badung disebut mengumumkan pemilu diundur karena anggaran habis",
    "url": "https://www.tiktok.com/@kabarbali/video/889",
    "platform": "tiktok",
    "reach": 120000,
    "growth_per_hour": 15000,
    "media_type": "video",
}
QUIET = {"id": "brand24-890", "text": "Warga menikmati sore di Pantai Kuta", "reach": 12}


@pytest.fixture
async def signal_stack(
    temporal: WorkflowEnvironment, receiver: WebhookReceiver, tmp_path: Path
) -> AsyncIterator[Stack]:
    os.environ[SECRET_ENV] = SECRET
    async with running_stack(
        temporal.client,
        f"sqlite:///{tmp_path / 'tangkal.db'}",
        tmp_path,
        receiver.url,
        policy_extra=POLICY,
    ) as stack:
        yield stack


def _signed(body: dict[str, Any], secret: str = SECRET, age: int = 0) -> dict[str, Any]:
    raw = json.dumps(body).encode()
    stamp = str(int(time.time()) - age)
    digest = hmac.new(secret.encode(), stamp.encode() + b"." + raw, hashlib.sha256).hexdigest()
    headers = {
        "Content-Type": "application/json",
        "X-Tangkal-Timestamp": stamp,
        "X-Tangkal-Signature": f"sha256={digest}",
    }
    return {"content": raw, "headers": headers}


async def test_signed_signal_opens_one_incident(signal_stack: Stack) -> None:
    http, keys = signal_stack.http, signal_stack.keys
    batch = {"source": "brand24", "items": [VIRAL, QUIET]}
    first = await http.post("/signals", **_signed(batch))
    assert first.status_code == 200, first.text
    outcomes = {o["key"]: o for o in first.json()["items"]}
    assert outcomes["brand24-889"]["status"] == "opened"
    assert outcomes["brand24-890"]["status"] == "below_threshold"
    incident_id = outcomes["brand24-889"]["incident_id"]

    triaged = await wait_for(http, keys.officer, incident_id, stage="verification")
    assert triaged["reporter"]["id"] == "monitor:brand24"
    # What the verifier reads about it: in the organisation's language, factors by name.
    assert triaged["reporter"]["name"] == "Pemantauan brand24"
    assert re.fullmatch(r"Ditemukan pemantauan brand24 \(skor \d+\)\.", triaged["notes"])
    explained = {f["factor"]: f["explanation"] for f in triaged["risk_factors"]}
    assert explained["reach"] == "120.000 tayangan/bagikan dilaporkan"
    assert explained["topic"].startswith("topik sensitif: ")
    async with sign_in(signal_stack, keys.verifier) as verifier:
        page = await verifier.get(f"/view/incidents/{incident_id}/verifikasi")
    shown = page_text(page.text)
    assert "oleh Pemantauan brand24" in shown
    assert "Catatan pelapor: Ditemukan pemantauan brand24 (skor" in shown
    # Each risk factor once, in its own list, not again in the notes.
    assert shown.count("120.000 tayangan/bagikan dilaporkan") == 1
    assert shown_wrongly(shown, incident_id) == []
    assert "views" not in shown and "media_type" not in shown and "monitor:" not in shown
    assert triaged["severity"] in ("high", "critical")
    assert {"media_type", "topic", "target", "growth"} <= {
        f["factor"] for f in triaged["risk_factors"]
    }
    assert triaged["growth_per_hour"] == 15000

    again = await http.post("/signals", **_signed(batch))  # the tool retries its push
    assert [o["status"] for o in again.json()["items"]] == ["seen", "seen"]
    listing = await http.get("/incidents?limit=200", headers=auth(keys.leader))
    assert sum(VIRAL["text"] == i["claim"] for i in listing.json()["items"]) == 1


async def test_unsigned_stale_or_malformed_signals_change_nothing(signal_stack: Stack) -> None:
    http = signal_stack.http
    batch = {"source": "brand24", "items": [VIRAL]}
    forged = await http.post("/signals", **_signed(batch, secret="not-the-secret"))
    assert forged.status_code == 401
    assert forged.headers["content-type"] == "application/problem+json"
    assert forged.json()["code"] == "bad_signature"
    assert SECRET not in forged.text

    stale = await http.post("/signals", **_signed(batch, age=3600))
    assert stale.status_code == 401 and stale.json()["code"] == "stale"

    unknown_field = {"source": "brand24", "items": [{**VIRAL, "sentiment": "negative"}]}
    refused = await http.post("/signals", **_signed(unknown_field))
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "items.0.sentiment"

    bad_reach = {"source": "brand24", "items": [{**VIRAL, "reach": -5}]}
    refused = await http.post("/signals", **_signed(bad_reach))
    assert refused.status_code == 422 and "items.0.reach" in refused.json()["detail"]

    del os.environ[SECRET_ENV]  # an operator forgot the secret: refuse, never accept unsigned
    try:
        unconfigured = await http.post("/signals", **_signed(batch))
    finally:
        os.environ[SECRET_ENV] = SECRET
    assert unconfigured.status_code == 503
    assert "signals_secret_env" in unconfigured.json()["detail"]

    listing = await http.get("/incidents", headers=auth(signal_stack.keys.leader))
    assert listing.json()["items"] == []


async def test_a_signals_secret_set_only_in_dotenv_is_the_one_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TANGKAL_SIGNALS_SECRET", raising=False)  # the example policy's name
    dotenv = tmp_path / ".env"
    dotenv.write_text(f"TANGKAL_SIGNALS_SECRET={SECRET}\n")
    url = f"sqlite:///{tmp_path / 'tangkal.db'}"
    migrate(url)
    settings = Settings(
        _env_file=dotenv,
        data_dir=tmp_path,
        database_url=url,
        policy_file=Path("tangkal.example.toml"),
    )
    transport = httpx.ASGITransport(app=create_app(settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://tangkal") as http:
        batch = {"source": "brand24", "items": [QUIET]}
        accepted = await http.post("/signals", **_signed(batch))
        assert accepted.status_code == 200, accepted.text
        assert accepted.json()["items"][0]["status"] == "below_threshold"
        forged = await http.post("/signals", **_signed(batch, secret="not-" + SECRET))
        assert forged.status_code == 401 and SECRET not in forged.text
