"""The verifier's and the approver's forms: what a submission says, in the API's own request
schemas, and what to tell the person when it is refused (on the page they acted from)."""

from __future__ import annotations

import secrets
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from api.problems import Problem
from api.schemas import VerificationCreate
from core.words import slack_forms as form_words
from core.words.pages import page_words
from core.words.problems import LEADS

# The errors whose message is already ours, in both languages (core.text_hygiene).
_OWN_MESSAGES = {"http_url", "single_line", "control_character"}
# What each field of the verdict form needs, when pydantic's own message is all there is.
_FIELD_NEEDS = {
    "verdict": "rv_needs_verdict",
    "summary": "rv_needs_summary",
    "evidence_urls": "rv_needs_urls",
    "authority": "rv_needs_authority",
    "checklist": "rv_needs_checklist",
    "media_authenticity": "rv_needs_media",
}


def form_token() -> str:
    """One rendering of a form: a double submit of it is one Update, a corrected one another."""
    return secrets.token_urlsafe(12)


def update_key(fields: dict[str, str], action: str) -> str:
    """The idempotency key of a form's submission: its session token, its rendering, its action."""
    return f"page:{fields.get('csrf', '')[:12]}:{fields.get('form', '')[:16]}:{action}"


def refused_text(problem: Problem, lang: str) -> str:
    """ "Tidak boleh menyetujui draf sendiri: …": the refusal's lead in the reader's language,
    then its reason (the catalogue's, Indonesian first)."""
    lead = LEADS.get(problem.code or "")
    if lead is None or problem.detail.startswith(lead.in_(lang)):
        return problem.detail
    return f"{lead.in_(lang)}: {problem.detail}"


def _said(key: str, lang: str) -> str:
    words = page_words(key)
    assert words is not None, key
    return words.in_(lang)


def verdict_values(form: FormData) -> dict[str, Any]:
    """The verdict form as typed, to show again beside its errors."""
    return {
        "verdict": str(form.get("verdict") or ""),
        "summary": str(form.get("summary") or ""),
        "evidence_urls": str(form.get("evidence_urls") or ""),
        "authority": str(form.get("authority") or ""),
        "checklist": [str(item) for item in form.getlist("checklist")],
        "media_authenticity": str(form.get("media_authenticity") or ""),
    }


def read_verdict(values: dict[str, Any], lang: str) -> VerificationCreate | dict[str, str]:
    """The verdict as `POST /incidents/{id}/verification` takes it, or an error per field."""
    urls = [line.strip() for line in values["evidence_urls"].splitlines() if line.strip()]
    try:
        return VerificationCreate(
            verdict=values["verdict"],
            summary=values["summary"],
            evidence_urls=urls,
            authority=values["authority"],
            checklist=values["checklist"],
            media_authenticity=values["media_authenticity"] or None,
        )
    except ValidationError as exc:
        return field_errors(exc, lang)


def field_errors(exc: ValidationError, lang: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in exc.errors():
        field = str(error["loc"][0])
        if field in errors:
            continue
        message = error["msg"] if error["type"] in _OWN_MESSAGES else None
        if message is None:
            message = _said(_FIELD_NEEDS.get(field, "rv_needs_value"), lang)
        if field == "evidence_urls" and len(error["loc"]) > 1:
            number = int(error["loc"][1]) + 1
            message = form_words.LINE_PROBLEM.in_(lang, number=number, problem=message)
        errors[field] = message
    return errors
