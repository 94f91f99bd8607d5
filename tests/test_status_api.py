"""GET /incidents/{id}, the read every client polls: its shape, who may read it, how it fails."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from api.app import create_app
from api.deps import read_on
from api.schemas import IncidentPublic
from core.db import LoopReader, engine_for, make_engine, session_scope
from core.keys import hash_key, holder_of
from core.migrate import migrate
from core.settings import Settings
from core.tables import ApiKey
from tests.flow import LOW_CLAIM, auth, report
from tests.support import Stack, write_policy

# SPEC §4: what the status read returns (IncidentPublic carries a few more).
SPEC_FIELDS = {
    "id", "stage", "resolution", "severity", "risk_score", "risk_factors", "verdict", "claim",
    "draft", "approvals", "publications", "deadlines", "created_at", "updated_at",
}  # fmt: skip


async def test_every_role_reads_the_incident_right_after_reporting_it(sqlite_stack: Stack) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    reported = await report(http, keys.officer, LOW_CLAIM)
    for key in (keys.officer, keys.verifier, keys.approver, keys.leader, keys.admin):
        response = await http.get(f"/incidents/{reported['id']}", headers=auth(key))
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/json"
        body = response.json()
        assert set(body) == set(IncidentPublic.model_fields) >= SPEC_FIELDS
        assert body["id"] == reported["id"] and body["claim"] == LOW_CLAIM["claim"]
        assert body["created_at"] == reported["created_at"]


async def test_a_revoked_key_is_refused_from_the_next_request_on(sqlite_stack: Stack) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    incident_id = (await report(http, keys.officer, LOW_CLAIM))["id"]
    path = f"/incidents/{incident_id}"
    assert (await http.get(path, headers=auth(keys.admin))).status_code == 200
    with session_scope(engine_for(sqlite_stack.settings.effective_database_url)) as session:
        admin = session.exec(select(ApiKey).where(ApiKey.name == "Admin")).one()
        admin.revoked_at = datetime.now(UTC)
    for headers in (auth(keys.admin), auth(keys.admin + "x"), {}):
        refused = await http.get(path, headers=headers)
        assert refused.status_code == 401, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.headers["www-authenticate"] == "Bearer"
        assert refused.json()["code"] == "unauthenticated"
    assert (await http.get(path, headers=auth(keys.leader))).status_code == 200


def _client_on(tmp_path: Path, database: Path) -> httpx.AsyncClient:
    """The API in-process on this SQLite path, whatever is there."""
    settings = Settings(
        data_dir=tmp_path,
        database_url=f"sqlite:///{database}",
        policy_file=write_policy(tmp_path, "http://127.0.0.1:9/hook"),
    )
    transport = httpx.ASGITransport(app=create_app(settings))
    return httpx.AsyncClient(transport=transport, base_url="http://tangkal")


async def test_a_database_outage_is_a_503_problem(tmp_path: Path) -> None:
    unopenable = tmp_path / "a-directory-not-a-database"
    unopenable.mkdir()
    async with _client_on(tmp_path, unopenable) as http:
        response = await http.get("/incidents/TK-ANY", headers=auth("tk_" + "k" * 43))
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "5"
    assert response.json()["code"] == "database_unavailable"


async def test_one_status_read_is_one_moment_of_the_read_model(sqlite_stack: Stack) -> None:
    """The key check and the incident's rows are read in one snapshot: a decision written
    while a read is under way shows in the next read, never in half of this one."""
    http, keys = sqlite_stack.http, sqlite_stack.keys
    incident_id = (await report(http, keys.officer, LOW_CLAIM))["id"]
    url = sqlite_stack.settings.effective_database_url
    reader = LoopReader(url)
    count = sa.text("SELECT count(*) FROM timeline_events WHERE incident_id = :id")

    def read_around_a_write(connection: sa.Connection) -> tuple[int, int]:
        before = connection.execute(count, {"id": incident_id}).scalar_one()
        with sqlite3.connect(url.removeprefix("sqlite:///")) as other:  # another writer
            other.execute(
                "INSERT INTO timeline_events (id, incident_id, seq, at, type, stage,"
                " actor_kind, actor_id, actor_name, summary, data)"
                " VALUES (?, ?, 999, ?, 'note', 'reported', 'system', 'system', 'Tangkal',"
                " '', '{}')",
                (f"{incident_id}-999", incident_id, datetime.now(UTC).isoformat()),
            )
        after = connection.execute(count, {"id": incident_id}).scalar_one()
        return before, after

    try:
        before, after = reader.read(read_around_a_write)
        assert after == before, "the write landed inside the read"
        assert reader.read(lambda c: c.execute(count, {"id": incident_id}).scalar_one()) == (
            before + 1
        )
    finally:
        reader.close()


def test_a_driver_error_in_a_loop_read_is_the_databases_error(tmp_path: Path) -> None:
    """A locked or broken file raised by the driver itself (the raw reads) comes out as
    SQLAlchemy's error: the status read then tries the thread pool, and answers 503, never
    500."""
    reader = LoopReader(f"sqlite:///{tmp_path / 'x.db'}")

    def locked(_: sa.Connection) -> None:
        raise sqlite3.OperationalError("database is locked")

    try:
        with pytest.raises(OperationalError):
            reader.read(locked)
    finally:
        reader.close()


def test_a_read_in_a_thread_on_postgresql_is_one_moment_too(postgres_url: str) -> None:
    """Where reads run in a thread (PostgreSQL), their statements share one snapshot too."""
    migrate(postgres_url)
    engine = make_engine(postgres_url)
    count = sa.text("SELECT count(*) FROM api_keys")

    def read_around_a_write(connection: sa.Connection) -> tuple[int, int]:
        before = connection.execute(count).scalar_one()
        with engine.begin() as other:  # another writer, committed before the second read
            other.execute(
                sa.text(
                    "INSERT INTO api_keys (id, name, roles, key_hash, created_at)"
                    " VALUES ('key_mid_read', 'Mid', '[]', :hash, now())"
                ),
                {"hash": "f" * 64},
            )
        after = connection.execute(count).scalar_one()
        return before, after

    try:
        before, after = read_on(engine, read_around_a_write)
        assert after == before, "the write landed inside the read"
        assert read_on(engine, lambda c: c.execute(count).scalar_one()) == before + 1
    finally:
        engine.dispose()


async def test_a_read_model_without_its_tables_is_a_503_not_a_500(tmp_path: Path) -> None:
    """The raw reads run past SQLAlchemy; the driver's error still comes out as the database's
    (here: a file never migrated), so the answer is the 503 problem, on the loop or not."""
    empty = tmp_path / "never-migrated.db"
    sqlite3.connect(empty).close()
    async with _client_on(tmp_path, empty) as http:
        for path in ("/incidents/TK-ANY", "/incidents"):
            response = await http.get(path, headers=auth("tk_" + "k" * 43))
            assert response.status_code == 503, (path, response.text)
            assert response.json()["code"] == "database_unavailable"
    key = "tk_" + "k" * 43
    engine = make_engine(f"sqlite:///{empty}")
    try:
        with engine.connect() as connection, pytest.raises(OperationalError) as raised:
            holder_of(connection, key)
        assert hash_key(key) not in str(raised.value)  # the values stay out of the message
    finally:
        engine.dispose()
