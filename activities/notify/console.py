"""The console outbox: where notices go when Slack is not configured (logged and stored)."""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from activities.notify.slack_cards import card_text
from activities.types import Notice
from core.db import insert_or_skip
from core.tables import OutboxMessage

log = logging.getLogger("tangkal.outbox")


def render(notice: Notice) -> str:
    if notice.card is not None:
        return card_text(notice.card)
    label = {
        "reminder": "PENGINGAT",
        "escalation": "ESKALASI",
        "announce": "PENGUMUMAN",
        "digest": "RINGKASAN HARIAN",
        "ephemeral": f"untuk {notice.user}",
    }.get(notice.kind)
    return f"[{notice.incident_id}] " + (f"{label}: " if label else "") + notice.text


def write_to_outbox(engine: Engine, notice: Notice) -> None:
    text = render(notice)
    row = {
        "id": notice.id,
        "incident_id": notice.incident_id,
        "channel": notice.audience,
        "text": text,
        "at": notice.at,
    }
    with engine.begin() as conn:
        if conn.execute(insert_or_skip(conn, OutboxMessage), row).rowcount == 0:
            return  # a retry: the notice is in the outbox already
    log.info("outbox %s: %s", notice.audience, text)
