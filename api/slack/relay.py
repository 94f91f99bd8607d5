"""Handing a Slack interaction to its incident's workflow, and answering the user ephemerally.

A signal is accepted by the Temporal server even while no worker runs, so Slack is answered at
once and the decision is applied exactly once when a worker picks it up.
"""

from __future__ import annotations

import asyncio
import logging

from temporalio.service import RPCError, RPCStatusCode

from api.deps import Services
from core.mrkdwn import escape
from workflows.incident import IncidentWorkflow
from workflows.types import SlackAction

log = logging.getLogger(__name__)
_background: set[asyncio.Task[None]] = set()


async def relay(services: Services, incident_id: str, action: SlackAction) -> str | None:
    """None when the workflow has it; otherwise the reason to tell the user."""
    if services.temporal is None:
        return "Tangkal belum terhubung ke mesin alur kerja; coba lagi sebentar."
    handle = services.temporal.get_workflow_handle(incident_id)
    try:
        await handle.signal(IncidentWorkflow.slack_action, action)
    except RPCError as exc:
        if exc.status in (RPCStatusCode.NOT_FOUND, RPCStatusCode.INVALID_ARGUMENT):
            return f"Insiden {incident_id} sudah ditutup atau tidak ditemukan."
        log.warning("slack relay to %s failed: %s", incident_id, exc.status)
        return "Mesin alur kerja tidak menjawab; coba lagi sebentar."
    except Exception as exc:  # Slack must still get its answer
        log.warning("slack relay to %s failed: %s", incident_id, type(exc).__name__)
        return "Mesin alur kerja tidak menjawab; coba lagi sebentar."
    return None


async def open_modal(
    services: Services, trigger_id: str, view: dict[str, object], user: str, channel: str | None
) -> None:
    """`views.open` at once: the trigger expires three seconds after the click."""
    if services.slack is None:
        return
    try:
        await services.slack.views_open(trigger_id=trigger_id, view=view)
    except Exception as exc:
        log.warning("views.open failed: %s", type(exc).__name__)
        tell(services, channel, user, "Formulir tidak dapat dibuka; silakan klik lagi.")


def tell(services: Services, channel: str | None, user: str, text: str) -> None:
    """An ephemeral message (plain text, escaped here for mrkdwn), sent after Slack's answer."""
    slack = services.slack
    if slack is None or not channel:
        log.info("slack ephemeral for %s: %s", user, text)
        return

    async def send() -> None:
        try:
            await slack.chat_postEphemeral(channel=channel, user=user, text=escape(text))
        except Exception as exc:  # the user misses a hint; nothing else depends on it
            log.warning("chat.postEphemeral failed: %s", type(exc).__name__)

    task = asyncio.create_task(send())
    _background.add(task)
    task.add_done_callback(_background.discard)
