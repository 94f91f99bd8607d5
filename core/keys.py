"""API keys: shown once at creation, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlmodel import Session, select

from core.db import session_scope
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


def find_key(session: Session, key: str) -> ApiKey | None:
    if not key.startswith(PREFIX):
        return None
    row = session.exec(select(ApiKey).where(ApiKey.key_hash == hash_key(key))).first()
    if row is None or row.revoked_at is not None:
        return None
    return row
