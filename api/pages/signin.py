"""Sign-in, sign-out and the language switch of the pages."""

from __future__ import annotations

import logging
import math
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.deps import ServicesDep
from api.pages import session as page_session
from api.pages import sign_in_throttle as throttle
from api.pages.access import PageViewer
from api.pages.forms import require_csrf
from api.pages.i18n import LANG_COOKIE, LANGUAGES
from api.pages.render import render
from api.problems import Problem
from core import users

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
LINK_PATH = "/login/link/"


class HideSignInLinks(logging.Filter):
    """A one-time sign-in link is a password until it is used: the access log (uvicorn's
    "client - method path version status") shows its path without the token."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        path = args[2] if isinstance(args, tuple) and len(args) >= 3 else None
        if isinstance(args, tuple) and isinstance(path, str) and path.startswith(LINK_PATH):
            record.args = (*args[:2], LINK_PATH + "…", *args[3:])
        return True


def hide_sign_in_links() -> None:
    """Installed once per process (create_app)."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, HideSignInLinks) for f in access.filters):
        access.addFilter(HideSignInLinks())


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


def _signed_in(request: Request, cookie: str) -> Response:
    response = RedirectResponse("/", status_code=303)
    _set_cookie(response, page_session.COOKIE, cookie, request, page_session.LIFETIME_SECONDS)
    return response


async def _throttled(request: Request, services: ServicesDep) -> tuple[str, Response | None]:
    """The client's address, and the 429 page while it is held back."""
    client = throttle.client_of(request.client.host if request.client else None)
    wait = await run_in_threadpool(throttle.wait_seconds, services.engine, client)
    if wait is None:
        return client, None
    log.warning("page sign-in from %s throttled for %d s", client, wait)
    throttled = render(
        request, "login.html", status=429, error="throttled", retry_minutes=math.ceil(wait / 60)
    )
    throttled.headers["Retry-After"] = str(wait)
    return client, throttled


@router.post("/login")
async def sign_in(
    request: Request,
    services: ServicesDep,
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    client, refused = await _throttled(request, services)
    if refused is not None:
        return refused
    person_id = await run_in_threadpool(users.check_sign_in, services.engine, name, password)
    if person_id is None:
        # The name, never the password: what was typed may be a real password one key off.
        log.warning("page sign-in from %s refused for the name %r", client, name[:80])
        await run_in_threadpool(throttle.record_failure, services.engine, client)
        return render(request, "login.html", status=401, error="bad_password", name=name)
    secret = request.app.state.session_secret
    cookie, _ = await run_in_threadpool(page_session.issue, secret, services.engine, person_id)
    log.info("page sign-in from %s as %s", client, person_id)
    return _signed_in(request, cookie)


@router.get("/login/link/{token}", response_class=HTMLResponse)
async def link_form(token: str, request: Request, services: ServicesDep) -> Response:
    """A one-time sign-in link (`tangkal users create` without a password): choose one."""
    person = await run_in_threadpool(users.link_holder, services.engine, token[:100])
    if person is None:
        return render(request, "login.html", status=404, error="bad_link")
    return render(request, "set_password.html", token=token, name=person.name)


@router.post("/login/link/{token}")
async def redeem_link(
    token: str,
    request: Request,
    services: ServicesDep,
    password: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    # The link's token is the form's secret: nobody else can post to it.
    client, refused = await _throttled(request, services)
    if refused is not None:
        return refused
    person = await run_in_threadpool(users.link_holder, services.engine, token[:100])
    if person is None:
        await run_in_threadpool(throttle.record_failure, services.engine, client)
        return render(request, "login.html", status=404, error="bad_link")
    try:
        person_id = await run_in_threadpool(users.redeem_link, services.engine, token, password)
    except users.UserError:
        return render(
            request,
            "set_password.html",
            status=422,
            token=token,
            name=person.name,
            error="short_password",
            minimum=users.MIN_PASSWORD,
        )
    if person_id is None:
        return render(request, "login.html", status=404, error="bad_link")
    secret = request.app.state.session_secret
    cookie, _ = await run_in_threadpool(page_session.issue, secret, services.engine, person_id)
    log.info("page sign-in from %s with a sign-in link as %s", client, person_id)
    return _signed_in(request, cookie)


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
