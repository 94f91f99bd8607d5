"""An action's `Idempotency-Key`, bound to the one request it was first sent with.

The key becomes the Temporal update id, and Temporal answers a repeated update id with the
first update's result whatever the new one asks. So before the update is sent, the key is
bound, per caller and incident, to a fingerprint of the action (the update's name and every
field of its input but the actor): the same key with the same request goes on and gets the
same result; with another action or another body it is refused with a 422 and nothing is
sent. The binding is written before the update, so two racing requests agree on one winner.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine

from api.problems import Problem
from core.db import insert_or_skip, table_of
from core.tables import IdempotencyRecord

_records = table_of(IdempotencyRecord)
_BOUND = sa.select(_records.c.request_hash).where(
    _records.c.api_key_id == sa.bindparam("api_key_id"), _records.c.key == sa.bindparam("key")
)


def fingerprint(action: str, arg: Any) -> str:
    """What the request asks, as a hash: the action and its input, the actor left out (the
    key is already the actor's own)."""
    fields = {name: value for name, value in dataclasses.asdict(arg).items() if name != "actor"}
    canonical = json.dumps([action, fields], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _scoped(incident_id: str, key: str) -> str:
    # Hashed: the header may be 200 characters and the incident id 32, the column holds 200;
    # the prefix keeps these apart from the keys of `POST /incidents` in the same table.
    return "action:" + hashlib.sha256(f"{incident_id}\0{key}".encode()).hexdigest()


def bind(engine: Engine, caller: str, incident_id: str, key: str, request_hash: str) -> None:
    """Bind `key` to this request, or refuse it if it was first sent with another one."""
    row = {
        "api_key_id": caller[:32],
        "key": _scoped(incident_id, key),
        "request_hash": request_hash,
        "incident_id": incident_id,
        "created_at": datetime.now(UTC),
    }
    with engine.begin() as connection:
        connection.execute(insert_or_skip(connection, IdempotencyRecord), row)
        bound = connection.execute(_BOUND, row).scalar_one()
    if bound != request_hash:
        raise Problem(
            422,
            "Idempotency-Key was already used for a different request on this incident "
            "(another action or another body); send this request with a new key",
            code="idempotency_key_reused",
            errors=[{"field": "Idempotency-Key", "message": "already used for another request"}],
        )
