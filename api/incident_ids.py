"""An incident id a request names (in its path, or `?incident_id=`) is printable and at most
`MAX_LENGTH` characters (`core/incident_ids.py`, the read model's column); any other names no
incident, and is answered before anything reads the database (PostgreSQL refuses a NUL in any
text it compares: that was a 500).

Looser than `is_incident_id` on purpose: the same filter names an outbox's digest
(`digest-<date>`), and a page's malformed id still sends a visitor to sign in first."""

from __future__ import annotations

from fastapi import Request

from api.problems import Problem
from core.incident_ids import MAX_LENGTH


def _well_formed(incident_id: str) -> bool:
    return len(incident_id) <= MAX_LENGTH and incident_id.isprintable()


def check_incident_id(incident_id: str) -> None:
    if not _well_formed(incident_id):
        shown = incident_id[:MAX_LENGTH].encode("unicode_escape").decode()
        raise Problem(404, f"incident {shown!r} not found", code="not_found")


async def incident_id_named(request: Request) -> None:
    """A router dependency: a path's incident id that cannot exist is a 404, a filter's
    (`?incident_id=`) a 422 naming it."""
    if "incident_id" in request.path_params:
        check_incident_id(request.path_params["incident_id"])
    filtered = request.query_params.get("incident_id")
    if filtered is not None and not _well_formed(filtered):
        raise Problem(
            422,
            "incident_id: at most 32 printable characters",
            code="invalid_request",
            errors=[{"field": "incident_id", "message": "not an incident id"}],
        )
