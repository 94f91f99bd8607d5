"""The one place where Slack Web API failures are classified for Temporal's retries.

Every Slack caller raises what `classify_slack` returns, so the same answer from Slack is
retried, or refused for good, the same way for a card as for an announcement.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import timedelta
from typing import TypeVar

import aiohttp
from slack_sdk.errors import SlackApiError
from temporalio.exceptions import ApplicationError

from activities.errors import MAX_RETRY_AFTER

# Errors no retry can cure: the token, the channel, the message or the payload must change
# first (an expired token is replaced, not waited for).
PERMANENT = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "no_permission",
        "missing_scope",
        "ekm_access_denied",
        "restricted_action",
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "user_not_found",
        "user_not_in_channel",
        "cant_update_message",
        "message_not_found",
        "no_text",
        "invalid_blocks",
        "invalid_blocks_format",
        "msg_too_long",
        "msg_blocks_too_long",
        "invalid_arguments",
    }
)
T = TypeVar("T")

# Slack sends Retry-After with every 429; without it, wait as long as a rate-limit tier's window.
DEFAULT_RETRY_AFTER = timedelta(seconds=30)


def classify_slack(exc: Exception, method: str) -> ApplicationError:
    """The error to raise for `exc`, raised by the Web API call `method`; any exception that is
    not Slack's nor the network's is raised again as it is.

    The message names the method and Slack's error code, never the token or the request.
    """
    if isinstance(exc, SlackApiError):
        status = exc.response.status_code
        code = str(exc.response.get("error", "unknown_error"))
        if status == 429 or code == "ratelimited":
            return ApplicationError(
                f"slack {method}: rate limited",
                type="RetryAfter",
                next_retry_delay=_retry_after(exc.response.headers),
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


async def slack_call(method: str, call: Awaitable[T]) -> T:
    """The answer of `call`, a call of the Web API method `method`; its failure, classified."""
    try:
        return await call
    except Exception as exc:
        raise classify_slack(exc, method) from None


def _retry_after(headers: dict[str, object] | None) -> timedelta:
    lowered = {name.lower(): value for name, value in (headers or {}).items()}
    raw = lowered.get("retry-after", "")
    raw = raw[0] if isinstance(raw, list) and raw else raw
    seconds = str(raw).strip()
    delay = timedelta(seconds=int(seconds)) if seconds.isdigit() else DEFAULT_RETRY_AFTER
    return min(delay, MAX_RETRY_AFTER)
