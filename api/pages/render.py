"""Jinja2 templates (autoescaped: claim text is shown, never run) and every page's context."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, Template, select_autoescape

from api.pages.i18n import LANG_COOKIE, pick_language, translator
from core.local_time import LocalClock, countdown, countdown_words, duration, zone_label
from core.words.labels import KINDS, label
from core.words.media import credentials_line, file_size, match_line

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def template(name: str) -> Template:
    return _env.get_template(name)


def page_clock(request: Request) -> LocalClock:
    """The reader of a page: its `lang` cookie, the organisation's time zone."""
    lang = pick_language(request.cookies.get(LANG_COOKIE))
    return LocalClock(request.app.state.services.policy.organization.timezone, lang)


def _words(clock: LocalClock) -> dict[str, Any]:
    """What templates say things with: labels, times and countdowns for this reader."""
    now = datetime.now(UTC)
    return {
        "label": lambda kind, value: label(KINDS[kind], value, clock.lang),
        "when": clock.moment,
        "at_time": clock.time,
        "short": clock.short,
        "day": clock.date,
        "left": lambda due: countdown(due, now, clock.lang, with_seconds=True),
        "span": lambda minutes: duration(minutes * 60, clock.lang),
        "zone_label": zone_label(clock.zone, now),
        "countdown_words": countdown_words(clock.lang),
        "match_line": lambda match: match_line(match, clock.lang),
        "credentials_line": lambda found: credentials_line(found, clock.lang),
        "file_size": lambda size: file_size(size, clock.lang),
    }


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    clock = page_clock(request)
    lang = clock.lang
    # Only scripts carrying this response's nonce run: claim text could never add one.
    nonce = secrets.token_urlsafe(16)
    policy = request.app.state.services.policy
    context.setdefault("viewer", None)
    html = _env.get_template(template).render(
        t=translator(lang),
        lang=lang,
        org=policy.organization.name,
        nonce=nonce,
        **_words(clock),
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
