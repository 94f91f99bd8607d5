"""What crosses the Temporal boundary for the daily digest."""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class DigestInput:
    hours: int = 24


@dataclass
class DigestRequest:
    end: datetime
    hours: int = 24


@dataclass
class DigestSummary:
    local_date: str
    opened: int
    published: int
    breaches: int
    still_open: int
    text: str
    open_ids: list[str] = field(default_factory=list)
