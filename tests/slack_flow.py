"""Driving Tangkal the way Slack does: signed commands, clicks and modal submissions."""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from tests.fakes.slack import FakeSlack, block_action, signed, text_value, view_submission
from tests.support import SLACK_SIGNING_SECRET, Stack

VERIFY_CHANNEL, APPROVE_CHANNEL, ANNOUNCE_CHANNEL = "C0VERIFY", "C0APPROVE", "C0ANNOUNCE"
_ticks = itertools.count(1)


async def until(condition: Callable[[], object], what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


class SlackDriver:
    def __init__(self, stack: Stack, fake: FakeSlack) -> None:
        self.stack, self.fake = stack, fake

    async def send(
        self, path: str, form: dict[str, str], *, at: int | None = None, timeout: float = 30
    ) -> httpx.Response:
        body, headers = signed(SLACK_SIGNING_SECRET, form, at=at)
        return await self.stack.http.post(path, content=body, headers=headers, timeout=timeout)

    async def command(self, user: str, text: str) -> dict[str, Any]:
        form = {
            "command": "/tangkal",
            "text": text,
            "user_id": user,
            "user_name": user,
            "channel_id": VERIFY_CHANNEL,
            "trigger_id": f"cmd-{uuid.uuid4().hex}",
        }
        response = await self.send("/slack/commands", form)
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    async def click(
        self, user: str, action_id: str, value: str, channel: str, timeout: float = 30
    ) -> httpx.Response:
        form = block_action(
            user, action_id, value, channel=channel, action_ts=f"{time.time():.6f}{next(_ticks)}"
        )
        response = await self.send("/slack/interactions", form, timeout=timeout)
        assert response.status_code == 200, response.text
        return response

    async def submit(
        self, user: str, view: dict[str, Any], values: dict[str, Any]
    ) -> httpx.Response:
        form = view_submission(user, view, values, view_id=f"V{next(_ticks)}")
        response = await self.send("/slack/interactions", form)
        assert response.status_code == 200, response.text
        return response

    def card(self, channel: str, incident_id: str) -> dict[str, Any]:
        for message in reversed(self.fake.in_channel(channel)):
            if message.get("blocks") and incident_id in str(message["blocks"]):
                found: dict[str, Any] = message
                return found
        raise AssertionError(f"no card for {incident_id} in {channel}")

    def has_card(self, channel: str, incident_id: str) -> bool:
        try:
            self.card(channel, incident_id)
        except AssertionError:
            return False
        return True

    def opened_view(self) -> dict[str, Any]:
        view: dict[str, Any] = self.fake.called("views.open")[-1]["view"]
        return view

    async def verify(self, user: str, incident_id: str, verdict: str = "false") -> None:
        await self.click(user, f"tangkal.verdict.{verdict}", incident_id, VERIFY_CHANNEL)
        values = {
            **text_value("summary", "KPU: surat suara masih tersegel di gudang."),
            **text_value("evidence", "https://kpu-badungkab.go.id/siaran-pers/12"),
            **text_value("authority", "KPU Kabupaten Badung"),
            "checklist": {
                "checklist": {
                    "type": "checkboxes",
                    "selected_options": [{"value": "source_traced"}, {"value": "agency_statement"}],
                }
            },
        }
        answer = await self.submit(user, self.opened_view(), values)
        assert answer.content in (b"", b"null"), answer.text


def buttons(message: dict[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for block in message.get("blocks") or []:
        for element in block.get("elements", []):
            if element.get("type") == "button":
                found[element["action_id"]] = element["value"]
    return found
