"""API keys: shown once at creation, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine, Row
from sqlmodel import Session, select

from core.db import session_scope, table_of
from core.domain import Role
from core.tables import ApiKey

PREFIX = "tk_"


def hash_key(key: str) -> str:
    # Keys carry 256 bits of randomness, so a fast hash is enough (no dictionary to attack).
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(engine: Engine, name: str, roles: list[Role], slack_user: str | None = None) -> str:
    if not roles:
        raise ValueError("a key needs at least one role")
    key = PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(
        id="key_" + secrets.token_hex(6),
        name=name,
        roles=sorted({role.value for role in roles}),
        key_hash=hash_key(key),
        slack_user=slack_user or None,
        created_at=datetime.now(UTC),
    )
    with session_scope(engine) as session:
        session.add(row)
    return key


_api_keys = table_of(ApiKey)
# Built once: every API request runs it (see `holder_of`).
_LIVE_KEY = sa.select(
    _api_keys.c.id, _api_keys.c.name, _api_keys.c.roles, _api_keys.c.slack_user
).where(_api_keys.c.key_hash == sa.bindparam("key_hash"), _api_keys.c.revoked_at.is_(None))


def holder_of(connection: Connection, key: str) -> Row[str, str, Any, str | None] | None:
    """The unrevoked key's id, name, roles and slack_user; None for unknown or revoked keys."""
    if not key.startswith(PREFIX):
        return None
    return connection.execute(_LIVE_KEY, {"key_hash": hash_key(key)}).first()


def find_key(session: Session, key: str) -> ApiKey | None:
    if not key.startswith(PREFIX):
        return None
    row = session.exec(select(ApiKey).where(ApiKey.key_hash == hash_key(key))).first()
    if row is None or row.revoked_at is not None:
        return None
    return row
