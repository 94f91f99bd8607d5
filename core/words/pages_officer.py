"""The officer's workspace: the report form at /lapor, my reports, the draft editor."""

from __future__ import annotations

OFFICER_TEXTS: dict[str, tuple[str, str]] = {}
