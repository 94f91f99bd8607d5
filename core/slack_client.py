"""The Slack Web API client, built from settings; None when Slack is not configured."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from core.settings import Settings


def slack_client(settings: Settings) -> AsyncWebClient | None:
    token = settings.secret("TANGKAL_SLACK_BOT_TOKEN")
    if token is None:
        return None
    return web_client(token.get_secret_value(), settings.slack_api_url)


def web_client(token: str, api_url: str) -> AsyncWebClient:
    """A client for the Web API at `api_url` (Slack's, or a test's fake) with `token`."""
    # Temporal retries failed activities; the client itself must not retry behind our back.
    return AsyncWebClient(
        token=token,
        base_url=api_url if api_url.endswith("/") else api_url + "/",
        timeout=10,
        retry_handlers=[],
    )


@contextlib.asynccontextmanager
async def shared_session(client: AsyncWebClient | None) -> AsyncIterator[None]:
    """One aiohttp session, with its connection pool, for all the client's calls meanwhile.

    Without a session slack_sdk builds one per call (connector, and a new TCP and TLS
    connection to Slack) and closes it after. The session is made as slack_sdk would make it:
    the client's timeout, and no cookies kept from one call to the next.
    """
    if client is None or client.session is not None:
        yield
        return
    session = aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=client.timeout),
        cookie_jar=aiohttp.DummyCookieJar(),
    )
    client.session = session
    try:
        yield
    finally:
        client.session = None
        await session.close()
