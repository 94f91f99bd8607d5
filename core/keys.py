"""API keys: shown once at creation, stored only as a SHA-256 hash, each a person's.

A key is refused from the first request after it is revoked: nothing caches a key's holder.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine
from sqlmodel import Session, col, select

from core.db import session_scope, table_of
from core.domain import Actor, ActorKind, Role
from core.persons import PersonError, existing_person, new_person
from core.raw_reads import RawSelect
from core.tables import ApiKey, Person

PREFIX = "tk_"


def hash_key(key: str) -> str:
    # Keys carry 256 bits of randomness, so a fast hash is enough (no dictionary to attack).
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedKey:
    key: str  # shown once, never stored
    key_id: str
    person_id: str
    person_name: str
    slack_user: str | None


def issue_key(
    engine: Engine,
    name: str,
    roles: list[Role],
    slack_user: str | None = None,
    *,
    for_person: bool = False,
) -> IssuedKey:
    """A key for a new person `name`, or with `for_person` for the existing person of that
    name. Refuses (PersonError) what would make one human count as two."""
    if not roles:
        raise ValueError("a key needs at least one role")
    key = PREFIX + secrets.token_urlsafe(32)
    with session_scope(engine) as session:
        if for_person:
            person = existing_person(session, name, slack_user)
        else:
            person = new_person(session, name, slack_user)
        row = ApiKey(
            id="key_" + secrets.token_hex(6),
            name=person.name,
            roles=sorted({role.value for role in roles}),
            key_hash=hash_key(key),
            person_id=person.id,
            created_at=datetime.now(UTC),
        )
        session.add(row)
        issued = IssuedKey(key, row.id, person.id, person.name, person.slack_user)
    return issued


def create_key(engine: Engine, name: str, roles: list[Role], slack_user: str | None = None) -> str:
    """A new person `name` and their first key; the key alone."""
    return issue_key(engine, name, roles, slack_user).key


def revoke_keys(engine: Engine, *, key_id: str | None = None, person: str | None = None) -> int:
    """Revokes one key by id, or every live key of the person so named; how many were live."""
    with session_scope(engine) as session:
        query = select(ApiKey)
        if key_id is not None:
            query = query.where(ApiKey.id == key_id)
        else:
            holder = session.exec(select(Person).where(Person.name == person)).first()
            if holder is None:
                raise PersonError(f"no person named {person!r}")
            query = query.where(ApiKey.person_id == holder.id)
        rows = list(session.exec(query).all())
        if not rows:
            raise PersonError(f"no key {key_id!r}" if key_id else f"{person!r} has no key")
        live = [row for row in rows if row.revoked_at is None]
        for row in live:
            row.revoked_at = datetime.now(UTC)
            session.add(row)
    return len(live)


def list_keys(engine: Engine) -> list[tuple[ApiKey, Person | None]]:
    with Session(engine) as session:
        query = (
            select(ApiKey, Person)
            .join(Person, col(Person.id) == col(ApiKey.person_id), isouter=True)
            .order_by(col(ApiKey.created_at))
        )
        return [(key, person) for key, person in session.exec(query).all()]


_api_keys = table_of(ApiKey)
# Built once: every API request runs it (see `holder_of`).
_LIVE_KEY = sa.select(
    _api_keys.c.id, _api_keys.c.name, _api_keys.c.roles, _api_keys.c.person_id
).where(_api_keys.c.key_hash == sa.bindparam("key_hash"), _api_keys.c.revoked_at.is_(None))


_LIVE_KEY_RAW = RawSelect(_LIVE_KEY)


def holder_of(connection: Connection, key: str) -> dict[str, Any] | None:
    """The unrevoked key's id, name, roles and person_id; None for unknown or revoked keys."""
    if not key.startswith(PREFIX):
        return None
    return _LIVE_KEY_RAW.first(connection, {"key_hash": hash_key(key)})


def key_actor(key_id: str, name: str, roles: list[str], person_id: str | None) -> Actor:
    """Who acts with a key: the key, and the person it belongs to (rules compare persons)."""
    return Actor(
        kind=ActorKind.API_KEY,
        id=key_id,
        name=name,
        roles=tuple(Role(r) for r in roles),
        person=person_id or "",
    )
