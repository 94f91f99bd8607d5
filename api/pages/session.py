"""Page sessions: an HMAC-signed, HttpOnly, SameSite cookie carrying a random session token,
and a row (by the token's hash) that says which person signed in and whether it still holds.

The password never leaves the sign-in form. Each request looks the session row and its
person up again, so a user whose roles are taken away loses the session at once, and signing
out ends the session on the server: a copy of the cookie is refused after the sign-out, not
only when it expires. Every form carries the session's CSRF token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from core.db import table_of
from core.settings import Settings
from core.tables import PageSessionRecord

COOKIE = "tangkal_session"
# A working shift: long enough for a crisis day's decisions without signing in again, short
# enough that a browser left signed in on a shared office computer does not stay usable
# overnight. Signing out ends a session at once.
LIFETIME_SECONDS = 8 * 3600
# Ended and expired rows are kept this long (who was signed in when), then dropped.
KEPT_AFTER_EXPIRY = timedelta(days=1)
_SECRET_FILE = "session_secret"  # noqa: S105 (a file name, not a secret)


class SessionSecretError(RuntimeError):
    """No session secret can be had: start-up stops with this message."""


def session_secret(settings: Settings) -> bytes:
    """`TANGKAL_SESSION_SECRET`, or one generated once into DATA_DIR (so `make dev` needs none)."""
    if settings.session_secret is not None and settings.session_secret.get_secret_value():
        return settings.session_secret.get_secret_value().encode()
    path = Path(settings.data_dir) / _SECRET_FILE
    try:
        if not path.exists():
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(48))
        return path.read_text().strip().encode()
    except OSError as exc:
        raise SessionSecretError(
            f"cannot keep a session secret in {path.parent} ({exc.strerror}); "
            "set TANGKAL_SESSION_SECRET or a writable TANGKAL_DATA_DIR"
        ) from None


@dataclass(frozen=True)
class PageSession:
    token: str
    csrf: str
    expires: int


def _sign(secret: bytes, payload: bytes) -> str:
    return hmac.new(secret, payload, hashlib.sha256).hexdigest()


def token_hash(token: str) -> str:
    # Only the hash is stored: the sessions table alone signs nobody in.
    return hashlib.sha256(token.encode()).hexdigest()


_sessions = table_of(PageSessionRecord)


def issue(secret: bytes, engine: Engine, person_id: str) -> tuple[str, PageSession]:
    """A new session for the person `person_id`, written before its cookie is handed out."""
    now = datetime.now(UTC)
    session = PageSession(
        token=secrets.token_urlsafe(32),
        csrf=secrets.token_urlsafe(24),
        expires=int(now.timestamp()) + LIFETIME_SECONDS,
    )
    with engine.begin() as connection:
        connection.execute(
            _sessions.delete().where(_sessions.c.expires_at < now - KEPT_AFTER_EXPIRY)
        )
        connection.execute(
            _sessions.insert().values(
                token_hash=token_hash(session.token),
                person_id=person_id,
                created_at=now,
                expires_at=datetime.fromtimestamp(session.expires, UTC),
            )
        )
    raw = json.dumps({"t": session.token, "c": session.csrf, "e": session.expires}).encode()
    payload = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return f"{payload}.{_sign(secret, payload.encode())}", session


def end(engine: Engine, session: PageSession) -> None:
    """Sign-out: the session is over on the server, whoever still holds its cookie."""
    with engine.begin() as connection:
        connection.execute(
            _sessions.update()
            .where(_sessions.c.token_hash == token_hash(session.token))
            .values(ended_at=datetime.now(UTC))
        )


def read(secret: bytes, cookie: str | None) -> PageSession | None:
    """The session a cookie carries, or None when it is absent, forged or expired (whether
    it was ended is for its row to say: see `access`)."""
    if not cookie or "." not in cookie:
        return None
    payload, _, signature = cookie.rpartition(".")
    if not hmac.compare_digest(signature, _sign(secret, payload.encode())):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        session = PageSession(token=str(data["t"]), csrf=str(data["c"]), expires=int(data["e"]))
    except (ValueError, KeyError, TypeError):
        return None
    if session.expires < time.time():
        return None
    return session


def csrf_matches(session: PageSession, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(session.csrf, token or "")
