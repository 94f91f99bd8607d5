"""Sign-in, sign-out and the language switch of the pages."""

from __future__ import annotations

import logging
import math
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from api.deps import ServicesDep
from api.pages import session as page_session
from api.pages import sign_in_throttle as throttle
from api.pages.access import PAGE_ROLES, PageViewer, actor_of
from api.pages.forms import require_csrf
from api.pages.i18n import LANG_COOKIE, LANGUAGES
from api.pages.render import render
from api.problems import Problem
from core.keys import find_key

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)


def _set_cookie(response: Response, name: str, value: str, request: Request, age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=age,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )


@router.get("/login", response_class=HTMLResponse)
def sign_in_form(request: Request) -> Response:
    return render(request, "login.html")


@router.post("/login")
async def sign_in(
    request: Request, services: ServicesDep, api_key: Annotated[str, Form(max_length=200)] = ""
) -> Response:
    client = throttle.client_of(request.client.host if request.client else None)
    wait = await run_in_threadpool(throttle.wait_seconds, services.engine, client)
    if wait is not None:
        log.warning("page sign-in from %s throttled for %d s", client, wait)
        throttled = render(
            request, "login.html", status=429, error="throttled", retry_minutes=math.ceil(wait / 60)
        )
        throttled.headers["Retry-After"] = str(wait)
        return throttled

    def lookup() -> tuple[str, bool] | None:
        with Session(services.engine) as session:
            row = find_key(session, api_key.strip())
        if row is None:
            return None
        return row.id, actor_of(row).has_any(PAGE_ROLES)

    found = await run_in_threadpool(lookup)
    if found is None:
        # Never the key: what was typed may be a real key one character off.
        log.warning("page sign-in from %s refused: unknown or revoked API key", client)
        await run_in_threadpool(throttle.record_failure, services.engine, client)
        return render(request, "login.html", status=401, error="bad_key")
    key_id, may_sign_in = found
    if not may_sign_in:
        log.warning("page sign-in from %s refused: key %s has no page role", client, key_id)
        return render(request, "login.html", status=401, error="bad_role")
    secret = request.app.state.session_secret
    cookie, _ = await run_in_threadpool(page_session.issue, secret, services.engine, key_id)
    log.info("page sign-in from %s with key %s", client, key_id)
    response = RedirectResponse("/", status_code=303)
    _set_cookie(response, page_session.COOKIE, cookie, request, page_session.LIFETIME_SECONDS)
    return response


@router.post("/logout")
async def sign_out(request: Request, services: ServicesDep, viewer: PageViewer) -> Response:
    await require_csrf(request, viewer)
    await run_in_threadpool(page_session.end, services.engine, viewer.session)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(page_session.COOKIE, path="/")
    return response


@router.get("/lang/{code}")
def switch_language(code: str, request: Request) -> Response:
    if code not in LANGUAGES:
        raise Problem(404, f"language {code!r} not offered (id, en)", code="not_found")
    back = request.headers.get("referer", "/")
    target = back if back.startswith(str(request.base_url)) else "/"
    response = RedirectResponse(target, status_code=303)
    _set_cookie(response, LANG_COOKIE, code, request, 365 * 24 * 3600)
    return response
