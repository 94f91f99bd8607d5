"""The sign-in throttle: too many refused sign-ins from one client address, and that address
is told to wait (429 with Retry-After) before any key it sends is even looked at.

Counted in the database, not in a process, so every API process behind the load balancer
sees the same count. Keys carry 256 bits, so guessing one is hopeless anyway: the throttle is
there against noise and for the future's passwords, and its limit is generous because a
regency office often signs in from behind one NAT address, where a colleague's typos count
for everyone.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import Engine

from core.db import table_of, utc
from core.tables import SignInFailure

WINDOW = timedelta(minutes=15)
MAX_FAILURES = 10  # refused sign-ins per address within WINDOW; the next one waits

_failures = table_of(SignInFailure)
_RECENT = (
    sa.select(sa.func.count(), sa.func.min(_failures.c.at))
    .where(_failures.c.client == sa.bindparam("client"))
    .where(_failures.c.at > sa.bindparam("since"))
)


def client_of(host: str | None) -> str:
    # The column holds 64 characters; an IPv6 address is at most 45.
    return (host or "unknown")[:64]


def wait_seconds(engine: Engine, client: str) -> int | None:
    """Seconds this address must still wait before signing in, or None if it may try now."""
    now = datetime.now(UTC)
    with engine.connect() as connection:
        count, oldest = connection.execute(_RECENT, {"client": client, "since": now - WINDOW}).one()
    if count < MAX_FAILURES:
        return None
    return max(1, math.ceil((utc(oldest) + WINDOW - now).total_seconds()))


def record_failure(engine: Engine, client: str) -> None:
    """One refused sign-in; failures older than the window are dropped on the way."""
    now = datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(_failures.delete().where(_failures.c.at <= now - WINDOW))
        connection.execute(_failures.insert().values(client=client, at=now))
