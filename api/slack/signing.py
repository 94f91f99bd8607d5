"""Slack request signatures (v0 HMAC-SHA256 over the raw body), checked before any parsing."""

from __future__ import annotations

import time
from urllib.parse import parse_qs

from fastapi import Request
from slack_sdk.signature import SignatureVerifier

from api.deps import Services
from api.problems import Problem


async def signed_form(request: Request, services: Services) -> dict[str, str]:
    """The form fields of a request Slack really sent, or 401 (404 when Slack is off)."""
    secret = services.settings.slack_signing_secret
    if secret is None or not secret.get_secret_value():
        raise Problem(404, "Slack is not configured on this server", code="slack_disabled")
    body = await request.body()
    timestamp = request.headers.get("x-slack-request-timestamp")
    signature = request.headers.get("x-slack-signature")
    if not timestamp or not signature:
        raise Problem(
            401, "missing X-Slack-Request-Timestamp or X-Slack-Signature", code="bad_signature"
        )
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 300:
        raise Problem(401, "request timestamp is outside the 5-minute window", code="bad_signature")
    if not SignatureVerifier(secret.get_secret_value()).is_valid(body, timestamp, signature):
        raise Problem(401, "X-Slack-Signature does not match the body", code="bad_signature")
    fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {key: values[0] for key, values in fields.items()}
