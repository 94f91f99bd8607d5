"""The console outbox: where notices go when Slack is not configured (logged and stored)."""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from activities.notify.slack_cards import card_text
from activities.types import Notice
from core.db import insert_or_skip
from core.tables import OutboxMessage
from core.words.notices import notice_line

log = logging.getLogger("tangkal.outbox")


def render(notice: Notice, lang: str) -> str:
    if notice.card is not None:
        return card_text(notice.card, lang)
    return f"[{notice.incident_id}] " + notice_line(notice.kind, notice.text, notice.user, lang)


def write_to_outbox(engine: Engine, notice: Notice, lang: str) -> None:
    text = render(notice, lang)
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
