"""The modals of SPEC §5 and the reading of their submissions."""

from __future__ import annotations

import json
from typing import Any

from core.domain import Verdict
from core.mrkdwn import escape
from core.text_hygiene import control_problem, url_problem
from core.words.labels import label

VERIFICATION_CALLBACK = "tangkal.verification"
DECISION_CALLBACK = "tangkal.decision"
CHECKLIST = (
    ("source_traced", "Sumber asli sudah ditelusuri"),
    ("agency_statement", "Pernyataan instansi berwenang sudah didapat"),
    ("archive_link", "Tautan arsip sudah disimpan"),
)


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


def verification_modal(incident_id: str, verdict: str, channel: str | None) -> dict[str, Any]:
    meta = {"incident_id": incident_id, "verdict": verdict, "channel": channel}
    return {
        "type": "modal",
        "callback_id": VERIFICATION_CALLBACK,
        "private_metadata": json.dumps(meta),
        "title": _text("Verifikasi"),
        "submit": _text("Simpan"),
        "close": _text("Batal"),
        "blocks": [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": f"*{escape(incident_id)}* · putusan: "
                    f"*{escape(label(Verdict, verdict, 'id'))}*",
                },
            },
            _input("summary", "Ringkasan fakta", multiline=True, optional=False),
            _input("evidence", "Tautan bukti (satu per baris)", multiline=True, optional=True),
            _input("authority", "Instansi berwenang", multiline=False, optional=True),
            {
                "type": "input",
                "block_id": "checklist",
                "optional": True,
                "label": _text("Daftar periksa"),
                "element": {
                    "type": "checkboxes",
                    "action_id": "checklist",
                    "options": [
                        {"text": _text(label), "value": value} for value, label in CHECKLIST
                    ],
                },
            },
        ],
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
    title = "Tolak draf" if decision == "reject" else "Minta perubahan"
    return {
        "type": "modal",
        "callback_id": DECISION_CALLBACK,
        "private_metadata": json.dumps(meta),
        "title": _text(title),
        "submit": _text("Kirim"),
        "close": _text("Batal"),
        "blocks": [_input("reason", "Alasan", multiline=True, optional=False)],
    }


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
            return f"Baris {number}: {problem}"
    return None


def read_verification(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The submitted fields and the errors to show per block (empty when all is well)."""
    errors: dict[str, str] = {}
    summary = _value(values, "summary")
    if not summary:
        errors["summary"] = "Ringkasan fakta wajib diisi"
    urls = [line.strip() for line in _value(values, "evidence").splitlines() if line.strip()]
    evidence_error = _evidence_error(urls)
    if evidence_error:
        errors["evidence"] = evidence_error
    errors.update(_control_errors(values, "summary", "evidence", "authority"))
    selected = values.get("checklist", {}).get("checklist", {}).get("selected_options") or []
    if not isinstance(selected, list):
        selected = []
    fields = {
        "summary": summary[:10000],
        "evidence_urls": urls[:30],
        "authority": _value(values, "authority")[:300],
        "checklist": [str(o["value"]) for o in selected if isinstance(o, dict) and "value" in o],
    }
    return fields, errors


def read_reason(values: dict[str, Any]) -> tuple[str, dict[str, str]]:
    reason = _value(values, "reason")
    errors = _control_errors(values, "reason") if reason else {"reason": "Alasan wajib diisi"}
    return reason[:2000], errors
