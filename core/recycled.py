"""What a recycled hoax's klarifikasi ("HLBK") takes from the earlier one: its explanation, its
title and link for Rujukan, and when it was published.

The earlier text is either a klarifikasi Tangkal composed (its "Penjelasan / Faktanya" section
is taken) or an imported one (a ClaimReview's review text, or a CSV row's body, whose own
headings and links are left out). Either way it is the officer's starting point, not a
verbatim republication: the new narasi, summary, issuer and date come from this incident.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from core.claim_excerpts import fit, quoted

EXPLANATION_MAX = 1500

_EXPLANATION_HEADINGS = ("penjelasan / faktanya:", "explanation / the facts:")
_INLINE_HEADINGS = ("penjelasan:", "faktanya:", "fakta:", "explanation:", "the facts:")
# Sections after the explanation, and what an imported body carries besides it.
_OTHER_SECTIONS = (
    "sumber resmi:",
    "authoritative source:",
    "kesimpulan:",
    "conclusion:",
    "rujukan:",
    "references:",
    "diterbitkan oleh",
    "issued by",
    "klarifikasi serupa",
    "a similar clarification",
    "klaim:",
    "penilaian:",
    "claim:",
    "rating:",
)


@dataclass(frozen=True)
class Earlier:
    """The archived klarifikasi a claim recycles."""

    title: str
    body: str
    url: str | None = None
    published_on: date | None = None


def published_on(text: str | None, timezone: str) -> date | None:
    """The day an archive match's `published_at` falls on in the organisation's time zone (an
    ISO timestamp; a bare date, from incidents triaged before, is taken as it is)."""
    try:
        moment = datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    if moment is None or moment.tzinfo is None:
        return moment.date() if moment else None
    return moment.astimezone(ZoneInfo(timezone)).date()


def explanation(earlier: Earlier) -> str:
    """The earlier explanation, at most `EXPLANATION_MAX` characters; "" when it has none."""
    lines = [line.strip() for line in earlier.body.splitlines()]
    taken = _section(lines)
    if taken is None:
        taken = [
            line
            for line in lines
            if line != earlier.title.strip()
            and not line.startswith("[")  # a title: "[HOAKS] …"
            and not line.lower().startswith(_OTHER_SECTIONS)
        ]
    paragraphs = "\n".join(taken).strip()
    if len(paragraphs) <= EXPLANATION_MAX:
        return paragraphs
    return quoted(paragraphs, EXPLANATION_MAX)


def _section(lines: list[str]) -> list[str] | None:
    """The lines of the explanation section, if the text has one."""
    for at, line in enumerate(lines):
        lowered = line.lower()
        if lowered in _EXPLANATION_HEADINGS:
            start, taken = at + 1, []
        elif lowered.startswith(_INLINE_HEADINGS):
            start, taken = at + 1, [line.partition(":")[2].strip()]
        else:
            continue
        for following in lines[start:]:
            if following.lower().startswith(_OTHER_SECTIONS):
                break
            taken.append(following)
        return taken
    return None


def title_of(earlier: Earlier) -> str:
    return fit(earlier.title, 100)
