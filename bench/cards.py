"""What a PR team sees in Slack: the buttons on each incident's latest card, per channel.

The benchmark waits for these cards the way people do (they act when the card arrives), so
the driver doesn't poll the API and take CPU from the system it measures.
"""

from __future__ import annotations

import asyncio
from typing import Any

from tests.fakes.slack import FakeSlack
from tests.slack_flow import buttons


class CardWatch:
    def __init__(self, fake: FakeSlack) -> None:
        self._loop = asyncio.get_running_loop()
        self._shown: dict[tuple[str, str], dict[str, str]] = {}  # (channel, incident) -> buttons
        self._changed = asyncio.Condition()
        fake.listeners.append(self._seen)

    def _seen(self, message: dict[str, Any]) -> None:  # in the fake Slack's thread
        found = buttons(message)
        if found:
            incident_id = next(iter(found.values())).split("|")[0]
            key = (str(message["channel"]), incident_id)
            self._loop.call_soon_threadsafe(self._show, key, found)

    def _show(self, key: tuple[str, str], found: dict[str, str]) -> None:
        self._shown[key] = found

        async def wake() -> None:
            async with self._changed:
                self._changed.notify_all()

        self._loop.create_task(wake())

    async def button(
        self, channel: str, incident_id: str, action_id: str, timeout: float = 300
    ) -> str:
        """The value of `action_id` on the incident's card, once the card shows it."""

        def shown() -> bool:
            return action_id in self._shown.get((channel, incident_id), {})

        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(shown)
        return self._shown[(channel, incident_id)][action_id]
