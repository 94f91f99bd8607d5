"""Large payloads kept out of the Temporal history, in the read model's database (a claim
check, through the SDK's external storage).

An incident's history keeps every payload for as long as the history lives, and most of its
bytes are content the database holds anyway: the read-model writes, the composed draft, the
triage result, the policy's rules. A payload of `THRESHOLD` bytes or more goes into
`payload_blobs` under the SHA-256 of its bytes, and the history carries a reference of about
180 bytes (`ExternalStorageReference`) in its place; a payload smaller than that stays inline.

- **Durable first.** A blob is committed before its reference is handed back to the SDK, so no
  history ever names a blob that is not stored; a database that is down fails the workflow
  task or activity, which Temporal retries.
- **Content-addressed.** The same bytes are one row (every incident's rules are one blob), a
  second store is a no-op, and a retrieved blob is checked against its digest.
- **Never deleted.** A workflow replayed from its start (a worker restarted, its cache evicted)
  reads every blob its history names again, so blobs live as long as histories can be read.
  About 9 KB per incident (docs/deploy.md).
- **Read again cheaply.** What this process stored or read lately is kept in memory (bounded),
  so the worker that scheduled an activity does not read back what it just wrote.

Every Tangkal client (the API, the worker, the CLI) reads and writes through one driver
(`converter`); a client without it (a bare `temporal` CLI) sees the reference, not the
content (docs/deploy.md).
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache

import sqlalchemy as sa
from sqlalchemy import Column, DateTime, Engine, LargeBinary
from sqlmodel import Field, SQLModel
from temporalio.api.common.v1 import Payload
from temporalio.converter import (
    DataConverter,
    ExternalStorage,
    StorageDriver,
    StorageDriverClaim,
    StorageDriverRetrieveContext,
    StorageDriverStoreContext,
)

from core.db import insert_or_skip, table_of
from core.payloads import DATA_CONVERTER

# A payload this large or larger is stored: about twice the reference that replaces it, so a
# stored payload saves at least as much history as its reference costs.
THRESHOLD = 360
CACHE_BYTES = 16 * 1024 * 1024  # what one process keeps of the blobs it stored or read
DRIVER_NAME = "db"  # in every reference: short, and never to change (old histories name it)
_CLAIM_KEY = "d"


class PayloadBlob(SQLModel, table=True):
    """A payload kept out of the history, under the digest its reference names."""

    __tablename__ = "payload_blobs"

    digest: str = Field(primary_key=True, max_length=43)  # SHA-256, base64url, no padding
    size: int
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    stored_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class MissingBlob(RuntimeError):
    """A history names a blob the database does not hold (or holds with other bytes)."""


def digest_of(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


class _Recent:
    """The blobs this process stored or read lately, up to `budget` bytes (least recently
    used out first). Content-addressed, so a kept blob is never stale. Locked, since one
    driver serves every client of its database in the process, whatever loop each runs on."""

    def __init__(self, budget: int) -> None:
        self._budget = budget
        self._held = 0
        self._blobs: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, digest: str) -> bytes | None:
        with self._lock:
            data = self._blobs.get(digest)
            if data is not None:
                self._blobs.move_to_end(digest)
            return data

    def put(self, digest: str, data: bytes) -> None:
        with self._lock:
            if digest in self._blobs or len(data) > self._budget:
                return
            self._blobs[digest] = data
            self._held += len(data)
            while self._held > self._budget:
                _, dropped = self._blobs.popitem(last=False)
                self._held -= len(dropped)


_blobs = table_of(PayloadBlob)
_READ = sa.select(_blobs.c.digest, _blobs.c.data).where(
    _blobs.c.digest.in_(sa.bindparam("digests", expanding=True))
)


class DatabaseStorage(StorageDriver):
    """`payload_blobs` as a Temporal storage driver. The database is reached in a thread: the
    SDK calls the driver on the worker's event loop."""

    def __init__(self, engine: Engine, cache_bytes: int = CACHE_BYTES) -> None:
        self._engine = engine
        self._recent = _Recent(cache_bytes)

    def name(self) -> str:
        return DRIVER_NAME

    async def store(
        self, context: StorageDriverStoreContext, payloads: Sequence[Payload]
    ) -> list[StorageDriverClaim]:
        blobs = [payload.SerializeToString(deterministic=True) for payload in payloads]
        digests = [digest_of(data) for data in blobs]
        new = {
            digest: data
            for digest, data in zip(digests, blobs, strict=True)
            if self._recent.get(digest) is None  # stored or read here before: it is durable
        }
        if new:
            await asyncio.to_thread(self._write, new)
            for digest, data in new.items():
                self._recent.put(digest, data)
        return [StorageDriverClaim(claim_data={_CLAIM_KEY: digest}) for digest in digests]

    async def retrieve(
        self, context: StorageDriverRetrieveContext, claims: Sequence[StorageDriverClaim]
    ) -> list[Payload]:
        digests = [claim.claim_data.get(_CLAIM_KEY, "") for claim in claims]
        found = {digest: data for digest in digests if (data := self._recent.get(digest))}
        wanted = sorted(set(digests) - found.keys())
        if wanted:
            for digest, data in (await asyncio.to_thread(self._read, wanted)).items():
                if digest_of(data) != digest:
                    raise MissingBlob(f"payload blob {digest} holds other bytes than its digest")
                self._recent.put(digest, data)
                found[digest] = data
        missing = [digest for digest in digests if digest not in found]
        if missing:
            raise MissingBlob(f"payload blob {missing[0]} is not in the database")
        return [Payload.FromString(found[digest]) for digest in digests]

    def _write(self, blobs: dict[str, bytes]) -> None:
        now = datetime.now(UTC)
        with self._engine.begin() as connection:
            connection.execute(
                insert_or_skip(connection, PayloadBlob),
                [
                    {"digest": digest, "size": len(data), "data": data, "stored_at": now}
                    for digest, data in blobs.items()
                ],
            )

    def _read(self, digests: list[str]) -> dict[str, bytes]:
        with self._engine.connect() as connection:
            rows = connection.execute(_READ, {"digests": digests}).all()
        return {row.digest: bytes(row.data) for row in rows}


@cache
def converter(engine: Engine) -> DataConverter:
    """Tangkal's payloads (`core.payloads`), the large ones stored in `engine`'s database: one
    driver, and one memory of recent blobs, per database in a process."""
    storage = ExternalStorage(drivers=[DatabaseStorage(engine)], payload_size_threshold=THRESHOLD)
    return dataclasses.replace(DATA_CONVERTER, external_storage=storage)
