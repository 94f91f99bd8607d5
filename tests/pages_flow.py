"""Steps on the leadership pages over plain HTTP: sign in, read the CSRF token, post forms."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx

from tests.flow import LOW_CLAIM, report, verify, wait_for
from tests.support import PASSWORD, PERSON_OF_KEY, Stack

SCRIPT_CLAIM = {
    **LOW_CLAIM,
    "claim": "<script>window.__pwned = 1</script> Jalan Sunset Road ditutup total sebulan",
}


# Its own wording: on the session's shared PostgreSQL database, a claim like another test's open
# incident would be linked to it as a duplicate.
RICE_CLAIM = {
    **LOW_CLAIM,
    "claim": "Pesan berantai: beras gratis dibagikan di kantor Desa Kutuh hari Minggu pagi",
}


@contextlib.asynccontextmanager
async def sign_in(stack: Stack, key: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client of its own (its own cookie jar), signed in as the person whose key `key` is,
    with their name and password."""
    async with httpx.AsyncClient(base_url=str(stack.http.base_url), timeout=30) as client:
        response = await client.post("/login", data=credentials(key))
        assert response.status_code == 303, response.text
        assert response.headers["location"] == "/"
        yield client


def credentials(key: str) -> dict[str, str]:
    """The sign-in form's fields for the person whose key `key` is."""
    return {"name": PERSON_OF_KEY[key], "password": PASSWORD}


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no form carrying a CSRF token"
    return found.group(1)


async def incident_in_approval(stack: Stack, claim: dict[str, Any]) -> dict[str, Any]:
    created = await report(stack.http, stack.keys.officer, claim)
    await wait_for(stack.http, stack.keys.officer, created["id"], stage="verification")
    await verify(stack.http, stack.keys.verifier, created["id"])
    return await wait_for(stack.http, stack.keys.officer, created["id"], stage="approval")
