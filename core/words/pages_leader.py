"""The leader dashboard, the incident page's risk factors, the admin outbox, the dossier."""

from __future__ import annotations

LEADER_TEXTS: dict[str, tuple[str, str]] = {}
