"""Page sessions: an HMAC-signed, HttpOnly, SameSite cookie that names an API key by its id.

The key itself never leaves the sign-in form; each request looks the key id up again, so a
revoked key loses its session at once. Every form carries the session's CSRF token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from core.settings import Settings

COOKIE = "tangkal_session"
LIFETIME_SECONDS = 12 * 3600
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
            path.parent.mkdir(parents=True, exist_ok=True)
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
    key_id: str
    csrf: str
    expires: int


def _sign(secret: bytes, payload: bytes) -> str:
    return hmac.new(secret, payload, hashlib.sha256).hexdigest()


def issue(secret: bytes, key_id: str) -> tuple[str, PageSession]:
    session = PageSession(
        key_id=key_id, csrf=secrets.token_urlsafe(24), expires=int(time.time()) + LIFETIME_SECONDS
    )
    raw = json.dumps({"k": session.key_id, "c": session.csrf, "e": session.expires}).encode()
    payload = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return f"{payload}.{_sign(secret, payload.encode())}", session


def read(secret: bytes, cookie: str | None) -> PageSession | None:
    """The session a cookie carries, or None when it is absent, forged or expired."""
    if not cookie or "." not in cookie:
        return None
    payload, _, signature = cookie.rpartition(".")
    if not hmac.compare_digest(signature, _sign(secret, payload.encode())):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        session = PageSession(key_id=str(data["k"]), csrf=str(data["c"]), expires=int(data["e"]))
    except (ValueError, KeyError, TypeError):
        return None
    if session.expires < time.time():
        return None
    return session


def csrf_matches(session: PageSession, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(session.csrf, token or "")
