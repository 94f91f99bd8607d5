"""The one place where failures of outside systems are classified for Temporal's retries.

- retryable: transport errors, 5xx, 408: Temporal retries with backoff;
- retry-after: 429/503 with `Retry-After`: retried after exactly that delay;
- non-retryable: other 4xx, missing configuration: retrying cannot help; and a request that
  cannot be repeated safely, lost after it was sent (it may have been carried out).

Slack's Web API answers in its own terms (an error code in a 200): `activities/slack/errors.py`.
"""

from __future__ import annotations

from datetime import timedelta

import httpx
from temporalio.exceptions import ApplicationError

MAX_RETRY_AFTER = timedelta(minutes=15)


def retry_after(headers: httpx.Headers) -> timedelta | None:
    raw = headers.get("retry-after", "").strip()
    if raw.isdigit():
        return min(timedelta(seconds=int(raw)), MAX_RETRY_AFTER)
    return None


def classify_response(
    service: str, response: httpx.Response, delay: timedelta | None = None
) -> ApplicationError | None:
    """None when the response is a success; otherwise the error to raise.

    `delay`: a wait the service asked for in its body (Telegram's `parameters.retry_after`).
    """
    status = response.status_code
    if 200 <= status < 300:
        return None
    message = f"{service} answered HTTP {status}"
    delay = min(delay, MAX_RETRY_AFTER) if delay else retry_after(response.headers)
    if status in (429, 503) and delay is not None:
        return ApplicationError(message, type="RetryAfter", next_retry_delay=delay)
    if status >= 500 or status in (408, 425, 429):
        return ApplicationError(message, type="Retryable")
    return ApplicationError(message, type="Rejected", non_retryable=True)


def classify_transport(
    service: str, exc: httpx.TransportError, *, idempotent: bool = True
) -> ApplicationError:
    """`idempotent=False`: a request the service cannot recognise when repeated (Telegram's
    sendMessage). Lost after it was sent, it may have been carried out: a person checks
    before it is sent again, because a retry could publish twice."""
    # The exception text may carry a URL with credentials; name only its class.
    name = type(exc).__name__
    never_sent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
    if idempotent or never_sent:
        return ApplicationError(f"{service} unreachable ({name})", type="Retryable")
    return ApplicationError(
        f"{service}: no answer after sending ({name}); check whether it was posted before retrying",
        type="Ambiguous",
        non_retryable=True,
    )


def misconfigured(message: str) -> ApplicationError:
    return ApplicationError(message, type="Misconfigured", non_retryable=True)
