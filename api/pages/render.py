"""Jinja2 templates (autoescaped: claim text is shown, never run) and every page's context."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.pages.i18n import LANG_COOKIE, pick_language, translator

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def local_time(value: datetime | str | None, zone: str, fmt: str = "%d %b %Y %H:%M") -> str:
    if value is None:
        return "—"
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(zone)).strftime(fmt)


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = pick_language(request.cookies.get(LANG_COOKIE))
    # Only scripts carrying this response's nonce run: claim text could never add one.
    nonce = secrets.token_urlsafe(16)
    policy = request.app.state.services.policy
    zone = policy.organization.timezone
    context.setdefault("viewer", None)
    html = _env.get_template(template).render(
        t=translator(lang),
        lang=lang,
        org=policy.organization.name,
        nonce=nonce,
        zone=zone,
        when=lambda value, fmt="%d %b %Y %H:%M": local_time(value, zone, fmt),
        **context,
    )
    return HTMLResponse(
        html,
        status_code=status,
        headers={
            "Cache-Control": "no-store",
            "X-Frame-Options": "DENY",
            "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
            f"style-src 'self' 'unsafe-inline'; script-src 'nonce-{nonce}'; "
            "frame-ancestors 'none'",
            "Referrer-Policy": "same-origin",
        },
    )
