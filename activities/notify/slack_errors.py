"""The one place where Slack Web API failures are classified for Temporal's retries."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import aiohttp
from slack_sdk.errors import SlackApiError
from temporalio.exceptions import ApplicationError

from activities.errors import MAX_RETRY_AFTER

# Errors no retry can cure: the token, the channel or the payload must change first.
PERMANENT = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "no_permission",
        "missing_scope",
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "invalid_blocks",
        "invalid_blocks_format",
        "msg_too_long",
        "msg_blocks_too_long",
        "restricted_action",
        "user_not_found",
        "user_not_in_channel",
        "invalid_arguments",
        "ekm_access_denied",
    }
)


def classify_slack(exc: Exception, method: str) -> ApplicationError:
    if isinstance(exc, SlackApiError):
        status = exc.response.status_code
        code = str(exc.response.get("error", "unknown_error"))
        if status == 429 or code == "ratelimited":
            headers = {k.lower(): v for k, v in (exc.response.headers or {}).items()}
            raw = headers.get("retry-after", "1")
            raw = raw[0] if isinstance(raw, list) else raw
            seconds = int(raw) if str(raw).isdigit() else 1
            delay = min(timedelta(seconds=seconds), MAX_RETRY_AFTER)
            return ApplicationError(
                f"slack {method}: rate limited", type="RetryAfter", next_retry_delay=delay
            )
        if code in PERMANENT:
            return ApplicationError(
                f"slack {method}: {code}", type="SlackRejected", non_retryable=True
            )
        return ApplicationError(f"slack {method}: {code} (HTTP {status})", type="Retryable")
    if isinstance(exc, aiohttp.ClientError | asyncio.TimeoutError):
        return ApplicationError(
            f"slack {method}: unreachable ({type(exc).__name__})", type="Retryable"
        )
    raise exc
