"""The modals of SPEC §5 and the reading of their submissions."""

from __future__ import annotations

import json
from typing import Any

from core.domain import MediaAuthenticity, Verdict
from core.mrkdwn import escape
from core.text_hygiene import control_problem, url_problem
from core.words import slack_forms as words
from core.words.labels import label

VERIFICATION_CALLBACK = "tangkal.verification"
DECISION_CALLBACK = "tangkal.decision"
ARCHIVE_REJECT_CALLBACK = "tangkal.archive_reject"
DUPLICATE_REJECT_CALLBACK = "tangkal.duplicate_reject"
LANG = "id"  # the team's Slack speaks Bahasa Indonesia (core/words/slack_forms.py)


def _text(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def _input(block_id: str, label: str, *, multiline: bool, optional: bool) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": _text(label),
        "element": {"type": "plain_text_input", "action_id": block_id, "multiline": multiline},
    }


def _media_input() -> dict[str, Any]:
    """An image, video or audio claim: the verifier's MediaReview category (optional)."""
    return {
        "type": "input",
        "block_id": "media",
        "optional": True,
        "label": _text(words.MEDIA.in_(LANG)),
        "element": {
            "type": "static_select",
            "action_id": "media",
            "options": [
                {"text": _text(label(MediaAuthenticity, kind, LANG)), "value": kind.value}
                for kind in MediaAuthenticity
            ],
        },
    }


def verification_modal(
    incident_id: str, verdict: str, channel: str | None, *, media: bool = False
) -> dict[str, Any]:
    """`media`: the claim came as an image, video or audio: ask what was wrong with it."""
    meta = {"incident_id": incident_id, "verdict": verdict, "channel": channel}
    return {
        "type": "modal",
        "callback_id": VERIFICATION_CALLBACK,
        "private_metadata": json.dumps(meta),
        "title": _text(words.VERIFY_TITLE.in_(LANG)),
        "submit": _text(words.SAVE.in_(LANG)),
        "close": _text(words.CANCEL.in_(LANG)),
        "blocks": [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": words.VERDICT_CHOSEN.in_(
                        LANG, id=escape(incident_id), verdict=escape(label(Verdict, verdict, LANG))
                    ),
                },
            },
            _input("summary", words.SUMMARY.in_(LANG), multiline=True, optional=False),
            _input("evidence", words.EVIDENCE.in_(LANG), multiline=True, optional=True),
            _input("authority", words.AUTHORITY.in_(LANG), multiline=False, optional=True),
            {
                "type": "input",
                "block_id": "checklist",
                "optional": True,
                "label": _text(words.CHECKLIST_LABEL.in_(LANG)),
                "element": {
                    "type": "checkboxes",
                    "action_id": "checklist",
                    "options": [
                        {"text": _text(item.in_(LANG)), "value": value}
                        for value, item in words.CHECKLIST.items()
                    ],
                },
            },
            *([_media_input()] if media else []),
        ],
    }


def _reason_modal(
    callback_id: str, meta: dict[str, Any], title: str, question: str
) -> dict[str, Any]:
    """A modal asking one thing: the reason (required) for what was clicked."""
    return {
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": json.dumps(meta),
        "title": _text(title),
        "submit": _text(words.SEND.in_(LANG)),
        "close": _text(words.CANCEL.in_(LANG)),
        "blocks": [_input("reason", question, multiline=True, optional=False)],
    }


def decision_modal(
    incident_id: str, draft_hash: str, decision: str, channel: str | None
) -> dict[str, Any]:
    meta = {
        "incident_id": incident_id,
        "draft_hash": draft_hash,
        "decision": decision,
        "channel": channel,
    }
    title = (words.REJECT_TITLE if decision == "reject" else words.CHANGES_TITLE).in_(LANG)
    return _reason_modal(DECISION_CALLBACK, meta, title, words.REASON.in_(LANG))


def archive_reject_modal(incident_id: str, channel: str | None) -> dict[str, Any]:
    """ "No, another hoax": why the suggested earlier klarifikasi does not apply."""
    meta = {"incident_id": incident_id, "channel": channel}
    title, question = words.ARCHIVE_REJECT_TITLE, words.ARCHIVE_REJECT_REASON
    return _reason_modal(ARCHIVE_REJECT_CALLBACK, meta, title.in_(LANG), question.in_(LANG))


def duplicate_reject_modal(
    incident_id: str, duplicate_id: str, channel: str | None
) -> dict[str, Any]:
    """ "Not the same hoax": why the report joined to this incident is another one."""
    meta = {"incident_id": incident_id, "duplicate_id": duplicate_id, "channel": channel}
    title = words.DUPLICATE_REJECT_TITLE.in_(LANG)
    question = words.DUPLICATE_REJECT_REASON.in_(LANG, id=duplicate_id)
    return _reason_modal(DUPLICATE_REJECT_CALLBACK, meta, title, question)


def _value(values: dict[str, Any], block: str) -> str:
    return str((values.get(block, {}).get(block, {}) or {}).get("value") or "").strip()


def _control_errors(values: dict[str, Any], *blocks: str) -> dict[str, str]:
    """A control character in a text input, named on its block (the API would say 422)."""
    errors = {}
    for block in blocks:
        problem = control_problem(_value(values, block), multiline=block != "authority")
        if problem:
            errors[block] = problem[0].upper() + problem[1:]
    return errors


def _evidence_error(urls: list[str]) -> str | None:
    for number, url in enumerate(urls, start=1):
        problem = url_problem(url)
        if problem:
            return words.LINE_PROBLEM.in_(LANG, number=number, problem=problem)
    return None


def read_verification(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The submitted fields and the errors to show per block (empty when all is well)."""
    errors: dict[str, str] = {}
    summary = _value(values, "summary")
    if not summary:
        errors["summary"] = words.SUMMARY_NEEDED.in_(LANG)
    urls = [line.strip() for line in _value(values, "evidence").splitlines() if line.strip()]
    evidence_error = _evidence_error(urls)
    if evidence_error:
        errors["evidence"] = evidence_error
    errors.update(_control_errors(values, "summary", "evidence", "authority"))
    selected = values.get("checklist", {}).get("checklist", {}).get("selected_options") or []
    if not isinstance(selected, list):
        selected = []
    chosen = (values.get("media", {}).get("media", {}) or {}).get("selected_option") or {}
    media = chosen.get("value") if isinstance(chosen, dict) else None
    if media is not None and media not in set(MediaAuthenticity):
        errors["media"] = words.BAD_MEDIA.in_(LANG)
    fields = {
        "summary": summary[:10000],
        "media_authenticity": media if media in set(MediaAuthenticity) else None,
        "evidence_urls": urls[:30],
        "authority": _value(values, "authority")[:300],
        "checklist": [str(o["value"]) for o in selected if isinstance(o, dict) and "value" in o],
    }
    return fields, errors


def read_reason(values: dict[str, Any]) -> tuple[str, dict[str, str]]:
    reason = _value(values, "reason")
    needed = {"reason": words.REASON_NEEDED.in_(LANG)}
    errors = _control_errors(values, "reason") if reason else needed
    return reason[:2000], errors
