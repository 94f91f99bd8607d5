"""GET /klarifikasi/{id}: the published klarifikasi as readers see it, on the API host, with
its ClaimReview. It is the klarifikasi's own `url` when no channel gives it one (a console-only
office), so a fact-check index has a page to point to. Public: it shows only what was
published, and nothing once it is retracted."""

from __future__ import annotations

import json
import secrets

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from api.claimreview import claimreview_document, published_klarifikasi
from api.deps import ServicesDep
from api.pages.render import template
from core.db import utc
from core.local_time import LocalClock
from core.words.pages import page_words

router = APIRouter(include_in_schema=False)


@router.get("/klarifikasi/{incident_id}", response_class=HTMLResponse)
async def public_klarifikasi(
    incident_id: str, request: Request, services: ServicesDep
) -> HTMLResponse:
    engine, policy = services.engine, services.policy
    found = await run_in_threadpool(published_klarifikasi, engine, incident_id)
    document = await run_in_threadpool(
        claimreview_document, engine, policy, incident_id, str(request.base_url)
    )
    lang = found.draft.language
    clock = LocalClock(policy.organization.timezone, lang)
    issued = page_words("published_on")
    # No raw "<" in the script element: a claim cannot end it.
    jsonld = json.dumps(document, ensure_ascii=False).replace("<", "\\u003c")
    nonce = secrets.token_urlsafe(16)
    html = template("klarifikasi.html").render(
        lang=lang,
        title=found.draft.title,
        body=found.draft.body,
        organization=policy.organization.name,
        issued=f"{issued.in_(lang) if issued else ''} {clock.moment(utc(found.posts[0].at))}",
        jsonld=jsonld,
        nonce=nonce,
    )
    return HTMLResponse(
        html,
        headers={
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
            "frame-ancestors 'none'",
            "Referrer-Policy": "no-referrer",
        },
    )
