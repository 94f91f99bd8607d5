"""The daily digest's words (leadership reads it in Slack or the console outbox)."""

from __future__ import annotations

from core.words import Words

W = Words

HEADING = W(
    "Ringkasan harian {organization} — {at} ({hours} jam terakhir)",
    "Daily digest of {organization} — {at} (last {hours} hours)",
)
COUNTS = W(
    "Dibuka: {opened} · Dipublikasikan: {published} · SLA terlampaui: {breaches} "
    "· Masih terbuka: {open}",
    "Opened: {opened} · Published: {published} · SLA breaches: {breaches} · Still open: {open}",
)
OPEN_LINE = W("• {id} [{severity}] {stage}: {claim}", "• {id} [{severity}] {stage}: {claim}")
MORE = W("… dan {count} lainnya", "… and {count} more")
