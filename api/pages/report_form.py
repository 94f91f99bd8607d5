"""The report form's fields read into the API's own `IncidentCreate`: the same names as
`POST /incidents`, the same checks; what the browser sends differently is said here once
(links one per line, empty choices, a local `datetime-local` moment, CRLF line ends)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from api.media import NOTE_MAX
from api.schemas import IncidentCreate

# In the order the form shows them, so the refused fields are named in that order too.
REPORT_FIELDS = (
    "claim",
    "source_urls",
    "platform",
    "media_type",
    "reach",
    "growth_per_hour",
    "first_seen_at",
    "language",
    "notes",
)
# Languages a claim in a regency office is usually in (the API takes any ISO 639 code).
CLAIM_LANGUAGES = ("id", "en", "jv", "su", "ban")


@dataclass(frozen=True)
class ReadForm:
    """The report, or the fields (by form name) that were refused."""

    body: IncidentCreate | None
    refused: tuple[str, ...]


def one_text(value: str) -> str:
    """A textarea's text as typed: browsers send line ends as CRLF."""
    return value.replace("\r\n", "\n")


def _local_moment(value: str, zone: str) -> datetime | str:
    """A `datetime-local` value (2026-12-03T14:05) in the organisation's zone; what cannot be
    read is passed on as it is, for the schema to refuse under the field's name."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=ZoneInfo(zone))


def report_data(fields: dict[str, str], zone: str) -> dict[str, Any]:
    """The form's fields as `POST /incidents` would have them; an empty field is left out."""
    data: dict[str, Any] = {}
    for name in REPORT_FIELDS:
        value = one_text(fields.get(name, "")).strip()
        if not value and name != "claim":
            continue
        if name == "source_urls":
            data[name] = [line.strip() for line in value.split("\n") if line.strip()]
        elif name == "first_seen_at":
            data[name] = _local_moment(value, zone)
        else:
            data[name] = value
    return data


def read_report(fields: dict[str, str], zone: str) -> ReadForm:
    try:
        return ReadForm(IncidentCreate.model_validate(report_data(fields, zone)), ())
    except ValidationError as exc:
        names = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
        return ReadForm(None, tuple(name for name in REPORT_FIELDS if name in names))


def note_refused(note: str) -> bool:
    """The file's `note` as `POST /incidents/{id}/media` takes it (length, no NUL)."""
    return len(note) > NOTE_MAX or "\x00" in note
