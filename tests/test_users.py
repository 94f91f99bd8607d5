"""People sign in to the pages as themselves: `tangkal users create` with a password on stdin
or a one-time sign-in link, argon2id hashes, and API keys that stay for machines."""

from __future__ import annotations

import logging
import re

import httpx
from sqlmodel import Session, select

from api.pages.signin import HideSignInLinks
from core.db import engine_for
from core.policy import load_policy
from core.tables import Person
from tests.pages_flow import csrf_of
from tests.support import Stack, tangkal_cli


def _client(stack: Stack) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=str(stack.http.base_url), timeout=30)


async def test_a_user_made_with_a_password_signs_in_with_their_name(sqlite_stack: Stack) -> None:
    stack = sqlite_stack
    name, password = "Ni Luh Putu Sari", "kopi-bali-pagi-2026"
    made = tangkal_cli(
        stack,
        "users",
        "create",
        "--name",
        name,
        "--role",
        "officer",
        "--role",
        "verifier",
        "--password-stdin",
        stdin=password + "\n",
    )
    assert made.returncode == 0, made.stderr
    assert password not in made.stdout + made.stderr
    assert "officer, verifier" in made.stderr
    with Session(engine_for(stack.settings.effective_database_url)) as session:
        person = session.exec(select(Person).where(Person.name == name)).one()
    assert person.password_hash is not None and person.password_hash.startswith("$argon2id$")
    assert password not in person.password_hash

    again = tangkal_cli(
        stack,
        "users",
        "create",
        "--name",
        name,
        "--role",
        "officer",
        "--password-stdin",
        stdin=password + "\n",
    )
    assert again.returncode == 1 and "can already sign in" in again.stderr
    short = tangkal_cli(
        stack,
        "users",
        "create",
        "--name",
        "Made Pendek",
        "--role",
        "officer",
        "--password-stdin",
        stdin="pendek\n",
    )
    assert short.returncode == 1 and "at least 12 characters" in short.stderr

    async with _client(stack) as browser:
        signed_in = await browser.post("/login", data={"name": name, "password": password})
        assert signed_in.status_code == 303 and signed_in.headers["location"] == "/"
        home = await browser.get("/")
        # Their own name in the header, and the menus of both their roles.
        assert name in home.text
        assert 'href="/lapor"' in home.text and 'href="/verifikasi"' in home.text
        assert 'href="/persetujuan"' not in home.text
        await browser.post("/logout", data={"csrf": csrf_of(home.text)})
        assert (await browser.get("/")).headers["location"] == "/login"


async def test_a_one_time_sign_in_link_sets_the_password_once(sqlite_stack: Stack) -> None:
    stack = sqlite_stack
    name = "I Wayan Approver"
    made = tangkal_cli(stack, "users", "create", "--name", name, "--role", "approver")
    assert made.returncode == 0, made.stderr
    (link,) = made.stdout.split()
    # Where the office opens its pages (the policy's pages_url), not where the CLI ran.
    pages = load_policy(stack.settings.policy_file).slack.pages_url.rstrip("/")
    assert re.fullmatch(re.escape(pages) + r"/login/link/[\w-]{40,}", link), link
    assert "valid 24 h" in made.stderr
    path = link[link.index("/login/link/") :]

    async with _client(stack) as browser:
        form = await browser.get(path)
        assert form.status_code == 200 and name in form.text
        assert "Buat kata sandi" in form.text
        short = await browser.post(path, data={"password": "pendek"})
        assert short.status_code == 422 and "terlalu pendek" in short.text
        chosen = await browser.post(path, data={"password": "teh-manis-sore-2026"})
        assert chosen.status_code == 303 and chosen.headers["location"] == "/"
        home = await browser.get("/")
        assert home.status_code == 200 and 'href="/persetujuan"' in home.text

    async with _client(stack) as other:
        used = await other.get(path)
        assert used.status_code == 404 and "sudah dipakai" in used.text
        reused = await other.post(path, data={"password": "percobaan-kedua-2026"})
        assert reused.status_code == 404 and "set-cookie" not in reused.headers
        back = await other.post("/login", data={"name": name, "password": "teh-manis-sore-2026"})
        assert back.status_code == 303

    fresh = tangkal_cli(stack, "users", "link", "--name", name)
    assert fresh.returncode == 0 and "/login/link/" in fresh.stdout
    assert fresh.stdout.strip() != link
    unknown = tangkal_cli(stack, "users", "link", "--name", "Tidak Terdaftar")
    assert unknown.returncode == 1 and "no user named" in unknown.stderr


async def test_a_person_with_keys_becomes_a_page_user_and_stays_one_person(
    sqlite_stack: Stack,
) -> None:
    stack = sqlite_stack
    key = tangkal_cli(stack, "keys", "create", "--name", "Kadek Mesin", "--role", "officer")
    assert key.returncode == 0, key.stderr
    made = tangkal_cli(
        stack,
        "users",
        "create",
        "--name",
        "Kadek Mesin",
        "--role",
        "officer",
        "--password-stdin",
        stdin="mesin-dan-manusia-1\n",
    )
    assert made.returncode == 0, made.stderr
    more = tangkal_cli(stack, "keys", "create", "--person", "Kadek Mesin", "--role", "officer")
    assert more.returncode == 0, more.stderr
    with Session(engine_for(stack.settings.effective_database_url)) as session:
        persons = session.exec(select(Person).where(Person.name == "Kadek Mesin")).all()
    assert len(persons) == 1 and persons[0].roles == ["officer"]


def test_the_access_log_never_shows_a_sign_in_links_token() -> None:
    """uvicorn logs "client - "GET path HTTP/1.1" status" with the path as an argument."""
    token = "3qTokenRahasiaYangTidakBolehTercatat"
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/login/link/{token}", "1.1", 200), None,
    )  # fmt: skip
    assert HideSignInLinks().filter(record)
    assert token not in record.getMessage()
    assert '"GET /login/link/… HTTP/1.1" 200' in record.getMessage()
    other = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/laporan", "1.1", 200), None,
    )  # fmt: skip
    HideSignInLinks().filter(other)
    assert "/laporan" in other.getMessage()
