"""What an incident's workflow recorded, read from its Temporal history alone.

The truth a read model must agree with: the `verify` and `decide` updates the workflow
accepted (their inputs, from the accepted events) and whether each has completed, and how
the workflow ended. Nothing here asks our own code: a payload kept out of the history
(`core.payload_store`) is read from its table by the digest its reference names. An update its
history does not hold never happened. An accepted update is durable, even before it
completes: replayed, the workflow runs its handler again.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from google.protobuf.message import Message
from temporalio.api.common.v1 import Payload
from temporalio.api.sdk.v1.external_storage_pb2 import ExternalStorageReference
from temporalio.client import Client, WorkflowHistory
from temporalio.converter import JSONProtoPayloadConverter
from temporalio.service import RPCError


@dataclass
class Update:
    name: str  # the update's name: verify, decide, …
    actor: str  # who sent it, by name
    arg: dict[str, Any]
    outcome: str = "accepted"  # then "completed", or "failed" (refused by its handler)


@dataclass
class Recorded:
    updates: list[Update] = field(default_factory=list)
    result: str | None = None  # the workflow's result once it has completed

    def holds(self, name: str, actor: str) -> bool:
        """An update by `actor` accepted, and not failed."""
        return any(
            u.name == name and u.actor == actor and u.outcome != "failed" for u in self.updates
        )

    def completed(self, name: str) -> list[Update]:
        return [u for u in self.updates if u.name == name and u.outcome == "completed"]

    @property
    def verdicts(self) -> list[tuple[str, str]]:
        return [(u.actor, u.arg["verdict"]) for u in self.completed("verify")]

    @property
    def decisions(self) -> list[tuple[str, str, str]]:
        return [(u.actor, u.arg["decision"], u.arg["draft_hash"]) for u in self.completed("decide")]

    def approvers(self, draft_hash: str) -> set[str]:
        return {who for who, what, on in self.decisions if what == "approve" and on == draft_hash}


_REFERENCE = ExternalStorageReference.DESCRIPTOR.full_name.encode()


def _stored(payload: Payload, database: sa.Engine) -> Payload:
    """The payload itself, where the history holds a reference to it."""
    if payload.metadata.get("messageType") != _REFERENCE:
        return payload
    reference = JSONProtoPayloadConverter().from_payload(payload, ExternalStorageReference)
    with database.connect() as connection:
        data = connection.execute(
            sa.text("SELECT data FROM payload_blobs WHERE digest = :digest"),
            {"digest": reference.claim_data["d"]},
        ).scalar_one()
    return Payload.FromString(bytes(data))


def payloads_of(message: Message) -> Iterator[Payload]:
    """Every payload inside a proto message (an event and what it holds)."""
    for descriptor, value in message.ListFields():
        if descriptor.message_type is None:
            continue
        if descriptor.message_type.GetOptions().map_entry:
            values = list(value.values())
        elif isinstance(value, Message):
            values = [value]
        else:
            values = list(value)
        for item in values:
            if isinstance(item, Payload):
                yield item
            elif isinstance(item, Message):
                yield from payloads_of(item)


def inline_stored(history: WorkflowHistory, database: sa.Engine) -> WorkflowHistory:
    """`history` with every payload kept out of it put back in: a history to commit
    (tests/histories) replays without the database that held its payloads."""
    for event in history.events:
        for payload in payloads_of(event):
            payload.CopyFrom(_stored(payload, database))
    return history


async def recorded(
    client: Client, incident_id: str, database: sa.Engine, seconds: float = 60
) -> Recorded:
    """The history, read again while the server is down or restarting (bounded); `database`
    holds the payloads kept out of it."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            history = await client.get_workflow_handle(incident_id).fetch_history()
            break
        except RPCError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)

    def decoded(payload: Payload) -> Any:
        return client.data_converter.payload_converter.from_payload(_stored(payload, database))

    accepted: dict[str, Update] = {}
    truth = Recorded()
    for event in history.events:
        if event.HasField("workflow_execution_update_accepted_event_attributes"):
            request = event.workflow_execution_update_accepted_event_attributes.accepted_request
            arg = decoded(request.input.args.payloads[0])
            update = Update(request.input.name, arg["actor"]["name"], arg)
            accepted[request.meta.update_id] = update
            truth.updates.append(update)
        elif event.HasField("workflow_execution_update_completed_event_attributes"):
            completed = event.workflow_execution_update_completed_event_attributes
            success = completed.outcome.HasField("success")
            accepted[completed.meta.update_id].outcome = "completed" if success else "failed"
        elif event.HasField("workflow_execution_completed_event_attributes"):
            result = event.workflow_execution_completed_event_attributes.result.payloads
            truth.result = decoded(result[0])
    return truth
