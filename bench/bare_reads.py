"""The status read's baselines: `GET /incidents/{id}` as a bare FastAPI route would serve it.

- `same`: the same work Tangkal must do — the bearer key's hash looked up among live keys, then
  the incident with its latest draft, its decisions, publications and media, the JSON columns
  parsed, one JSON document out — in raw `sqlite3` on the event loop: one async route, no ORM,
  no thread hop, no dependencies, no middleware, no problem documents.
- `pk`: the physical reference: one primary-key read of three columns, raw, on the loop.

`bench.bare` serves them over HTTP, `bench.instructions` counts their instructions in-process.
SQLite only (the bench's database).
"""

from __future__ import annotations

import hashlib
import sqlite3
from typing import Any

import pydantic_core
from fastapi import FastAPI, Request, Response

_KEY = "SELECT id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL"
_INCIDENT = (
    "SELECT i.*, d.version AS d_version, d.hash AS d_hash, d.title AS d_title, d.body AS d_body,"
    " d.language AS d_language, d.author AS d_author, d.created_at AS d_created_at"
    " FROM incidents i LEFT JOIN drafts d ON d.incident_id = i.id AND d.version = i.draft_version"
    " WHERE i.id = ?"
)
_DECISIONS = (
    "SELECT decision, draft_version, draft_hash, reason, actor, at FROM decisions"
    " WHERE incident_id = ? ORDER BY at"
)
_PUBLICATIONS = "SELECT * FROM publications WHERE incident_id = ? ORDER BY channel, at"
_MEDIA = "SELECT * FROM media_items WHERE incident_id = ? ORDER BY created_at, id"
_JSON = {"risk_factors", "topics", "verification", "source_urls", "reporter", "deadlines"}
_JSON |= {"archive_match", "d_author", "actor", "credentials", "matches", "taken_by"}
# As Tangkal's app: FastAPI's native OpenTelemetry off (no SDK installed, nothing to send to).
_NO_TELEMETRY: Any = {"tracing": False, "metrics": False, "logs": False}
_MISSING = Response(b'{"detail":"not found"}', status_code=404, media_type="application/json")


def _connect(path: str) -> sqlite3.Connection:
    # One connection, used only by the event loop's thread.
    connection = sqlite3.connect(path, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    return connection


def _rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    """The rows as dicts, the column names read once per statement: `sqlite3.Row` finds each
    column by comparing its name with every column's, which for the incident's 45 columns
    costs more instructions than the rest of the request."""
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _parsed(found: dict[str, Any]) -> dict[str, Any]:
    for name in _JSON & found.keys():
        value = found[name]
        if isinstance(value, str):
            found[name] = pydantic_core.from_json(value)
    return found


def same_work_app(path: str) -> FastAPI:
    connection = _connect(path)
    app = FastAPI(telemetry=_NO_TELEMETRY)

    @app.get("/incidents/{incident_id}")
    async def status(incident_id: str, request: Request) -> Response:
        key = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        key_hash = hashlib.sha256(key.encode()).hexdigest()
        if connection.execute(_KEY, (key_hash,)).fetchone() is None:
            return Response(b'{"detail":"unknown key"}', status_code=401)
        at = (incident_id,)
        rows = _rows(connection.execute(_INCIDENT, at))
        if not rows:
            return _MISSING
        document = _parsed(rows[0])
        document["decisions"] = [_parsed(d) for d in _rows(connection.execute(_DECISIONS, at))]
        document["publications"] = _rows(connection.execute(_PUBLICATIONS, at))
        document["media"] = [_parsed(m) for m in _rows(connection.execute(_MEDIA, at))]
        return Response(pydantic_core.to_json(document), media_type="application/json")

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def pk_app(path: str) -> FastAPI:
    connection = _connect(path)
    query = "SELECT id, stage, claim FROM incidents WHERE id = ?"
    app = FastAPI(telemetry=_NO_TELEMETRY)

    @app.get("/incidents/{incident_id}")
    async def status(incident_id: str) -> Response:
        rows = _rows(connection.execute(query, (incident_id,)))
        if not rows:
            return _MISSING
        return Response(pydantic_core.to_json(rows[0]), media_type="application/json")

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
