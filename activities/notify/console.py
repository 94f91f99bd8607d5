"""The console outbox: where notices go when Slack is not configured (logged and stored)."""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from activities.notify.slack_cards import card_text
from activities.types import Notice
from core.db import session_scope
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
    with session_scope(engine) as session:
        if session.get(OutboxMessage, notice.id) is not None:
            return
        session.add(
            OutboxMessage(
                id=notice.id,
                incident_id=notice.incident_id,
                channel=notice.audience,
                text=text,
                at=notice.at,
            )
        )
    log.info("outbox %s: %s", notice.audience, text)
