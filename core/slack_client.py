"""The Slack Web API client, built from settings; None when Slack is not configured."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from core.settings import Settings


def slack_client(settings: Settings) -> AsyncWebClient | None:
    if settings.slack_bot_token is None or not settings.slack_bot_token.get_secret_value():
        return None
    base_url = (
        settings.slack_api_url
        if settings.slack_api_url.endswith("/")
        else (settings.slack_api_url + "/")
    )
    # Temporal retries failed activities; the client itself must not retry behind our back.
    return AsyncWebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=base_url,
        timeout=10,
        retry_handlers=[],
    )
