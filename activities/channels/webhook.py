"""The webhook channel: a signed JSON POST the organisation's CMS receives.

`X-Tangkal-Signature: sha256=<hex HMAC of "timestamp.body">`; the `Idempotency-Key` is sent with
every attempt so a receiver that saw a request whose answer we lost recognises the retry.
Event `type`: publication, correction or retraction.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import httpx

from activities.channels.base import Delivered, secret_of
from activities.errors import classify_response, classify_transport
from activities.types import PublishRequest
from core.policy import Channel, Organization
from core.settings import Settings


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


class WebhookChannel:
    def __init__(
        self, http: httpx.AsyncClient, organization: Organization, settings: Settings
    ) -> None:
        self._http = http
        self._organization = organization
        self._settings = settings

    def _payload(self, request: PublishRequest, key: str) -> bytes:
        document: dict[str, Any] = {
            "type": request.operation,
            "idempotency_key": key,
            "incident_id": request.incident_id,
            "draft_version": request.draft_version,
            "draft_hash": request.draft_hash,
            "verdict": request.verdict,
            "claim": request.claim,
            "title": request.title,
            "body": request.body,
            "language": request.language,
            "issuer": {"name": self._organization.name, "url": self._organization.url},
        }
        if request.operation != "publication":
            document["reason"] = request.reason
            document["previous_version"] = request.previous_version
            document["previous_external_id"] = request.previous_external_id
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    async def deliver(self, channel: Channel, request: PublishRequest, key: str) -> Delivered:
        # Without `secret_env` the receiver gets the request unsigned.
        secret = secret_of(channel, self._settings) if channel.secret_env else ""
        body = self._payload(request, key)
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": key,
            "X-Tangkal-Timestamp": timestamp,
            "User-Agent": "Tangkal/0.1",
        }
        if secret:
            headers["X-Tangkal-Signature"] = sign(secret, timestamp, body)
        try:
            response = await self._http.post(channel.url, content=body, headers=headers)
        except httpx.TransportError as exc:
            raise classify_transport(f"channel {channel.name}", exc) from None
        error = classify_response(f"channel {channel.name}", response)
        if error is not None:
            raise error
        if not response.headers.get("content-type", "").startswith("application/json"):
            return Delivered()
        answer = response.json()
        if not isinstance(answer, dict):
            return Delivered()
        url = answer.get("url") if isinstance(answer.get("url"), str) else None
        raw_id = answer.get("id")
        return Delivered(url=url, external_id=str(raw_id) if raw_id is not None else None)
