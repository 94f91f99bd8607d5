"""Large payloads kept out of the Temporal history, in the read model's database
(`core.payload_store`): an incident's content is not in its history, the history replays from
the database on a process that never saw it, and a blob that is missing or altered stops the
reading with its digest named instead of giving other content."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from temporalio.api.common.v1 import Payload
from temporalio.client import WorkflowHistory
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Replayer

from core.db import make_engine
from core.migrate import migrate
from core.payload_store import THRESHOLD, MissingBlob, converter
from core.payloads import DATA_CONVERTER
from tests.flow import CRITICAL_CLAIM, approved_incident, wait_for
from tests.history_truth import inline_stored, payloads_of
from tests.support import Stack
from workflows.incident import IncidentWorkflow
from workflows.legacy.incident import LegacyIncidentWorkflow

REFERENCE = b"temporal.api.sdk.v1.ExternalStorageReference"


def _contents(history: WorkflowHistory) -> bytes:
    """Every payload's bytes in the history, as the server keeps them."""
    return b"".join(p.data for event in history.events for p in payloads_of(event))


def _blob_rows(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT count(*) FROM payload_blobs"))
            return int(rows.scalar_one())
    finally:
        engine.dispose()


async def test_a_large_value_travels_as_a_reference_and_a_small_one_as_itself(
    own_database: str,
) -> None:
    migrate(own_database)
    engine = make_engine(own_database)
    try:
        large = {"body": "Penjelasan / Faktanya: " + "surat suara masih tersegel. " * 40}
        small = {"stage": "approval"}
        stored_large, stored_small = await converter(engine).encode([large, small])
        assert stored_large.metadata.get("messageType") == REFERENCE
        assert stored_large.ByteSize() < 200 < THRESHOLD  # what the history keeps of it
        assert b"tersegel" not in stored_large.SerializeToString()
        assert stored_small.metadata.get("encoding") == b"json/plain"  # inline, readable anywhere
        # The same content again is the same row.
        again = (await converter(engine).encode([large]))[0]
        assert again.data == stored_large.data
        assert _blob_rows(own_database) == 1

        # Another process (its own engine: nothing in memory) reads it from the database.
        other = make_engine(own_database)
        try:
            assert await converter(other).decode([stored_large, stored_small]) == [large, small]
        finally:
            other.dispose()
    finally:
        engine.dispose()


async def test_a_blob_missing_or_altered_is_named_not_read_as_something_else(
    tmp_path: Any,
) -> None:
    url = f"sqlite:///{tmp_path / 'blobs.db'}"
    migrate(url)
    writer = make_engine(url)
    reference = (await converter(writer).encode(["kabar bohong " * 60]))[0]
    other = Payload(metadata={"encoding": b"json/plain"}, data=b'"lain"')
    with writer.begin() as connection:
        connection.execute(
            sa.text("UPDATE payload_blobs SET data = :data"), {"data": other.SerializeToString()}
        )
    reader = make_engine(url)
    with pytest.raises(MissingBlob, match="holds other bytes than its digest"):
        await converter(reader).decode([reference])
    with writer.begin() as connection:
        connection.execute(sa.text("DELETE FROM payload_blobs"))
    with pytest.raises(MissingBlob, match="is not in the database"):
        await converter(make_engine(url)).decode([reference])
    writer.dispose()
    reader.dispose()


async def test_an_incidents_content_stays_out_of_its_history_and_replays_from_the_database(
    stack: Stack, temporal: WorkflowEnvironment
) -> None:
    # A hoax of its own: on the shared PostgreSQL database another test's open incident with
    # CRITICAL_CLAIM would make this one its duplicate.
    claim = {**CRITICAL_CLAIM, "claim": "Rekaman suara Kapolres Badung menyuruh warga golput"}
    incident_id = await approved_incident(stack.http, stack.keys, claim)
    closed = await wait_for(stack.http, stack.keys.leader, incident_id, stage="closed")
    assert closed["resolution"] == "published"
    history = await temporal.client.get_workflow_handle(incident_id).fetch_history()

    assert "Penjelasan / Faktanya" in closed["draft"]["body"]
    assert b"Penjelasan / Faktanya" not in _contents(history)  # it lives in the database
    writes = [
        e.activity_task_scheduled_event_attributes.input.payloads[0]
        for e in history.events
        if e.activity_task_scheduled_event_attributes.activity_type.name == "write_incident"
    ]
    stored = [w for w in writes if w.metadata.get("messageType") == REFERENCE]
    assert len(stored) >= len(writes) - 1  # the first write (a stage and its clock) is small
    assert all(w.ByteSize() < THRESHOLD for w in writes if w not in stored)
    assert _blob_rows(stack.settings.effective_database_url) >= len(stored)

    # A worker that never ran it (a fresh process after a restart) replays it from the database.
    fresh = make_engine(stack.settings.effective_database_url)
    try:
        replayed = await Replayer(
            workflows=[IncidentWorkflow, LegacyIncidentWorkflow], data_converter=converter(fresh)
        ).replay_workflow(history, raise_on_replay_failure=False)
        assert replayed.replay_failure is None
    finally:
        fresh.dispose()
    # Without the database, the history alone cannot be replayed.
    blind = await Replayer(
        workflows=[IncidentWorkflow, LegacyIncidentWorkflow], data_converter=DATA_CONVERTER
    ).replay_workflow(history, raise_on_replay_failure=False)
    assert "external storage is not configured" in str(blind.replay_failure)
    # With the payloads put back (as tests/make_incident_history.py records one), it does.
    engine = make_engine(stack.settings.effective_database_url)
    try:
        whole = inline_stored(history, engine)
    finally:
        engine.dispose()
    assert b"Penjelasan / Faktanya" in _contents(whole)
    again = await Replayer(
        workflows=[IncidentWorkflow, LegacyIncidentWorkflow], data_converter=DATA_CONVERTER
    ).replay_workflow(whole, raise_on_replay_failure=False)
    assert again.replay_failure is None
