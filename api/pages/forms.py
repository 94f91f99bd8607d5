"""Every page form carries the session's CSRF token; a form without it changes nothing."""

from __future__ import annotations

from fastapi import Request

from api.pages.access import Viewer
from api.pages.session import csrf_matches
from api.problems import Problem


async def require_csrf(request: Request, viewer: Viewer) -> dict[str, str]:
    """The form's fields, once its `csrf` field matches the session's token (else 403)."""
    form = await request.form()
    fields = {name: value for name, value in form.items() if isinstance(value, str)}
    if not csrf_matches(viewer.session, fields.get("csrf")):
        raise Problem(
            403, "form refused: missing or wrong CSRF token; reload the page", code="csrf_failed"
        )
    return fields
