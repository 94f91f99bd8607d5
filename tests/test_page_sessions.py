"""Page sessions end on the server at sign-out, and refused sign-ins are throttled and logged."""

from __future__ import annotations

import logging
import random

import httpx
import pytest

from api.pages.sign_in_throttle import MAX_FAILURES
from tests.pages_flow import credentials, csrf_of, sign_in
from tests.support import PASSWORD, Stack


async def test_a_copied_cookie_stops_working_at_sign_out(stack: Stack) -> None:
    async with sign_in(stack, stack.keys.leader) as leader:
        page = await leader.get("/")
        assert page.status_code == 200
        copied = dict(leader.cookies.items())
        async with httpx.AsyncClient(base_url=str(stack.http.base_url), cookies=copied) as thief:
            assert (await thief.get("/")).status_code == 200
            signed_out = await leader.post("/logout", data={"csrf": csrf_of(page.text)})
            assert signed_out.status_code == 303
            after = await thief.get("/")
        assert after.status_code == 303 and after.headers["location"] == "/login"
    # Signing in again gives a new session that works.
    async with sign_in(stack, stack.keys.leader) as again:
        assert (await again.get("/")).status_code == 200


async def test_refused_sign_ins_are_throttled_per_address_and_logged_without_the_password(
    stack: Stack, caplog: pytest.LogCaptureFixture
) -> None:
    # An address of its own on the loopback: other tests sign in from 127.0.0.1 and share
    # the PostgreSQL database with this one.
    address = f"127.{random.randint(1, 254)}.{random.randint(1, 254)}.{random.randint(2, 254)}"
    transport = httpx.AsyncHTTPTransport(local_address=address)
    base = str(stack.http.base_url)
    leader = credentials(stack.keys.leader)
    guesses = [f"tebakan-{n}-rahasia" for n in range(MAX_FAILURES)]
    with caplog.at_level(logging.INFO, logger="api.pages.signin"):
        async with httpx.AsyncClient(base_url=base, transport=transport) as guesser:
            for guess in guesses:
                refused = await guesser.post("/login", data={**leader, "password": guess})
                assert refused.status_code == 401, refused.text
            # Past the limit even the right password waits: nothing is checked meanwhile.
            throttled = await guesser.post("/login", data=leader)
    assert throttled.status_code == 429
    assert 0 < int(throttled.headers["retry-after"]) <= 15 * 60
    assert "Terlalu banyak percobaan masuk yang gagal" in throttled.text
    assert "menit" in throttled.text and "set-cookie" not in throttled.headers
    logged = [r.getMessage() for r in caplog.records if r.name == "api.pages.signin"]
    assert sum("refused" in line and address in line for line in logged) == MAX_FAILURES
    assert any("throttled" in line and address in line for line in logged)
    assert not any(guess in line for guess in guesses for line in logged)
    assert not any(PASSWORD in line for line in logged)
    assert any(leader["name"] in line for line in logged)  # whose name was tried
    # Another address is not held back by this one's failures.
    async with sign_in(stack, stack.keys.leader) as signed_in:
        assert (await signed_in.get("/")).status_code == 200
