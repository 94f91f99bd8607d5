"""Incident ids: the one place that mints them and says what one looks like.

An id is `TK-` and ten base32 characters (A to Z, 2 to 7: no 0/O or 1/I to misread when a person
types one into `/tangkal status`). A report made with an Idempotency-Key gets an id derived
from its reporter and key, so two racing retries of one report share one id; every other
report, and every incident a monitor opens, gets a random one.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets

PREFIX = "TK-"
MAX_LENGTH = 32  # the read model's column (`core/tables.py`): no longer id names an incident
DIGITS = 10  # 50 bits: a clash is refused when it is written, never merged
# What may name an incident: `TK-` and capital letters or digits, as many as the column holds
# (wider than what is minted, so that ids written by hand, in tests or fixtures, are found).
PATTERN = re.compile(rf"{PREFIX}[A-Z0-9]{{1,{MAX_LENGTH - len(PREFIX)}}}")


def _encoded(digest: bytes) -> str:
    return PREFIX + base64.b32encode(digest).decode()[:DIGITS]


def random_incident_id() -> str:
    return _encoded(secrets.token_bytes(16))


def derived_incident_id(reporter_id: str, idempotency_key: str) -> str:
    """The same id for the same reporter and Idempotency-Key, whichever request asks first."""
    return _encoded(hashlib.sha256(f"{reporter_id}\0{idempotency_key}".encode()).digest())


def is_incident_id(text: str) -> bool:
    return PATTERN.fullmatch(text) is not None
