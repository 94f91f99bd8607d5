"""POST /signals: social-listening tools push what they saw; it is treated like a feed item.

The HMAC-SHA256 signature (`X-Tangkal-Signature: sha256=<hex>` over `<timestamp>.<raw body>`,
the scheme of Tangkal's own outbound webhooks) is checked over the raw body before anything is
parsed; timestamps older than five minutes are refused, so a captured request cannot be replayed.
The secret comes from the env var the policy names (`Settings.secret`: the environment or the
.env file) and appears in no response or log.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from datetime import UTC, datetime
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from api.deps import Services, ServicesDep
from api.problems import Problem
from api.schemas import HttpUrl, Line
from api.schemas import Request as RequestModel
from api.starter import start_incident
from core.detection.admission import MAX_COUNT, MonitoredItem, admit, item_key
from core.domain import MediaType, Platform

log = logging.getLogger(__name__)
router = APIRouter(tags=["monitoring"])
MAX_AGE_SECONDS = 300


class SignalItem(RequestModel):
    id: Line | None = Field(default=None, min_length=1, max_length=300)
    text: str = Field(min_length=3, max_length=5000)
    url: HttpUrl | None = None
    platform: Platform | None = None
    reach: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    growth_per_hour: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    media_type: MediaType | None = None


class SignalBatch(RequestModel):
    source: str = Field(min_length=1, max_length=48, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    items: list[SignalItem] = Field(min_length=1, max_length=100)


class SignalOutcome(BaseModel):
    key: str
    status: Literal["opened", "seen", "below_threshold"]
    score: int
    incident_id: str | None


class SignalReceipt(BaseModel):
    items: list[SignalOutcome]


def _secret(services: Services) -> bytes:
    env = services.policy.monitoring.signals_secret_env
    secret = services.settings.secret(env) if env else None
    if secret is None:
        raise Problem(
            503, "signals are not configured: set [monitoring].signals_secret_env and its env var"
        )
    return secret.get_secret_value().encode()


def _check_signature(secret: bytes, timestamp: str, signature: str, raw: bytes) -> None:
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_AGE_SECONDS:
        raise Problem(401, "X-Tangkal-Timestamp missing or older than 5 minutes", code="stale")
    expected = (
        "sha256=" + hmac.new(secret, timestamp.encode() + b"." + raw, hashlib.sha256).hexdigest()
    )
    if not hmac.compare_digest(expected, signature):
        raise Problem(401, "X-Tangkal-Signature does not match the body", code="bad_signature")


@router.post(
    "/signals",
    response_model=SignalReceipt,
    openapi_extra={
        "requestBody": {
            "content": {"application/json": {"schema": SignalBatch.model_json_schema()}}
        }
    },
)
async def receive_signals(request: Request, services: ServicesDep) -> SignalReceipt:
    """Items from a social-listening tool; each opens at most one incident (monitor:<source>)."""
    raw = await request.body()
    _check_signature(
        _secret(services),
        request.headers.get("x-tangkal-timestamp", ""),
        request.headers.get("x-tangkal-signature", ""),
        raw,
    )
    try:
        batch = SignalBatch.model_validate_json(raw)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**err, "loc": ("body", *err["loc"])} for err in exc.errors()]
        ) from None
    policy = services.policy
    outcomes = []
    for signal in batch.items:
        item = MonitoredItem(
            key=item_key(signal.id, signal.url, signal.text),
            text=signal.text,
            url=signal.url,
            reach=signal.reach,
            growth_per_hour=signal.growth_per_hour,
            platform=signal.platform.value if signal.platform else Platform.OTHER.value,
            media_type=signal.media_type.value if signal.media_type else None,
        )
        now = datetime.now(UTC)
        admission = await run_in_threadpool(
            admit, services.engine, policy, batch.source, item, policy.monitoring.min_score, now
        )
        if admission.incident_id is not None:
            try:
                await start_incident(services, admission.incident_id)
            except Exception:
                # Stored: the reconciler starts the workflow once Temporal answers again.
                log.warning("workflow start for %s deferred", admission.incident_id)
        outcomes.append(
            SignalOutcome(
                key=admission.key,
                status=admission.status,
                score=admission.score,
                incident_id=admission.incident_id,
            )
        )
    return SignalReceipt(items=outcomes)
